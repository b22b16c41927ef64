"""The rule for growth targets: the year-to-date total against the baseline year's same months."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .progress import HUNDRED, Q2, Q4, UPPER_BOUNDS, day, goal_text, meets, no_data_status, num, project
from .quantities import judge, not_started_year, progress_reason
from .targets import Observation, TargetSpec, TargetStatus


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


def growth_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    """growth: the value is the year-to-date absolute total; the target is a growth % over the baseline."""
    base_year = f"{t.baseline_year}年" if t.baseline_year else "基准年"
    base_total = sum(t.baseline_monthly, Decimal(0)) if t.baseline_monthly else t.baseline_value
    if (pending := not_started_year(t, as_of)) is not None:
        return pending
    window = [o for o in obs if o.value is not None and o.period_end.year == t.year]
    reported_base = window[-1].reference if window else None
    if base_total is None and reported_base is None:
        return TargetStatus.of("no_data", f"缺少基准年数据，无法计算较{base_year}的增长，未填报。")
    if base_total is not None and base_total <= 0 and reported_base is None:
        return TargetStatus.of("no_data", f"{base_year}基准值为{num(base_total)}，无法计算增长率，未填报。")
    if not window:
        return no_data_status(t, as_of, f"{t.year}年度")
    last = window[-1]
    actual = last.value
    tolerance = t.tolerance_or_default
    factor = Decimal(1) + t.value / HUNDRED
    if reported_base is not None:
        # The department reported the baseline year's figure for the same months itself.
        same_period = reported_base
        if base_total is None and reported_base > 0:
            base_total = reported_base / _year_share(last.period_end)
    else:
        same_period = _baseline_same_period(t, last.period_end)
    expected = (same_period * factor).quantize(Q4, rounding=ROUND_HALF_UP)
    head = f"截至{day(last.period_end)}，{t.year}年累计{num(actual)}"
    if same_period > 0:
        exact_growth = (actual / same_period - 1) * HUNDRED
        growth = exact_growth.quantize(Q2, rounding=ROUND_HALF_UP)
        change = f"增长{num(growth)}%" if growth >= 0 else f"下降{num(-growth)}%"
        head += f"，较{base_year}同期{num(same_period, 2)}{change}"
        met = meets(exact_growth, t.value, t.comparison, tolerance)
    else:
        growth = None
        head += f"，{base_year}同期为0，暂无法计算增速"
        met = False
    complete = last.period_end >= t.deadline or as_of > t.deadline
    code, percent = judge(t, as_of, actual=actual, expected=expected, met=met, can_complete=complete)
    projection = project(window, t.deadline)
    risk = ""
    if code == "on_track" and projection is not None:
        projected_growth = (projection / base_total - 1) * HUNDRED
        if not meets(projected_growth, t.value, t.comparison, tolerance):
            direction = "高于" if projected_growth > t.value else "低于"
            risk = (
                f"，但按当前趋势预计全年累计{num(projection, 2)}，较{base_year}增长{num(projected_growth, 2)}%，"
                f"{direction}目标增长{num(t.value)}%"
            )
    extra = "，目前增速已达到目标，待全年数据确认" if met and not complete else ""
    # Growth compares like periods (the report's months with the same months of the baseline year),
    # so the expectation is taken at the report's period_end, not at as_of.
    if t.comparison in UPPER_BOUNDS:
        expected_text = f"按目标增速同期应控制在{num(expected, 2)}以内"
    else:
        expected_text = f"按目标增速同期应达到{num(expected, 2)}"
    return TargetStatus.of(
        code,
        progress_reason(
            t,
            code,
            head=head,
            goal=f"较{base_year}增长" + goal_text(t.comparison, t.value, "%", tolerance),
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
