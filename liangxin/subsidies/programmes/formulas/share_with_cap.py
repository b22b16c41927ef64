"""按金额比例并按企业封顶: a share of an invoiced cost with a cap per applicant (技改 equipment-purchase
subsidy)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from liangxin.core.display import plain
from liangxin.subsidies.programmes.rules import (
    FORMULAS,
    Amount,
    FormField,
    Formula,
    Grant,
    Percent,
    RuleError,
    RulesBlock,
    in_yuan,
    money_in,
    yuan,
)


@FORMULAS.add
@dataclass(frozen=True)
class ShareWithCap(Formula):
    code = "share_with_cap"
    label = "按金额比例并按企业封顶"
    words = "按设备购置金额（不含税）给予一定比例的补贴，单个企业封顶"
    kinds = ("equipment",)
    labels = {"rate": "补贴比例（%）", "cap_per_applicant": "单个企业补贴上限（元）"}
    form = (
        FormField("rules.rate", "补贴比例（占设备购置金额的 %）"),
        FormField("rules.cap_per_applicant", "单个企业补贴上限（元）"),
    )
    capped_per_applicant = True

    class Rules(RulesBlock):
        rate: Percent
        cap_per_applicant: Amount

    rate: Decimal
    cap_per_applicant: Decimal

    @classmethod
    def from_data(cls, data: Mapping) -> "ShareWithCap":
        return cls(Decimal(str(data["rate"])), money_in(data, "cap_per_applicant"))

    def grant(self, *, cost: Decimal, already_granted: Decimal = Decimal(0)) -> Grant:
        if cost <= 0:
            raise RuleError("设备购置金额应大于 0")
        raw = yuan(cost * self.rate / 100)
        room = max(self.cap_per_applicant - already_granted, Decimal(0))
        amount = min(raw, room)
        note = "，已达到单个企业上限" if raw > room else ""
        return Grant(amount, f"按设备购置金额 {cost} 元的 {self.rate}% 计 {raw} 元{note}")

    def amount(self, fields: Mapping) -> Grant:
        return self.grant(cost=fields["price"])  # what the enterprise already has counts when saved

    def within_cap(self, application, already: Decimal) -> tuple[Grant, str]:
        result = self.grant(cost=application.price, already_granted=already)
        if result.amount >= yuan(application.price * self.rate / 100):
            return result, ""
        return result, (
            f"该企业在本项目中已申请补贴 {already} 元（含审核中），单个企业上限 "
            f"{self.cap_per_applicant} 元，本次按剩余额度 {result.amount} 元计"
        )

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("补贴比例", f"设备购置金额的 {plain(self.rate)}%"),
            ("单个企业上限", in_yuan(self.cap_per_applicant)),
        ]
