"""Programme rules as data and the amount they grant: plain functions over Decimal 元, rounded half-up
to the cent, never negative, never above a cap. A programme's YAML `rules` block is one of these."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
GRADE_WORDS = {
    "1": "1",
    "1级": "1",
    "一级": "1",
    "2": "2",
    "2级": "2",
    "二级": "2",
    "3": "3",
    "3级": "3",
    "三级": "3",
    "4": "4",
    "4级": "4",
    "四级": "4",
    "5": "5",
    "5级": "5",
    "五级": "5",
}


class RuleError(ValueError):
    pass


def yuan(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def grade(value) -> str:
    """Energy or water efficiency grade written 1, 1级 or 一级 (or a number cell 1.0)."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text not in GRADE_WORDS:
        raise RuleError(f"能效（水效）等级“{value}”无法识别，应为 1级、2级 等")
    return GRADE_WORDS[text]


@dataclass(frozen=True)
class Grant:
    amount: Decimal
    explanation: str


@dataclass(frozen=True)
class ShareByGrade:
    """A share of the price by efficiency grade, capped per item (the national appliance trade-in)."""

    rates: dict[str, Decimal]  # grade → percent of the price
    cap_per_item: Decimal
    categories: tuple[str, ...]
    per_person_per_category: int = 1
    per_person_overrides: dict[str, int] = field(default_factory=dict)
    price_ceiling: Decimal | None = None

    def limit_for(self, category: str) -> int:
        return self.per_person_overrides.get(category, self.per_person_per_category)

    def grant(self, *, category: str, grade_value, price: Decimal) -> Grant:
        if category not in self.categories:
            raise RuleError(f"品类“{category}”不在本项目补贴范围内")
        level = grade(grade_value)
        if level not in self.rates:
            raise RuleError(f"{level}级能效（水效）产品不在补贴范围内")
        if price <= 0:
            raise RuleError("成交价格应大于 0")
        rate = self.rates[level]
        raw = yuan(price * rate / 100)
        amount = min(raw, self.cap_per_item)
        capped = "，已按单件上限封顶" if raw > self.cap_per_item else ""
        return Grant(amount, f"{level}级产品按成交价 {price} 元的 {rate}% 计 {raw} 元{capped}")


@dataclass(frozen=True)
class FixedByType:
    """A fixed sum by type (car scrap-and-replace: new-energy 20,000 元, fuel ≤ 2.0 L 15,000 元)."""

    amounts: dict[str, Decimal]

    def grant(self, *, vehicle_type: str) -> Grant:
        if vehicle_type not in self.amounts:
            raise RuleError(f"车辆类型“{vehicle_type}”不在补贴范围内（可选：{'、'.join(self.amounts)}）")
        return Grant(self.amounts[vehicle_type], f"{vehicle_type}按定额 {self.amounts[vehicle_type]} 元")


@dataclass(frozen=True)
class ShareWithCap:
    """A share of an invoiced cost with a cap per applicant (技改 equipment-purchase subsidy)."""

    rate: Decimal
    cap_per_applicant: Decimal

    def grant(self, *, cost: Decimal, already_granted: Decimal = Decimal(0)) -> Grant:
        if cost <= 0:
            raise RuleError("设备购置金额应大于 0")
        raw = yuan(cost * self.rate / 100)
        room = max(self.cap_per_applicant - already_granted, Decimal(0))
        amount = min(raw, room)
        note = "，已达到单个企业上限" if raw > room else ""
        return Grant(amount, f"按设备购置金额 {cost} 元的 {self.rate}% 计 {raw} 元{note}")


@dataclass(frozen=True)
class CappedByType:
    """Farm machinery scrapping: a share of the machine's purchase subsidy, capped by machine type."""

    rate: Decimal
    caps: dict[str, Decimal]

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


def _money(data, key) -> Decimal:
    try:
        return yuan(Decimal(str(data[key])))
    except KeyError as exc:
        raise RuleError(f"规则缺少 {key}") from exc


def from_data(data: dict):
    """Build a rule from a programme file's `rules` block."""
    formula = data.get("formula")
    if formula == "share_by_grade":
        return ShareByGrade(
            rates={grade(k): Decimal(str(v)) for k, v in data["rates"].items()},
            cap_per_item=_money(data, "cap_per_item"),
            categories=tuple(data["categories"]),
            per_person_per_category=int(data.get("per_person_per_category", 1)),
            per_person_overrides={k: int(v) for k, v in (data.get("per_person_overrides") or {}).items()},
            price_ceiling=_money(data, "price_ceiling") if data.get("price_ceiling") else None,
        )
    if formula == "fixed_by_type":
        return FixedByType({k: yuan(Decimal(str(v))) for k, v in data["amounts"].items()})
    if formula == "share_with_cap":
        return ShareWithCap(Decimal(str(data["rate"])), _money(data, "cap_per_applicant"))
    if formula == "capped_by_type":
        return CappedByType(
            Decimal(str(data["rate"])), {k: yuan(Decimal(str(v))) for k, v in data["caps"].items()}
        )
    raise RuleError(
        f"未知的补贴公式：{formula}（可选 share_by_grade、fixed_by_type、share_with_cap、capped_by_type）"
    )
