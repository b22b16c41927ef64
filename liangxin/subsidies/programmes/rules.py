"""Programme rules: what every subsidy formula shares, and the one registry that finds a formula by its code.

A formula is one class (in `formulas/`, a module each) and an instance of it is one programme's rules. The
class owns all that differs between formulas: its code and Chinese name, the schema of its `rules:` block
in the programme file and the checks beyond the schema, the amount with its explanation, the programme
edit form's fields, what it asks of an application's fields, its rules in words for the programme page,
and the cap per applicant where it has one. Amounts are Decimal 元, rounded half-up to the cent, never
negative, never above a cap. A new formula is a new class registered with `@FORMULAS.add`."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from liangxin.core.codes import Registry
from liangxin.core.display import money
from liangxin.core.errors import Invalid

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


class RuleError(Invalid):
    pass


def yuan(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def in_yuan(value) -> str:
    """An amount in words for the programme page: 2,000 元."""
    return f"{money(value)} 元"


def grade(value) -> str:
    """Energy or water efficiency grade written 1, 1级 or 一级 (or a number cell 1.0)."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text not in GRADE_WORDS:
        raise RuleError(f"能效（水效）等级“{value}”无法识别，应为 1级、2级 等")
    return GRADE_WORDS[text]


def money_in(data: Mapping, key: str) -> Decimal:
    try:
        return yuan(Decimal(str(data[key])))
    except KeyError as exc:
        raise RuleError(f"规则缺少 {key}") from exc


@dataclass(frozen=True)
class Grant:
    amount: Decimal
    explanation: str
    flags: tuple[tuple[str, str], ...] = ()  # (code, message): granted, and for a person to look at


# --- the building blocks of each formula's schema of the `rules:` block ---------------------------------


class RulesBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    formula: str  # the formula's class was found by it


Percent = Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)]
Amount = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1, le=1000)]
Label = Annotated[str, Field(min_length=1, max_length=40)]  # as long as Application.category and friends


@dataclass(frozen=True)
class FormField:
    """One field of the programme edit form. `key` is the path the validation names its problems by
    (rules.cap_per_item); `kind` is number, text, date, list (an item a line) or pairs (名称：数值 a line).
    A mapping edited one entry a field (rates by grade) has `entries`, each (entry, its field's label):
    the field's own problems (none given at all) are shown with `label`, and `help` below the entries."""

    key: str
    label: str
    kind: str = "number"
    help: str = ""
    optional: bool = False  # pairs left empty remove the parameter rather than send it empty
    entries: tuple[tuple[str, str], ...] = ()


class Formula(ABC):
    code: ClassVar[str]
    label: ClassVar[str]  # its Chinese name
    words: ClassVar[str]  # how it grants, in a sentence, for the programme page
    kinds: ClassVar[tuple[str, ...]]  # the programme kinds it serves (their application fields it reads)
    Rules: ClassVar[type[RulesBlock]]
    named: ClassVar[dict[str, str]] = {}  # mappings keyed by names (amounts by vehicle type) → what is named
    labels: ClassVar[dict[str, str]] = {}  # each parameter's Chinese name, for an edit's problems
    form: ClassVar[tuple[FormField, ...]] = ()
    capped_per_applicant: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def from_data(cls, data: Mapping) -> "Formula":
        """The rules of a programme's stored (or written) `rules` block."""

    @classmethod
    def problems(cls, parsed: RulesBlock) -> list[tuple[str, str]]:
        """What the schema cannot see, as (path under rules, message)."""
        return []

    @classmethod
    def entry_name(cls, parameter: str, written: str) -> str:
        """An entry's name in the edit form, however the file wrote it (rates: 一级 → 1级)."""
        return written

    @abstractmethod
    def amount(self, fields: Mapping) -> Grant:
        """The amount for an application's checked fields; RuleError when it is not eligible."""

    @abstractmethod
    def describe(self) -> list[tuple[str, str]]:
        """The parameters in Chinese, one (label, text) each, for the programme page and the API."""

    def field_problems(self, fields: Mapping) -> list[tuple[str, str]]:
        """An application's fields these rules refuse, as (field, message)."""
        return []

    def choices(self) -> dict[str, list[str]]:
        """The application form's fields that offer a choice, with the choices."""
        return {}

    def limit_for(self, category: str) -> int:
        """How many of a category one person may have subsidised."""
        return 1

    def within_cap(self, application, already: Decimal) -> tuple[Grant, str]:
        """Where `capped_per_applicant`: the amount of an application (anything with its columns as
        attributes) once `already` granted to the same applicant counts, and why the cap cut it ("")."""
        raise NotImplementedError(f"{self.code} 没有单个申请人的上限")


FORMULAS: Registry[type[Formula]] = Registry("补贴公式")


def unknown_formula(formula) -> str:
    return f"未知的补贴公式：{formula}（可选 {'、'.join(f.code for f in FORMULAS)}）"


def formula_of(data) -> type[Formula] | None:
    code = data.get("formula") if isinstance(data, Mapping) else None
    return FORMULAS.get(code) if isinstance(code, str) else None


def from_data(data: Mapping) -> Formula:
    """A programme's rules from its `rules` block."""
    found = formula_of(data)
    if found is None:
        raise RuleError(unknown_formula(data.get("formula")))
    return found.from_data(data)
