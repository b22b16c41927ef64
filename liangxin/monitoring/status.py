"""The status engine: how far one indicator target has come as of a date, and why.

Pure Python (no Django): the pages, the API, the 调度通报 and the roll-ups all call ``evaluate`` and
``roll_up``, so a rule lives here once. All numbers are ``decimal.Decimal``; percentages are written as
people write them (92.95 means 92.95 %). The rules are documented for users in ``docs/status-rules.md``.

Conventions decided here (see the docs for the full list):

* Elapsed share: the expected path is a straight line between two dates: 0 % at the start date
  (plan start, or 1 January for annual targets) and 100 % on 31 December of the target year, by whole
  days ``(as_of - start) / (deadline - start)``. On the start date the expected value is exactly the
  starting value, on the deadline day exactly the target.
* Growth compares like periods: the year-to-date figure through the report's ``period_end``
  (inclusive) with the same months (days) of the baseline year.
* A target is judged with the data up to its deadline: after 31 December of its year, later
  observations no longer change its status (a late completion is mentioned in the reason).
* Status thresholds use the percent as shown (rounded to 2 places, ROUND_HALF_UP), so the number and
  the status never disagree.
* Of several observations for the same ``period_end`` the last one in the list wins.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

KINDS = ("count", "amount", "percent", "growth", "milestone", "relative")
ACCUMULATIONS = ("annual", "cumulative", "level")
COMPARISONS = (">=", ">", "<=", "<", "=", "≈")
STAGES = ("not_started", "under_way", "done")

# Best to worst. ``SEVERITY`` gives every status its own rank so that ``roll_up``'s "worst" is unique.
STATUS_LABELS: dict[str, str] = {
    "achieved": "已完成",
    "done": "已完成",
    "on_track": "正常推进",
    "under_way": "推进中",
    "not_started": "未启动",
    "behind": "滞后",
    "seriously_behind": "严重滞后",
    "missed": "未完成",
    "no_data": "未填报",
}
# not_started only ever occurs before a deadline (an unfinished milestone past its deadline is
# "missed"), and it is also the status of a target whose year has not begun: it must not hide a real
# lag or miss in a roll-up, so it ranks just after "under way". no_data ranks worst: an unknown is
# never allowed to look better than a known problem.
SEVERITY: dict[str, int] = {code: rank for rank, code in enumerate(STATUS_LABELS)}

STAGE_LABELS = {"not_started": "未启动", "under_way": "推进中", "done": "已完成"}

ON_TRACK_PERCENT = Decimal(90)
BEHIND_PERCENT = Decimal(70)
DEFAULT_TOLERANCE = Decimal(5)
STALE_DAYS = 45

_Q2 = Decimal("0.01")
_Q4 = Decimal("0.0001")
_HUNDRED = Decimal(100)
_UPPER_BOUNDS = ("<=", "<")


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


# ----------------------------------------------------------------------------------------------
# formatting


def _n(x: Decimal, places: int | None = None) -> str:
    """A number as people write it: no trailing zeros, no exponent."""
    if places is not None:
        x = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(x.normalize(), "f")
    return "0" if text == "-0" else text


def _d(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _goal_text(comparison: str, value: Decimal, unit: str, tolerance: Decimal) -> str:
    v = f"{_n(value)}{unit}"
    if comparison == "≈":
        return f"{v}左右（不低于{_n(_lower_bound(value, tolerance), 2)}{unit}即视为达到）"
    return {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于"}[comparison] + v


# ----------------------------------------------------------------------------------------------
# arithmetic


def _lower_bound(value: Decimal, tolerance: Decimal) -> Decimal:
    return value - abs(value) * tolerance / _HUNDRED


def _meets(actual: Decimal, value: Decimal, comparison: str, tolerance: Decimal) -> bool:
    if comparison == ">=":
        return actual >= value
    if comparison == ">":
        return actual > value
    if comparison == "<=":
        return actual <= value
    if comparison == "<":
        return actual < value
    if comparison == "=":
        return actual == value
    return actual >= _lower_bound(value, tolerance)  # "≈": within tolerance, or above


def _elapsed(start: date, end: date, on: date) -> Decimal:
    """Share of the way from start to end on a date, 0 on start and 1 on end, clamped to [0, 1]."""
    total = (end - start).days
    if total <= 0:
        return Decimal(1) if on >= end else Decimal(0)
    days = min(max((on - start).days, 0), total)
    return Decimal(days) / Decimal(total)


def _percent(
    actual: Decimal, expected: Decimal, comparison: str, start: Decimal = Decimal(0)
) -> Decimal | None:
    """Actual as % of expected; for upper bounds ("<=", "<") expected as % of actual (lower is better).
    When the path starts from a non-zero level (a baseline rate, a running total carried in), progress is
    measured from that start: (actual - start) / (expected - start), never below 0."""
    if start != 0:
        if expected == start:
            return None
        progress = (actual - start) / (expected - start) * _HUNDRED
        return max(progress, Decimal(0)).quantize(_Q2, rounding=ROUND_HALF_UP)
    if expected == 0:
        return None
    numerator, denominator = (expected, actual) if comparison in _UPPER_BOUNDS else (actual, expected)
    if denominator <= 0:
        return None
    return (numerator / denominator * _HUNDRED).quantize(_Q2, rounding=ROUND_HALF_UP)


def _projection(points: list[Observation], to: date) -> Decimal | None:
    """Least-squares line through (date, value), read off at ``to``; None with fewer than 2 dates."""
    if len(points) < 2:
        return None
    origin = points[0].period_end
    xs = [Decimal((p.period_end - origin).days) for p in points]
    ys = [p.value for p in points]
    count = Decimal(len(points))
    mean_x = sum(xs) / count
    mean_y = sum(ys) / count
    dxs = [x - mean_x for x in xs]
    sxx = sum([dx**2 for dx in dxs])
    if sxx == 0:
        return None
    sxy = sum([dx * (y - mean_y) for dx, y in zip(dxs, ys, strict=True)])
    at = Decimal((to - origin).days)
    return (mean_y + sxy / sxx * (at - mean_x)).quantize(_Q4, rounding=ROUND_HALF_UP)


def _grade(percent: Decimal | None) -> str:
    if percent is None or percent >= ON_TRACK_PERCENT:
        return "on_track"
    if percent >= BEHIND_PERCENT:
        return "behind"
    return "seriously_behind"


def _status(code: str, reason: str, **fields) -> TargetStatus:
    values = {"actual": None, "expected": None, "percent": None, "projection": None} | fields
    return TargetStatus(status=code, label=STATUS_LABELS[code], reason=reason, **values)


# ----------------------------------------------------------------------------------------------
# the engine


def evaluate(target: TargetSpec, observations: list[Observation], as_of: date) -> TargetStatus:
    """The status of one target as of a date, from the accepted observations of its indicator."""
    with localcontext(Context(prec=34)):
        return _evaluate(target, _known(observations, as_of), as_of)


def evaluate_all(
    targets: list[TargetSpec], observations: list[Observation], as_of: date
) -> list[TargetStatus]:
    """``evaluate`` for each of several targets of the same indicator, sorting the observations once."""
    with localcontext(Context(prec=34)):
        known = _known(observations, as_of)
        return [_evaluate(target, known, as_of) for target in targets]


def _known(observations: list[Observation], as_of: date) -> list[Observation]:
    """The observations up to as_of, oldest first, the last one of each period_end."""
    latest_by_period = {o.period_end: o for o in observations if o.period_end <= as_of}
    return [latest_by_period[d] for d in sorted(latest_by_period)]


def _evaluate(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    if as_of < t.plan_start:
        return _status("not_started", f"方案自{_d(t.plan_start)}起实施，截至{_d(as_of)}尚未开始，未启动。")
    if t.kind == "milestone":
        return _milestone(t, obs, as_of)
    if t.kind == "relative":
        return _relative(t, obs, as_of)
    if t.value is None:
        if any(o.stage is not None for o in obs):
            return _milestone(t, obs, as_of)
        return _qualitative(t, obs)
    if t.kind == "growth":
        return _growth(t, obs, as_of)
    if t.accumulation == "annual":
        return _annual(t, obs, as_of)
    return _running(t, obs, as_of)


def _no_data(t: TargetSpec, as_of: date, what: str = "") -> TargetStatus:
    if as_of > t.deadline:
        return _status(
            "no_data",
            f"期限{_d(t.deadline)}已过，期限内{what}没有已采纳的填报数据，无法判定是否完成，未填报。",
        )
    return _status("no_data", f"截至{_d(as_of)}，{what}尚无已采纳的填报数据，未填报。")


def _late_note(t: TargetSpec, obs: list[Observation], as_of: date) -> str:
    """For targets judged at the deadline: mention a newer value that came after it."""
    deadline = t.deadline
    later = [o for o in obs if deadline < o.period_end <= as_of and o.value is not None]
    if not later:
        return ""
    last = later[-1]
    return f"（期限后{_d(last.period_end)}的数据为{_n(last.value)}{t.unit}，不计入该年目标）"


def _qualitative(t: TargetSpec, obs: list[Observation]) -> TargetStatus:
    with_value = [o for o in obs if o.value is not None]
    if not with_value:
        return _status("no_data", "定性目标，需人工判断，尚未报送情况，暂列为未填报。")
    last = with_value[-1]
    return _status(
        "no_data",
        f"定性目标，需人工判断（最近一期{_d(last.period_end)}填报值为{_n(last.value)}{t.unit}），暂列为未填报。",
        actual=last.value,
        period_end=last.period_end,
    )


def _milestone(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    deadline = t.deadline
    staged = [o for o in obs if o.stage is not None and o.period_end <= deadline]
    if not staged:
        if as_of > deadline:
            return _status("no_data", f"期限{_d(deadline)}已过，期限内未报送进展，无法判定是否完成，未填报。")
        return _status("no_data", f"截至{_d(as_of)}尚未报送进展，未填报。")
    last = staged[-1]
    stage, when = last.stage, _d(last.period_end)
    if stage == "done":
        return _status(
            "done", f"{when}报送进展为“已完成”（期限{_d(deadline)}），已完成。", period_end=last.period_end
        )
    if as_of > deadline:
        late = [o for o in obs if o.stage == "done" and deadline < o.period_end]
        note = f"（{_d(late[0].period_end)}报送已完成，晚于期限）" if late else ""
        return _status(
            "missed",
            f"期限{_d(deadline)}已过，期限内最近一次（{when}）报送进展为“{STAGE_LABELS[stage]}”{note}，未完成。",
            period_end=last.period_end,
        )
    days_left = (deadline - as_of).days
    left = f"距期限{_d(deadline)}还有{days_left}天" if days_left else f"今天（{_d(deadline)}）即为期限"
    return _status(
        stage,
        f"{when}报送进展为“{STAGE_LABELS[stage]}”，{left}，{STATUS_LABELS[stage]}。",
        period_end=last.period_end,
    )


def _relative(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    deadline = t.deadline
    complete = [
        o for o in obs if o.value is not None and o.reference is not None and o.period_end <= deadline
    ]
    if not complete:
        return _no_data(t, as_of, "本项指标值和对比值")
    last = complete[-1]
    actual, reference = last.value, last.reference
    tolerance = t.tolerance_or_default
    word = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于"}.get(
        t.comparison, f"接近（相差{_n(tolerance)}%以内）或高于"
    )
    facts = f"本项为{_n(actual)}{t.unit}，对比值为{_n(reference)}{t.unit}"
    fields = {"actual": actual, "expected": reference, "period_end": last.period_end}
    if _meets(actual, reference, t.comparison, tolerance):
        return _status("achieved", f"截至{_d(last.period_end)}{facts}，{word}对比值，已完成。", **fields)
    if as_of > deadline:
        return _status(
            "missed",
            f"期限{_d(deadline)}已过，期限内最近一期（{_d(last.period_end)}）{facts}，未{word}对比值，未完成。",
            **fields,
        )
    return _status("behind", f"截至{_d(last.period_end)}{facts}，尚未{word}对比值，滞后。", **fields)


def _judge(
    t: TargetSpec,
    as_of: date,
    *,
    actual: Decimal,
    expected: Decimal,
    met: bool,
    can_complete: bool,
    start: Decimal = Decimal(0),
) -> tuple[str, Decimal | None]:
    percent = _percent(actual, expected, t.comparison, start)
    if met and can_complete:
        return "achieved", percent
    if as_of > t.deadline:
        return "missed", percent
    return _grade(percent), percent


def _progress_reason(
    t: TargetSpec,
    code: str,
    *,
    head: str,
    goal: str,
    expected_text: str,
    percent: Decimal | None,
    risk: str = "",
    late: str = "",
    extra: str = "",
) -> str:
    label = STATUS_LABELS[code]
    progress = f"，完成进度{_n(percent)}%" if percent is not None else ""
    if code == "achieved":
        return f"{head}，目标为{goal}，已达到，{label}。"
    if code == "missed":
        return f"期限{_d(t.deadline)}已过，{head}，未达到目标（{goal}）{progress}{late}，{label}。"
    return f"{head}，{expected_text}，目标为{goal}{extra}{progress}，{label}{risk}。"


def _expected_text(t: TargetSpec, expected: Decimal, when: str, verb: str) -> str:
    amount = f"{_n(expected, 2)}{t.unit}"
    if expected == 0:
        return f"按{when}进度目前应{verb}0（进度刚开始计算）"
    if t.comparison in _UPPER_BOUNDS:
        return f"按{when}进度应控制在{amount}以内"
    return f"按{when}进度应{verb}{amount}"


def _risk_text(t: TargetSpec, projection: Decimal) -> str:
    tolerance = t.tolerance_or_default
    if _meets(projection, t.value, t.comparison, tolerance):
        return ""
    p = f"{_n(projection, 2)}{t.unit}"
    if t.comparison == "≈":
        bound = _n(_lower_bound(t.value, tolerance), 2)
        return f"，但按当前趋势预计到期末达到{p}，低于目标{_n(t.value)}{t.unit}左右的下限{bound}{t.unit}"
    direction = "高于" if projection > t.value else "低于"
    return f"，但按当前趋势预计到期末达到{p}，{direction}目标{_n(t.value)}{t.unit}"


def judged_on(last: Observation, as_of: date, deadline: date) -> date:
    """The date whose expected value the latest report is compared with: its own period end while it is
    the newest report one could have (at most STALE_DAYS old: a month plus the reporting deadline), so
    the usual reporting delay is not counted as lag; as_of once reports have stopped coming. Past the
    deadline, freshness is measured at the deadline, so a finished target's judgement no longer changes
    with the date."""
    on = min(as_of, deadline)
    return last.period_end if (on - last.period_end).days <= STALE_DAYS else on


def _as_of_phrase(last: Observation, as_of: date, deadline: date) -> str:
    """'' when the data is as fresh as the date judged; otherwise 'as of <date>' for the expectation."""
    on = judged_on(last, as_of, deadline)
    return "" if last.period_end >= on else f"{_d(on)}的"


def _quantity(
    t: TargetSpec,
    as_of: date,
    window: list[Observation],
    *,
    expected: Decimal,
    head: str,
    verb: str,
    late: str = "",
    start: Decimal = Decimal(0),
) -> TargetStatus:
    last = window[-1]
    actual = last.value
    expected = expected.quantize(_Q4, rounding=ROUND_HALF_UP)
    tolerance = t.tolerance_or_default
    met = _meets(actual, t.value, t.comparison, tolerance)
    # A running total (annual, cumulative) can still grow past an upper bound or an exact figure, so
    # those count as achieved only once the period is over; levels and lower bounds count at once.
    provisional = t.accumulation != "level" and t.comparison in ("<=", "<", "=")
    can_complete = not provisional or as_of > t.deadline or last.period_end >= t.deadline
    code, percent = _judge(
        t, as_of, actual=actual, expected=expected, met=met, can_complete=can_complete, start=start
    )
    projection = _projection(window, t.deadline)
    risk = _risk_text(t, projection) if code == "on_track" and projection is not None else ""
    return _status(
        code,
        _progress_reason(
            t,
            code,
            head=head,
            goal=_goal_text(t.comparison, t.value, t.unit, tolerance),
            expected_text=_expected_text(t, expected, _as_of_phrase(last, as_of, t.deadline), verb),
            percent=percent,
            risk=risk,
            late=late,
        ),
        actual=actual,
        expected=expected,
        percent=percent,
        projection=projection,
        at_risk=bool(risk),
        period_end=last.period_end,
    )


def _running(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """cumulative (running total since the plan's start) and level (the rate or state itself)."""
    deadline = t.deadline
    window = [o for o in obs if o.value is not None and o.period_end <= deadline]
    if not window:
        return _no_data(t, as_of)
    last = window[-1]
    path_from = t.plan_start
    if t.accumulation == "cumulative":
        start = t.baseline_value if t.baseline_value is not None else Decimal(0)
        head, verb = f"截至{_d(last.period_end)}累计完成{_n(last.value)}{t.unit}", "完成"
    elif t.baseline_value is not None:
        start = t.baseline_value
        head, verb = f"截至{_d(last.period_end)}为{_n(last.value)}{t.unit}", "达到"
    else:
        # Without a baseline the path starts at the first report, on the date of that report.
        start, path_from = window[0].value, min(window[0].period_end, deadline)
        head, verb = f"截至{_d(last.period_end)}为{_n(last.value)}{t.unit}", "达到"
    expected = start + (t.value - start) * _elapsed(path_from, deadline, judged_on(last, as_of, deadline))
    late = _late_note(t, obs, as_of) if as_of > deadline else ""
    return _quantity(t, as_of, window, expected=expected, head=head, verb=verb, late=late, start=start)


def _not_started_year(t: TargetSpec, as_of: date) -> TargetStatus | None:
    year_start = date(t.year, 1, 1)
    if as_of >= year_start:
        return None
    return _status(
        "not_started", f"{t.year}年度目标自{_d(year_start)}起计，截至{_d(as_of)}尚未开始，未启动。"
    )


def _annual(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """annual: the value is the year-to-date total of the target's year."""
    if (pending := _not_started_year(t, as_of)) is not None:
        return pending
    window = [o for o in obs if o.value is not None and o.period_end.year == t.year]
    if not window:
        return _no_data(t, as_of, f"{t.year}年度")
    last = window[-1]
    expected = t.value * _elapsed(date(t.year, 1, 1), t.deadline, judged_on(last, as_of, t.deadline))
    head = f"截至{_d(last.period_end)}，{t.year}年度累计完成{_n(last.value)}{t.unit}"
    return _quantity(t, as_of, window, expected=expected, head=head, verb="完成")


def _year_share(through: date) -> Decimal:
    days_in_year = Decimal(366 if calendar.isleap(through.year) else 365)
    return Decimal((through - date(through.year, 1, 1)).days + 1) / days_in_year


def _baseline_same_period(t: TargetSpec, through: date) -> Decimal:
    """The baseline year's total for 1 January .. ``through`` (inclusive, month and day of the year)."""
    days_in_month = calendar.monthrange(through.year, through.month)[1]
    if t.baseline_monthly:
        full = sum(t.baseline_monthly[: through.month - 1], Decimal(0))
        return full + t.baseline_monthly[through.month - 1] * Decimal(through.day) / Decimal(days_in_month)
    return t.baseline_value * _year_share(through)


def _growth(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """growth: the value is the year-to-date absolute total; the target is a growth % over the baseline."""
    base_year = f"{t.baseline_year}年" if t.baseline_year else "基准年"
    base_total = sum(t.baseline_monthly, Decimal(0)) if t.baseline_monthly else t.baseline_value
    if (pending := _not_started_year(t, as_of)) is not None:
        return pending
    window = [o for o in obs if o.value is not None and o.period_end.year == t.year]
    reported_base = window[-1].reference if window else None
    if base_total is None and reported_base is None:
        return _status("no_data", f"缺少基准年数据，无法计算较{base_year}的增长，未填报。")
    if base_total is not None and base_total <= 0 and reported_base is None:
        return _status("no_data", f"{base_year}基准值为{_n(base_total)}，无法计算增长率，未填报。")
    if not window:
        return _no_data(t, as_of, f"{t.year}年度")
    last = window[-1]
    actual = last.value
    tolerance = t.tolerance_or_default
    factor = Decimal(1) + t.value / _HUNDRED
    if reported_base is not None:
        # The department reported the baseline year's figure for the same months itself.
        same_period = reported_base
        if base_total is None and reported_base > 0:
            base_total = reported_base / _year_share(last.period_end)
    else:
        same_period = _baseline_same_period(t, last.period_end)
    expected = (same_period * factor).quantize(_Q4, rounding=ROUND_HALF_UP)
    head = f"截至{_d(last.period_end)}，{t.year}年累计{_n(actual)}"
    if same_period > 0:
        exact_growth = (actual / same_period - 1) * _HUNDRED
        growth = exact_growth.quantize(_Q2, rounding=ROUND_HALF_UP)
        change = f"增长{_n(growth)}%" if growth >= 0 else f"下降{_n(-growth)}%"
        head += f"，较{base_year}同期{_n(same_period, 2)}{change}"
        met = _meets(exact_growth, t.value, t.comparison, tolerance)
    else:
        growth = None
        head += f"，{base_year}同期为0，暂无法计算增速"
        met = False
    complete = last.period_end >= t.deadline or as_of > t.deadline
    code, percent = _judge(t, as_of, actual=actual, expected=expected, met=met, can_complete=complete)
    projection = _projection(window, t.deadline)
    risk = ""
    if code == "on_track" and projection is not None:
        projected_growth = (projection / base_total - 1) * _HUNDRED
        if not _meets(projected_growth, t.value, t.comparison, tolerance):
            direction = "高于" if projected_growth > t.value else "低于"
            risk = (
                f"，但按当前趋势预计全年累计{_n(projection, 2)}，较{base_year}增长{_n(projected_growth, 2)}%，"
                f"{direction}目标增长{_n(t.value)}%"
            )
    extra = "，目前增速已达到目标，待全年数据确认" if met and not complete else ""
    # Growth compares like periods (the report's months with the same months of the baseline year),
    # so the expectation is taken at the report's period_end, not at as_of.
    if t.comparison in _UPPER_BOUNDS:
        expected_text = f"按目标增速同期应控制在{_n(expected, 2)}以内"
    else:
        expected_text = f"按目标增速同期应达到{_n(expected, 2)}"
    return _status(
        code,
        _progress_reason(
            t,
            code,
            head=head,
            goal=f"较{base_year}增长" + _goal_text(t.comparison, t.value, "%", tolerance),
            expected_text=expected_text,
            percent=percent,
            risk=risk,
            extra=extra,
        ),
        actual=actual,
        expected=expected,
        percent=percent,
        projection=projection,
        at_risk=bool(risk),
        growth=growth,
        period_end=last.period_end,
    )


# ----------------------------------------------------------------------------------------------
# roll-ups


def roll_up(statuses: list[TargetStatus]) -> dict:
    """Counts by status (every status present, zero-filled, best to worst), the worst status and the
    mean of the percents that exist (2 places, ROUND_HALF_UP)."""
    counts = dict.fromkeys(SEVERITY, 0)
    for item in statuses:
        counts[item.status] = counts.get(item.status, 0) + 1
    worst = max((item.status for item in statuses), key=lambda code: SEVERITY.get(code, -1), default=None)
    percents = [item.percent for item in statuses if item.percent is not None]
    mean = None
    if percents:
        with localcontext(Context(prec=34)):
            mean = (sum(percents, Decimal(0)) / Decimal(len(percents))).quantize(_Q2, rounding=ROUND_HALF_UP)
    return {
        "total": len(statuses),
        "counts": counts,
        "worst": worst,
        "percent": mean,
        "at_risk": sum(1 for item in statuses if item.at_risk),
    }
