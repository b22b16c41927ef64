"""按机具类型封顶: farm machinery scrapping, a share of the machine's purchase subsidy capped by machine
type."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import Field

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
    yuan,
)


@FORMULAS.add
@dataclass(frozen=True)
class CappedByType(Formula):
    code = "capped_by_type"
    label = "按机具类型封顶"
    words = "按原购置补贴额给予一定比例的报废补贴，按机具类型封顶"
    kinds = ("farm_machinery",)
    named = {"caps": "机具类型"}
    labels = {"rate": "补贴比例（%）", "caps": "机具类型补贴上限（元）"}
    form = (
        FormField("rules.rate", "补贴比例（占原购置补贴额的 %）"),
        FormField("rules.caps", "机具类型与补贴上限（元）", "pairs", "每行一项，如“拖拉机：20000”"),
    )

    class Rules(RulesBlock):
        rate: Percent
        caps: Annotated[dict[str, Amount], Field(min_length=1)]

    rate: Decimal
    caps: dict[str, Decimal]

    @classmethod
    def from_data(cls, data: Mapping) -> "CappedByType":
        return cls(Decimal(str(data["rate"])), {k: yuan(Decimal(str(v))) for k, v in data["caps"].items()})

    def grant(self, *, machine_type: str, base: Decimal) -> Grant:
        if machine_type not in self.caps:
            raise RuleError(f"机具类型“{machine_type}”不在报废补贴范围内")
        if base <= 0:
            raise RuleError("购置补贴额应大于 0")
        raw = yuan(base * self.rate / 100)
        amount = min(raw, self.caps[machine_type])
        return Grant(
            amount,
            f"按购置补贴 {base} 元的 {self.rate}% 计 {raw} 元，{machine_type}上限 {self.caps[machine_type]} 元",
        )

    def amount(self, fields: Mapping) -> Grant:
        return self.grant(machine_type=fields["machine_type"], base=fields["machine_subsidy"])

    def field_problems(self, fields: Mapping) -> list[tuple[str, str]]:
        machine = fields["machine_type"]
        if machine and machine not in self.caps:
            return [("machine_type", f"“{machine}”不在报废补贴范围内（{'、'.join(self.caps)}）")]
        return []

    def choices(self) -> dict[str, list[str]]:
        return {"machine_type": list(self.caps)}

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("补贴比例", f"原购置补贴额的 {plain(self.rate)}%"),
            ("机具类型上限", "；".join(f"{t} {in_yuan(c)}" for t, c in self.caps.items())),
        ]
