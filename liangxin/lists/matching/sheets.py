"""The 对接 list as Excel: one row a match, with the demand, the supply entry, the state and the contract."""

from django.utils import timezone

from liangxin.core import excel
from liangxin.lists.matching.codes import MATCH_STATES

HEADERS = [
    "需求",
    "需求单位",
    "产品",
    "供给企业",
    "产品类别",
    "对接状态",
    "签约金额（万元）",
    "签约日期",
    "说明",
    "更新时间",
]


def export(matches) -> bytes:
    rows = (
        [
            m.demand.subject,
            m.demand.unit.name if m.demand.unit_id else "全区",
            m.supply.product,
            m.supply.unit.name,
            m.supply.category.name,
            MATCH_STATES.label(m.state),
            m.value,
            m.signed_on,
            m.note,
            timezone.localtime(m.updated_at).replace(tzinfo=None),
        ]
        for m in matches.iterator(chunk_size=2000)
    )
    workbook = excel.new_workbook(write_only=True)
    excel.add_sheet(workbook, "供需对接", HEADERS, rows)
    return excel.to_bytes(workbook)
