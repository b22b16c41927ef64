"""按能效等级比例并封顶: a share of the price by efficiency grade, capped per item (the national appliance
trade-in)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from liangxin.core.display import plain
from liangxin.subsidies.programmes.rules import (
    FORMULAS,
    Amount,
    Count,
    FormField,
    Formula,
    Grant,
    Label,
    Percent,
    RuleError,
    RulesBlock,
    grade,
    in_yuan,
    money_in,
    yuan,
)

GRADES = ("1", "2", "3", "4", "5")


@FORMULAS.add
@dataclass(frozen=True)
class ShareByGrade(Formula):
    code = "share_by_grade"
    label = "按能效等级比例并封顶"
    words = "按能效（水效）等级给予成交价格一定比例的补贴，每件封顶"
    kinds = ("appliance",)
    named = {"rates": "等级", "per_person_overrides": "品类"}
    labels = {
        "rates": "补贴比例（%）",
        "cap_per_item": "每件补贴上限（元）",
        "categories": "补贴品类",
        "per_person_per_category": "每人每个品类限购件数",
        "per_person_overrides": "个别品类限购件数",
        "price_ceiling": "成交价格上限（元）",
    }
    form = (
        FormField(
            "rules.rates",
            "补贴比例",
            help="补贴比例留空的等级不予补贴。",
            entries=tuple((f"{g}级", f"{g}级产品补贴比例（%）") for g in GRADES),
        ),
        FormField("rules.cap_per_item", "每件补贴上限（元）"),
        FormField("rules.categories", "补贴品类", "list", "每行一个品类，也可用顿号分隔"),
        FormField("rules.per_person_per_category", "每人每个品类限购件数", help="留空按 1 件"),
        FormField(
            "rules.per_person_overrides",
            "个别品类限购件数",
            "pairs",
            "每行一项，如“空调：3”；留空表示没有例外",
            optional=True,
        ),
        FormField("rules.price_ceiling", "成交价格上限（元）", help="超过的申请标记待核查；留空表示不设上限"),
    )

    class Rules(RulesBlock):
        rates: Annotated[dict[str, Percent], Field(min_length=1)]
        cap_per_item: Amount
        categories: Annotated[list[Label], Field(min_length=1)]
        per_person_per_category: Count = 1
        per_person_overrides: dict[str, Count] = {}
        price_ceiling: Amount | None = None

    rates: dict[str, Decimal]  # grade → percent of the price
    cap_per_item: Decimal
    categories: tuple[str, ...]
    per_person_per_category: int = 1
    per_person_overrides: dict[str, int] = field(default_factory=dict)
    price_ceiling: Decimal | None = None

    @classmethod
    def from_data(cls, data: Mapping) -> "ShareByGrade":
        return cls(
            rates={grade(k): Decimal(str(v)) for k, v in data["rates"].items()},
            cap_per_item=money_in(data, "cap_per_item"),
            categories=tuple(data["categories"]),
            per_person_per_category=int(data.get("per_person_per_category", 1)),
            per_person_overrides={k: int(v) for k, v in (data.get("per_person_overrides") or {}).items()},
            price_ceiling=money_in(data, "price_ceiling") if data.get("price_ceiling") else None,
        )

    @classmethod
    def problems(cls, parsed) -> list[tuple[str, str]]:
        found, seen = [], {}
        for key in parsed.rates:
            try:
                level = grade(key)
            except RuleError as exc:
                found.append((f"rates.{key}", str(exc)))
                continue
            if level in seen:
                found.append((f"rates.{key}", f"与“{seen[level]}”是同一等级"))
            seen.setdefault(level, key)
        for i, category in enumerate(parsed.categories):
            if category in parsed.categories[:i]:
                found.append((f"categories[{i}]", f"品类“{category}”重复列出"))
        for category in parsed.per_person_overrides:
            if category not in parsed.categories:
                found.append((f"per_person_overrides.{category}", f"品类“{category}”不在补贴品类中"))
        return found

    @classmethod
    def entry_name(cls, parameter: str, written: str) -> str:
        return f"{grade(written)}级" if parameter == "rates" else written

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

    def amount(self, fields: Mapping) -> Grant:
        flags = ()
        if self.price_ceiling is not None and fields["price"] > self.price_ceiling:
            flags = (
                ("PRICE_CEILING", f"成交价格 {fields['price']} 元超过本项目上限 {self.price_ceiling} 元"),
            )
        result = self.grant(category=fields["category"], grade_value=fields["grade"], price=fields["price"])
        return Grant(result.amount, result.explanation, flags) if flags else result

    def field_problems(self, fields: Mapping) -> list[tuple[str, str]]:
        if fields["category"] and fields["category"] not in self.categories:
            return [("category", f"“{fields['category']}”不是本项目的补贴品类")]
        return []

    def choices(self) -> dict[str, list[str]]:
        return {"category": list(self.categories), "grade": [f"{g}级" for g in sorted(self.rates)]}

    def describe(self) -> list[tuple[str, str]]:
        limits = f"每人每个品类 {self.per_person_per_category} 件"
        if self.per_person_overrides:
            limits += "；" + "、".join(f"{c} {n} 件" for c, n in self.per_person_overrides.items())
        ceiling = self.price_ceiling
        return [
            (
                "补贴比例",
                "；".join(f"{g}级产品按成交价格的 {plain(r)}%" for g, r in sorted(self.rates.items()))
                + "；其他等级不予补贴",
            ),
            ("每件补贴上限", in_yuan(self.cap_per_item)),
            ("补贴品类", "、".join(self.categories)),
            ("限购件数", limits),
            ("成交价格上限", f"{in_yuan(ceiling)}（超过的申请标记待核查）" if ceiling else "不设上限"),
        ]
