"""按车型定额: a fixed sum by vehicle type (car scrap-and-replace: new-energy 20,000 元, fuel ≤ 2.0 L
15,000 元)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from liangxin.subsidies.programmes.rules import (
    FORMULAS,
    Amount,
    FormField,
    Formula,
    Grant,
    RuleError,
    RulesBlock,
    in_yuan,
    yuan,
)


@FORMULAS.add
@dataclass(frozen=True)
class FixedByType(Formula):
    code = "fixed_by_type"
    label = "按车型定额"
    words = "按车辆类型给予定额补贴"
    kinds = ("car_scrap", "car_replace")
    named = {"amounts": "车辆类型"}
    labels = {"amounts": "补贴定额（元）"}
    form = (
        FormField("rules.amounts", "车辆类型与补贴定额（元）", "pairs", "每行一项，如“新能源乘用车：20000”"),
    )

    class Rules(RulesBlock):
        amounts: Annotated[dict[str, Amount], Field(min_length=1)]

    amounts: dict[str, Decimal]

    @classmethod
    def from_data(cls, data: Mapping) -> "FixedByType":
        return cls({k: yuan(Decimal(str(v))) for k, v in data["amounts"].items()})

    def grant(self, *, vehicle_type: str) -> Grant:
        if vehicle_type not in self.amounts:
            raise RuleError(f"车辆类型“{vehicle_type}”不在补贴范围内（可选：{'、'.join(self.amounts)}）")
        return Grant(self.amounts[vehicle_type], f"{vehicle_type}按定额 {self.amounts[vehicle_type]} 元")

    def amount(self, fields: Mapping) -> Grant:
        return self.grant(vehicle_type=fields["vehicle_type"])

    def choices(self) -> dict[str, list[str]]:
        return {"vehicle_type": list(self.amounts)}

    def describe(self) -> list[tuple[str, str]]:
        return [("补贴定额", "；".join(f"{t} {in_yuan(a)}" for t, a in self.amounts.items()))]
