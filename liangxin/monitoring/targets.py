"""What the status engine reads and writes: a target, the accepted observations of its indicator, and
the status it gives, each checked on the way in (numbers are Decimals, codes are known)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from liangxin.reporting.stages import STAGES as REPORTED_STAGES

from .status_codes import STATUS_LABELS

KINDS = ("count", "amount", "percent", "growth", "milestone", "relative")
ACCUMULATIONS = ("annual", "cumulative", "level")
COMPARISONS = (">=", ">", "<=", "<", "=", "≈")
STAGES = tuple(stage.code for stage in REPORTED_STAGES)

DEFAULT_TOLERANCE = Decimal(5)


def _decimal(value, name: str) -> Decimal | None:
    """Accept Decimal (or int) and None; refuse floats, booleans and non-finite numbers."""
    if value is None:
        return None
    if type(value) is Decimal and value.is_finite():  # the common case first: a plan has thousands
        return value
    if isinstance(value, (bool, float)):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number")
    return value


def _set_decimal(instance, name: str) -> None:
    """Validate a frozen dataclass's number field, replacing it only when it changes (int → Decimal):
    a plan's status builds thousands of observations, and most values are Decimals already."""
    value = getattr(instance, name)
    checked = _decimal(value, name)
    if checked is not value:
        object.__setattr__(instance, name, checked)


@dataclass(frozen=True)
class TargetSpec:
    kind: str  # count | amount | percent | growth | milestone | relative
    accumulation: str  # annual | cumulative | level
    comparison: str  # ">=", ">", "<=", "<", "=", "≈"
    year: int  # the target's year; its deadline is 31 December of that year
    value: Decimal | None  # None for qualitative targets (milestones, relative, 大幅提升)
    plan_start: date  # 1 January of the plan's start year
    tolerance: Decimal | None = None  # for "≈": percent of the target still counted as met; default 5
    baseline_value: Decimal | None = None  # level: the starting level; growth: the baseline year's total
    baseline_monthly: tuple[Decimal, ...] = ()  # growth: the baseline year's 12 monthly values, if known
    unit: str = ""  # the indicator's unit as the plan writes it (个, 亿元, %), used in reasons only
    baseline_year: int | None = None  # growth: the baseline year (2023), used in reasons only
    note: str = ""  # the target's words (大幅提升), used in reasons only
    # growth: the indicator's earlier targets as (year, growth %), the path's intermediate points
    milestones: tuple[tuple[int, Decimal], ...] = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.accumulation not in ACCUMULATIONS:
            raise ValueError(f"unknown accumulation {self.accumulation!r}")
        if self.comparison not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.comparison!r}")
        for name in ("value", "tolerance", "baseline_value"):
            _set_decimal(self, name)
        if self.tolerance is not None and self.tolerance < 0:
            raise ValueError("tolerance must not be negative")
        if self.baseline_monthly == ():
            return
        monthly = tuple(_decimal(v, "baseline_monthly") for v in self.baseline_monthly)
        if None in monthly or len(monthly) not in (0, 12):
            raise ValueError("baseline_monthly must be empty or hold 12 values")
        object.__setattr__(self, "baseline_monthly", monthly)

    @property
    def deadline(self) -> date:
        return date(self.year, 12, 31)

    @property
    def tolerance_or_default(self) -> Decimal:
        return DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance


@dataclass(frozen=True)
class Observation:
    period_end: date  # last day of the reporting period the value was accepted for
    value: Decimal | None
    stage: str | None = None  # milestones: "not_started" | "under_way" | "done"
    # relative: the figure compared against; growth: the baseline year's figure for the same months
    reference: Decimal | None = None

    def __post_init__(self):
        # _set_decimal, spelt out for the common case: a plan's status builds thousands of these
        value, reference = self.value, self.reference
        if value is not None and (type(value) is not Decimal or not value.is_finite()):
            object.__setattr__(self, "value", _decimal(value, "value"))
        if reference is not None and (type(reference) is not Decimal or not reference.is_finite()):
            object.__setattr__(self, "reference", _decimal(reference, "reference"))
        if self.stage == "":
            object.__setattr__(self, "stage", None)
        if self.stage is not None and self.stage not in STAGES:
            raise ValueError(f"unknown stage {self.stage!r}")


@dataclass(frozen=True)
class TargetStatus:
    status: str
    label: str
    actual: Decimal | None
    expected: Decimal | None
    percent: Decimal | None  # actual as % of expected-by-now, 2 decimals, ROUND_HALF_UP
    projection: Decimal | None  # projected value at the deadline from the trend
    reason: str  # one Chinese sentence saying why, with the numbers
    at_risk: bool = False  # on track today, but the trend misses the target at the deadline
    growth: Decimal | None = None  # growth targets: actual growth over the same period, %, 2 places
    period_end: date | None = None  # the period_end of the observation the status is based on

    @classmethod
    def of(cls, code: str, reason: str, **fields) -> TargetStatus:
        """The status ``code`` with its label, the reason, and the figures the rule has."""
        values = {"actual": None, "expected": None, "percent": None, "projection": None} | fields
        return cls(status=code, label=STATUS_LABELS[code], reason=reason, **values)
