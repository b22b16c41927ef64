"""The rule for growth targets: the year-to-date total against the baseline year's same months."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .progress import (
    HUNDRED,
    Q2,
    Q4,
    UPPER_BOUNDS,
    day,
    goal_text,
    lower_bound,
    meets,
    no_data_status,
    num,
    project,
)
from .quantities import judge, not_started_year, progress_reason
from .targets import Observation, TargetSpec, TargetStatus


def year_share(through: date) -> Decimal:
    days_in_year = Decimal(366 if calendar.isleap(through.year) else 365)
    return Decimal((through - date(through.year, 1, 1)).days + 1) / days_in_year


def _baseline_same_period(t: TargetSpec, through: date) -> Decimal:
    """The baseline year's total for 1 January .. ``through`` (inclusive, month and day of the year)."""
    days_in_month = calendar.monthrange(through.year, through.month)[1]
    if t.baseline_monthly:
        full = sum(t.baseline_monthly[: through.month - 1], Decimal(0))
        return full + t.baseline_monthly[through.month - 1] * Decimal(through.day) / Decimal(days_in_month)
    return t.baseline_value * year_share(through)


def path_growth(t: TargetSpec, year: int) -> tuple[Decimal, int, Decimal] | None:
    """The growth a later year's target expects in an earlier ``year``, on the straight line (by whole
    years) from the baseline year (0 %), or from the indicator's last earlier target up to ``year``, to
    the target: (expected growth %, the line's starting year, its starting growth %). None when there is
    no baseline year to start from."""
    anchors = [(y, g) for y, g in t.milestones if y <= year and y < t.year]
    if anchors:
        from_year, from_growth = max(anchors)
    elif t.baseline_year is not None and t.baseline_year < year:
        from_year, from_growth = t.baseline_year, Decimal(0)
    else:
        return None
    share = Decimal(year - from_year) / Decimal(t.year - from_year)
    return from_growth + (t.value - from_growth) * share, from_year, from_growth


def growth_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """growth: the value is the year-to-date absolute total; the target is a growth % over the baseline.
    Before the target's year, a later year's goal (到2027年增长30%) is judged each year on its path."""
    if (pending := not_started_year(t, as_of)) is not None:
        return _on_path(t, obs, as_of) or pending
    window = [o for o in obs if o.value is not None and o.period_end.year == t.year]
    return _judge_year(t, window, as_of, year=t.year, value=t.value)


def _on_path(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus | None:
    """A growth target of a later year, judged with this year's figures against the growth its path
    expects this year; early in a year, before its first report, with last year's. None when no year
    of the path has begun (or there is no baseline year to draw it from)."""
    for year in (as_of.year, as_of.year - 1):
        if year < t.plan_start.year or (found := path_growth(t, year)) is None:
            continue
        window = [o for o in obs if o.value is not None and o.period_end.year == year]
        if window:
            on = min(as_of, date(year, 12, 31))
            return _judge_year(t, window, on, year=year, value=found[0], path=found)
    if as_of.year >= t.plan_start.year and path_growth(t, as_of.year) is not None:
        return no_data_status(t, as_of, f"{as_of.year}年度")
    return None


def _judge_year(
    t: TargetSpec,
    window: list[Observation],
    as_of: date,
    *,
    year: int,
    value: Decimal,
    path: tuple[Decimal, int, Decimal] | None = None,
) -> TargetStatus:
    """Growth of ``year`` over the baseline's same months against ``value`` %: the target's own year, or
    (``path`` given) a year on the way to it, where it can be neither achieved nor missed."""
    base_year = f"{t.baseline_year}年" if t.baseline_year else "基准年"
    base_total = sum(t.baseline_monthly, Decimal(0)) if t.baseline_monthly else t.baseline_value
    reported_base = window[-1].reference if window else None
    if base_total is None and reported_base is None:
        return TargetStatus.of("no_data", f"缺少基准年数据，无法计算较{base_year}的增长，未填报。")
    if base_total is not None and base_total <= 0 and reported_base is None:
        return TargetStatus.of("no_data", f"{base_year}基准值为{num(base_total)}，无法计算增长率，未填报。")
    if not window:
        return no_data_status(t, as_of, f"{year}年度")
    last = window[-1]
    actual = last.value
    tolerance = t.tolerance_or_default
    factor = Decimal(1) + value / HUNDRED
    if reported_base is not None:
        # The department reported the baseline year's figure for the same months itself.
        same_period = reported_base
        if base_total is None and reported_base > 0:
            base_total = reported_base / year_share(last.period_end)
    else:
        same_period = _baseline_same_period(t, last.period_end)
    expected = (same_period * factor).quantize(Q4, rounding=ROUND_HALF_UP)
    head = f"截至{day(last.period_end)}，{year}年累计{num(actual)}"
    if same_period > 0:
        exact_growth = (actual / same_period - 1) * HUNDRED
        growth = exact_growth.quantize(Q2, rounding=ROUND_HALF_UP)
        change = f"增长{num(growth)}%" if growth >= 0 else f"下降{num(-growth)}%"
        head += f"，较{base_year}同期{num(same_period, 2)}{change}"
        met = meets(exact_growth, value, t.comparison, tolerance)
    else:
        growth = None
        head += f"，{base_year}同期为0，暂无法计算增速"
        met = False
    deadline = date(year, 12, 31)
    complete = path is None and (last.period_end >= deadline or as_of > deadline)
    goal_growth = lower_bound(value, tolerance) if t.comparison == "≈" else value
    code, percent = judge(
        t,
        as_of,
        actual=actual,
        expected=expected,
        met=met,
        can_complete=complete,
        goal=same_period * (Decimal(1) + goal_growth / HUNDRED),
    )
    projection = project(window, deadline)
    risk = ""
    if code == "on_track" and projection is not None and base_total:
        projected_growth = (projection / base_total - 1) * HUNDRED
        if not meets(projected_growth, value, t.comparison, tolerance):
            direction = "高于" if projected_growth > value else "低于"
            aim = f"本年按路径应增长{num(value, 2)}%" if path else f"目标增长{num(value)}%"
            risk = (
                f"，但按当前趋势预计{year}年全年累计{num(projection, 2)}，较{base_year}增长"
                f"{num(projected_growth, 2)}%，{direction}{aim}"
            )
    goal = f"较{base_year}增长" + goal_text(t.comparison, t.value, "%", tolerance)
    if path is not None:
        _expected, from_year, from_growth = path
        start = (
            f"{from_year}年目标增长{num(from_growth)}%"
            if from_year != t.baseline_year
            else f"{base_year}基准"
        )
        goal = (
            f"到{t.year}年{goal}（按自{start}至{t.year}年目标的直线路径，"
            f"{year}年应较{base_year}增长{num(value, 2)}%）"
        )
        extra = "，本年增速已达到路径要求" if met else ""
    else:
        extra = "，目前增速已达到目标，待全年数据确认" if met and not complete else ""
    # Growth compares like periods (the report's months with the same months of the baseline year),
    # so the expectation is taken at the report's period_end, not at as_of.
    what = "按路径本年" if path else "按目标增速"
    if t.comparison in UPPER_BOUNDS:
        expected_text = f"{what}同期应控制在{num(expected, 2)}以内"
    else:
        expected_text = f"{what}同期应达到{num(expected, 2)}"
    return TargetStatus.of(
        code,
        progress_reason(
            t,
            code,
            head=head,
            goal=goal,
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
