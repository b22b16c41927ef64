"""Who is paid (结算对象), per programme: the decision, written down once.

- 拨付申请人 (applicant): the subsidy goes to the applicant's own account, given on the application
  (汽车报废更新, 汽车置换更新, 技改设备购置, 农机报废更新). The bank file has one row per application:
  the applicant's name, ID number or credit code, bank and account.
- 与销售商户结算 (retailer): the consumer was given the subsidy off the price at the till (家电以旧换新),
  so the retailer is repaid. The bank file has one row per retailer, its applications added up, with the
  retailer's own name, credit code, bank and account from the programme's 销售商户收款账户 (the programme
  file's `retailers`). A batch naming a retailer without an account there is refused, naming it.

A programme's file may say `settlement:`; otherwise it follows its kind (SETTLEMENT_BY_KIND).
"""

from dataclasses import dataclass

from liangxin.core.codes import Registry
from liangxin.subsidies.models import Programme

K = Programme.Kind
APPLICANT, RETAILER = Programme.Settlement.APPLICANT, Programme.Settlement.RETAILER


@dataclass(frozen=True)
class Settlement:
    code: str
    label: str
    payee: str  # who is named on a bank file row


SETTLEMENTS: Registry[Settlement] = Registry("结算对象")
SETTLEMENTS.add(Settlement(APPLICANT, "拨付申请人", "申请人（本人账户，逐笔拨付）"))
SETTLEMENTS.add(Settlement(RETAILER, "与销售商户结算", "销售商户（按商户汇总，拨付商户对公账户）"))

SETTLEMENT_BY_KIND = {
    K.APPLIANCE: RETAILER,
    K.CAR_SCRAP: APPLICANT,
    K.CAR_REPLACE: APPLICANT,
    K.EQUIPMENT: APPLICANT,
    K.FARM_MACHINERY: APPLICANT,
}


def retailer_accounts(programme: Programme) -> dict[str, dict]:
    """The programme's retailers with a bank and an account, by the name applications give."""
    return {
        r["name"]: r
        for r in programme.retailers or []
        if isinstance(r, dict) and r.get("name") and r.get("bank") and r.get("account")
    }
