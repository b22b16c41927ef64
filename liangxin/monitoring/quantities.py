"""The rules for numeric targets that follow a path: cumulative totals and levels (``running_status``)
and annual totals (``annual_status``), and the judging and reasons they share with growth targets."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .progress import (
    Q4,
    UPPER_BOUNDS,
    day,
    elapsed,
    goal_text,
    grade,
    judged_on,
    lower_bound,
    meets,
    no_data_status,
    num,
    percent_of,
    project,
)
from .status_codes import STATUS_LABELS
from .targets import Observation, TargetSpec, TargetStatus


def judge(
    t: TargetSpec,
    as_of: date,
    *,
    actual: Decimal,
    expected: Decimal,
    met: bool,
    can_complete: bool,
    start: Decimal = Decimal(0),
    goal: Decimal | None = None,
) -> tuple[str, Decimal | None]:
    """The status and the completion percent. An achieved target's percent is measured against its goal
    (the least that counts as met, in the actual's terms: for "≈" the lower bound), so 已完成 never shows
    under 100 %; any other status's against the expected value by now."""
    if met and can_complete:
        if goal is None:
            goal = lower_bound(t.value, t.tolerance_or_default) if t.comparison == "≈" else t.value
        percent = percent_of(actual, goal, t.comparison, start)
        if start != 0 and (percent is None or percent < 100):
            # the path started at or beyond the goal (a first report already within "≈"): measuring
            # from that start means nothing, so the figure is measured against the goal itself
            percent = percent_of(actual, goal, t.comparison)
        return "achieved", percent
    percent = percent_of(actual, expected, t.comparison, start)
    if as_of > t.deadline:
        return "missed", percent
    return grade(percent), percent


def progress_reason(
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
    progress = f"，完成进度{num(percent)}%" if percent is not None else ""
    if code == "achieved":
        return f"{head}，目标为{goal}，已达到，{label}。"
    if code == "missed":
        return f"期限{day(t.deadline)}已过，{head}，未达到目标（{goal}）{progress}{late}，{label}。"
    return f"{head}，{expected_text}，目标为{goal}{extra}{progress}，{label}{risk}。"


def _expected_text(t: TargetSpec, expected: Decimal, when: str, verb: str) -> str:
    amount = f"{num(expected, 2)}{t.unit}"
    if expected == 0:
        return f"按{when}进度目前应{verb}0（进度刚开始计算）"
    if t.comparison in UPPER_BOUNDS:
        return f"按{when}进度应控制在{amount}以内"
    return f"按{when}进度应{verb}{amount}"


def _risk_text(t: TargetSpec, projection: Decimal) -> str:
    tolerance = t.tolerance_or_default
    if meets(projection, t.value, t.comparison, tolerance):
        return ""
    p = f"{num(projection, 2)}{t.unit}"
    if t.comparison == "≈":
        bound = num(lower_bound(t.value, tolerance), 2)
        return f"，但按当前趋势预计到期末达到{p}，低于目标{num(t.value)}{t.unit}左右的下限{bound}{t.unit}"
    direction = "高于" if projection > t.value else "低于"
    return f"，但按当前趋势预计到期末达到{p}，{direction}目标{num(t.value)}{t.unit}"


def _as_of_phrase(last: Observation, as_of: date, deadline: date) -> str:
    """'' when the data is as fresh as the date judged; otherwise 'as of <date>' for the expectation."""
    on = judged_on(last, as_of, deadline)
    return "" if last.period_end >= on else f"{day(on)}的"


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
    expected = expected.quantize(Q4, rounding=ROUND_HALF_UP)
    tolerance = t.tolerance_or_default
    met = meets(actual, t.value, t.comparison, tolerance)
    # A running total (annual, cumulative) can still grow past an upper bound or an exact figure, so
    # those count as achieved only once the period is over; levels and lower bounds count at once.
    provisional = t.accumulation != "level" and t.comparison in ("<=", "<", "=")
    can_complete = not provisional or as_of > t.deadline or last.period_end >= t.deadline
    code, percent = judge(
        t, as_of, actual=actual, expected=expected, met=met, can_complete=can_complete, start=start
    )
    projection = project(window, t.deadline)
    risk = _risk_text(t, projection) if code == "on_track" and projection is not None else ""
    return TargetStatus.of(
        code,
        progress_reason(
            t,
            code,
            head=head,
            goal=goal_text(t.comparison, t.value, t.unit, tolerance),
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


def _late_note(t: TargetSpec, obs: list[Observation], as_of: date) -> str:
    """For targets judged at the deadline: mention a newer value that came after it."""
    deadline = t.deadline
    later = [o for o in obs if deadline < o.period_end <= as_of and o.value is not None]
    if not later:
        return ""
    last = later[-1]
    return f"（期限后{day(last.period_end)}的数据为{num(last.value)}{t.unit}，不计入该年目标）"


def running_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """cumulative (running total since the plan's start) and level (the rate or state itself)."""
    deadline = t.deadline
    window = [o for o in obs if o.value is not None and o.period_end <= deadline]
    if not window:
        return no_data_status(t, as_of)
    last = window[-1]
    path_from = t.plan_start
    if t.accumulation == "cumulative":
        start = t.baseline_value if t.baseline_value is not None else Decimal(0)
        head, verb = f"截至{day(last.period_end)}累计完成{num(last.value)}{t.unit}", "完成"
    elif t.baseline_value is not None:
        start = t.baseline_value
        head, verb = f"截至{day(last.period_end)}为{num(last.value)}{t.unit}", "达到"
    else:
        # Without a baseline the path starts at the first report, on the date of that report.
        start, path_from = window[0].value, min(window[0].period_end, deadline)
        head, verb = f"截至{day(last.period_end)}为{num(last.value)}{t.unit}", "达到"
    expected = start + (t.value - start) * elapsed(path_from, deadline, judged_on(last, as_of, deadline))
    late = _late_note(t, obs, as_of) if as_of > deadline else ""
    return _quantity(t, as_of, window, expected=expected, head=head, verb=verb, late=late, start=start)


def not_started_year(t: TargetSpec, as_of: date) -> TargetStatus | None:
    year_start = date(t.year, 1, 1)
    if as_of >= year_start:
        return None
    return TargetStatus.of(
        "not_started", f"{t.year}年度目标自{day(year_start)}起计，截至{day(as_of)}尚未开始，未启动。"
    )


def annual_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """annual: the value is the year-to-date total of the target's year."""
    if (pending := not_started_year(t, as_of)) is not None:
        return pending
    window = [o for o in obs if o.value is not None and o.period_end.year == t.year]
    if not window:
        return no_data_status(t, as_of, f"{t.year}年度")
    last = window[-1]
    expected = t.value * elapsed(date(t.year, 1, 1), t.deadline, judged_on(last, as_of, t.deadline))
    head = f"截至{day(last.period_end)}，{t.year}年度累计完成{num(last.value)}{t.unit}"
    return _quantity(t, as_of, window, expected=expected, head=head, verb="完成")
