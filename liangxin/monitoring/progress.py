"""What every rule of the engine shares: numbers and dates as the reasons write them, whether a value
meets a target, the expected path and the share of it covered, the trend's projection, and the grade
of a percent."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .targets import Observation, TargetSpec, TargetStatus

ON_TRACK_PERCENT = Decimal(90)
BEHIND_PERCENT = Decimal(70)
STALE_DAYS = 45

Q2 = Decimal("0.01")
Q4 = Decimal("0.0001")
HUNDRED = Decimal(100)
UPPER_BOUNDS = ("<=", "<")


def num(x: Decimal, places: int | None = None) -> str:
    """A number as people write it: no trailing zeros, no exponent."""
    if places is not None:
        x = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(x.normalize(), "f")
    return "0" if text == "-0" else text


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def goal_text(comparison: str, value: Decimal, unit: str, tolerance: Decimal) -> str:
    v = f"{num(value)}{unit}"
    if comparison == "≈":
        return f"{v}左右（不低于{num(lower_bound(value, tolerance), 2)}{unit}即视为达到）"
    return {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于"}[comparison] + v


def lower_bound(value: Decimal, tolerance: Decimal) -> Decimal:
    return value - abs(value) * tolerance / HUNDRED


def meets(actual: Decimal, value: Decimal, comparison: str, tolerance: Decimal) -> bool:
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
    return actual >= lower_bound(value, tolerance)  # "≈": within tolerance, or above


def elapsed(start: date, end: date, on: date) -> Decimal:
    """Share of the way from start to end on a date, 0 on start and 1 on end, clamped to [0, 1]."""
    total = (end - start).days
    if total <= 0:
        return Decimal(1) if on >= end else Decimal(0)
    days = min(max((on - start).days, 0), total)
    return Decimal(days) / Decimal(total)


def percent_of(
    actual: Decimal, expected: Decimal, comparison: str, start: Decimal = Decimal(0)
) -> Decimal | None:
    """Actual as % of expected; for upper bounds ("<=", "<") expected as % of actual (lower is better).
    When the path starts from a non-zero level (a baseline rate, a running total carried in), progress is
    measured from that start: (actual - start) / (expected - start), never below 0."""
    if start != 0:
        if expected == start:
            return None
        progress = (actual - start) / (expected - start) * HUNDRED
        return max(progress, Decimal(0)).quantize(Q2, rounding=ROUND_HALF_UP)
    if expected == 0:
        return None
    numerator, denominator = (expected, actual) if comparison in UPPER_BOUNDS else (actual, expected)
    if denominator <= 0:
        return None
    return (numerator / denominator * HUNDRED).quantize(Q2, rounding=ROUND_HALF_UP)


def project(points: list[Observation], to: date) -> Decimal | None:
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
    return (mean_y + sxy / sxx * (at - mean_x)).quantize(Q4, rounding=ROUND_HALF_UP)


def grade(percent: Decimal | None) -> str:
    if percent is None or percent >= ON_TRACK_PERCENT:
        return "on_track"
    if percent >= BEHIND_PERCENT:
        return "behind"
    return "seriously_behind"


def no_data_status(t: TargetSpec, as_of: date, what: str = "") -> TargetStatus:
    if as_of > t.deadline:
        return TargetStatus.of(
            "no_data",
            f"期限{day(t.deadline)}已过，期限内{what}没有已采纳的填报数据，无法判定是否完成，未填报。",
        )
    return TargetStatus.of("no_data", f"截至{day(as_of)}，{what}尚无已采纳的填报数据，未填报。")


def judged_on(last: Observation, as_of: date, deadline: date) -> date:
    """The date whose expected value the latest report is compared with: its own period end while it is
    the newest report one could have (at most STALE_DAYS old: a month plus the reporting deadline), so
    the usual reporting delay is not counted as lag; as_of once reports have stopped coming. Past the
    deadline, freshness is measured at the deadline, so a finished target's judgement no longer changes
    with the date."""
    on = min(as_of, deadline)
    return last.period_end if (on - last.period_end).days <= STALE_DAYS else on
