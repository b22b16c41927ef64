"""The status engine (liangxin.monitoring.status): every status of every kind, the boundaries, Decimal
everywhere, and properties over generated input. Pure functions: no database.

Dates are chosen so that the expected path is a round number: the plan starts on 1 January 2024 and a
2025 target's deadline is 31 December 2025, 730 days later, so on 31 December 2024 exactly half the time
has passed. For an annual 2025 target, 2 July 2025 is day 182 of 364: again exactly half.
"""

from dataclasses import fields, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liangxin.monitoring.progress import STALE_DAYS
from liangxin.monitoring.rollup import roll_up
from liangxin.monitoring.status import evaluate
from liangxin.monitoring.status_codes import SEVERITY, STATUS_LABELS
from liangxin.monitoring.targets import (
    ACCUMULATIONS,
    COMPARISONS,
    KINDS,
    STAGES,
    Observation,
    TargetSpec,
    TargetStatus,
)

D = Decimal
START = date(2024, 1, 1)
HALF_2024 = date(2024, 12, 31)  # half way from START to 31 December 2025
HALF_2025 = date(2025, 7, 2)  # half way through 2025


def spec(
    kind="count", accumulation="cumulative", comparison=">=", year=2025, value="100", **extra
) -> TargetSpec:
    return TargetSpec(
        kind=kind,
        accumulation=accumulation,
        comparison=comparison,
        year=year,
        value=None if value is None else D(value),
        plan_start=extra.pop("plan_start", START),
        **extra,
    )


def ob(day: date, value=None, stage=None, reference=None) -> Observation:
    return Observation(
        period_end=day,
        value=None if value is None else D(value),
        stage=stage,
        reference=None if reference is None else D(reference),
    )


def assert_well_formed(result: TargetStatus):
    """Decimal (never float) in every number, labels from the table, one sentence of reason."""
    assert result.status in STATUS_LABELS
    assert result.label == STATUS_LABELS[result.status]
    for name in ("actual", "expected", "percent", "projection", "growth"):
        value = getattr(result, name)
        assert value is None or type(value) is Decimal, (name, value)
    if result.percent is not None:
        assert result.percent.as_tuple().exponent == -2
    assert isinstance(result.at_risk, bool)
    assert result.reason.endswith("。") and result.reason.count("。") == 1, result.reason
    assert result.label in result.reason, result.reason


def status_of(target, observations, as_of) -> TargetStatus:
    result = evaluate(target, observations, as_of)
    assert_well_formed(result)
    return result


# ---------------------------------------------------------------------------------------------
# cumulative (累计)


class TestCumulative:
    target = spec(unit="个")

    def test_expected_runs_in_a_straight_line_from_zero(self):
        result = status_of(self.target, [ob(HALF_2024, 44)], HALF_2024)
        assert result.expected == D("50.0000")
        assert result.actual == D(44)
        assert result.percent == D("88.00")
        assert result.status == "behind"
        assert (
            result.reason
            == "截至2024年12月31日累计完成44个，按进度应完成50个，目标为不低于100个，完成进度88%，滞后。"
        )

    @pytest.mark.parametrize(
        ("actual", "percent", "status"),
        [
            ("45", "90.00", "on_track"),  # exactly 90 %: on track
            ("44.99", "89.98", "behind"),
            ("35", "70.00", "behind"),  # exactly 70 %: behind, not seriously
            ("34.99", "69.98", "seriously_behind"),
            ("0", "0.00", "seriously_behind"),
            ("60", "120.00", "on_track"),  # ahead of the path but not yet at the target
        ],
    )
    def test_percent_boundaries(self, actual, percent, status):
        result = status_of(self.target, [ob(HALF_2024, actual)], HALF_2024)
        assert result.percent == D(percent)
        assert result.status == status

    def test_exactly_ninety_percent_is_written_without_trailing_zeros(self):
        result = status_of(self.target, [ob(HALF_2024, 45)], HALF_2024)
        assert "完成进度90%" in result.reason
        assert "正常推进" in result.reason

    def test_achieved_before_the_deadline(self):
        result = status_of(self.target, [ob(HALF_2024, 100)], HALF_2024)
        assert result.status == "achieved"
        assert result.label == "已完成"
        assert result.reason == "截至2024年12月31日累计完成100个，目标为不低于100个，已达到，已完成。"

    def test_deadline_day_is_still_in_progress_and_the_next_day_missed(self):
        deadline = date(2025, 12, 31)
        on_the_day = status_of(self.target, [ob(deadline, 95)], deadline)
        assert on_the_day.expected == D(100)
        assert on_the_day.percent == D("95.00")
        assert on_the_day.status == "on_track"
        after = status_of(self.target, [ob(deadline, 95)], deadline + timedelta(days=1))
        assert after.status == "missed"
        assert after.label == "未完成"
        assert after.reason.startswith("期限2025年12月31日已过")
        assert after.percent == D("95.00")

    def test_achieved_on_the_deadline_day(self):
        deadline = date(2025, 12, 31)
        assert status_of(self.target, [ob(deadline, 100)], deadline).status == "achieved"
        assert status_of(self.target, [ob(deadline, 100)], date(2027, 6, 1)).status == "achieved"

    def test_no_data(self):
        result = status_of(self.target, [], HALF_2024)
        assert result.status == "no_data"
        assert result.label == "未填报"
        assert result.actual is None and result.percent is None

    def test_no_data_after_the_deadline_stays_no_data_and_says_so(self):
        result = status_of(self.target, [], date(2026, 2, 1))
        assert result.status == "no_data"
        assert "期限2025年12月31日已过" in result.reason

    def test_baseline_is_the_start_of_the_path(self):
        target = spec(baseline_value=D(20))
        result = status_of(target, [ob(HALF_2024, 60)], HALF_2024)
        assert result.expected == D(60)  # 20 + (100 - 20) / 2
        assert result.percent == D("100.00")

    def test_very_start_expected_zero_is_on_track(self):
        result = status_of(self.target, [ob(START, 0)], START)
        assert result.expected == D(0)
        assert result.percent is None
        assert result.status == "on_track"

    def test_a_recent_report_is_judged_at_its_own_period_end(self):
        # 31 days later is the usual reporting delay, not lag: expected is read on 30 November
        result = status_of(self.target, [ob(date(2024, 11, 30), 45)], HALF_2024)
        assert result.expected == (D(100) * D(334) / D(730)).quantize(D("0.0001"))
        assert result.status == "on_track"
        assert "截至2024年11月30日累计完成45个，按进度应完成45.75个" in result.reason

    def test_a_stale_report_is_judged_at_as_of(self):
        stale = date(2024, 11, 30) + timedelta(days=STALE_DAYS + 1)
        result = status_of(self.target, [ob(date(2024, 11, 30), 45)], stale)
        assert result.expected == (D(100) * D((stale - START).days) / D(730)).quantize(D("0.0001"))
        assert result.period_end == date(2024, 11, 30)
        assert f"按{stale.year}年{stale.month}月{stale.day}日的进度应完成" in result.reason

    def test_past_the_deadline_a_report_is_judged_the_same_whatever_the_date(self):
        # a report of 30 November was the newest one could have on 31 December: it stays judged at its
        # own period end, not re-judged at the full target once it grows stale (found by hypothesis)
        report = [ob(date(2025, 11, 30), 90)]
        soon = status_of(self.target, report, date(2026, 1, 1))
        later = status_of(self.target, report, date(2026, 8, 1))
        assert soon == later
        assert soon.expected == (D(100) * D(699) / D(730)).quantize(D("0.0001"))

    def test_observations_after_as_of_do_not_count(self):
        result = status_of(self.target, [ob(HALF_2024, 45), ob(date(2025, 1, 31), 99)], HALF_2024)
        assert result.actual == D(45)

    def test_the_latest_observation_is_the_actual_whatever_the_input_order(self):
        observations = [ob(date(2024, 12, 31), 50), ob(date(2024, 6, 30), 20), ob(date(2024, 9, 30), 35)]
        assert status_of(self.target, observations, HALF_2024).actual == D(50)

    def test_of_two_reports_for_the_same_period_the_last_one_wins(self):
        result = status_of(self.target, [ob(HALF_2024, 10), ob(HALF_2024, 48)], HALF_2024)
        assert result.actual == D(48)
        assert result.projection is None  # one period is one point

    def test_judged_at_the_deadline_a_late_value_does_not_rescue_the_target(self):
        observations = [ob(date(2025, 12, 31), 80), ob(date(2026, 3, 31), 120)]
        result = status_of(self.target, observations, date(2026, 4, 30))
        assert result.status == "missed"
        assert result.actual == D(80)
        assert "期限后2026年3月31日的数据为120个，不计入该年目标" in result.reason


# ---------------------------------------------------------------------------------------------
# annual (每年)


class TestAnnual:
    target = spec(accumulation="annual", value="60", unit="个")

    @pytest.mark.parametrize(
        ("actual", "status"),
        [("27", "on_track"), ("26.99", "behind"), ("21", "behind"), ("20.99", "seriously_behind")],
    )
    def test_expected_is_the_share_of_the_year(self, actual, status):
        result = status_of(self.target, [ob(HALF_2025, actual)], HALF_2025)
        assert result.expected == D(30)
        assert result.status == status

    def test_exact_boundaries(self):
        assert status_of(self.target, [ob(HALF_2025, 27)], HALF_2025).percent == D("90.00")
        assert status_of(self.target, [ob(HALF_2025, 21)], HALF_2025).percent == D("70.00")

    def test_achieved_early_in_the_year(self):
        result = status_of(self.target, [ob(date(2025, 9, 30), 61)], date(2025, 9, 30))
        assert result.status == "achieved"

    def test_a_year_that_has_not_begun(self):
        result = status_of(self.target, [ob(date(2024, 12, 31), 70)], date(2024, 12, 31))
        assert result.status == "not_started"
        assert result.label == "未启动"
        assert "2025年度目标自2025年1月1日起计" in result.reason

    def test_first_of_january_without_data_is_no_data(self):
        result = status_of(self.target, [ob(date(2024, 12, 31), 70)], date(2025, 1, 1))
        assert result.status == "no_data"  # last year's total does not count for this year
        assert "2025年度" in result.reason

    def test_first_of_january_expected_is_zero_and_on_track(self):
        result = status_of(self.target, [ob(date(2025, 1, 1), 0)], date(2025, 1, 1))
        assert result.expected == D(0)
        assert result.percent is None
        assert result.status == "on_track"
        assert "按进度目前应完成0" in result.reason

    def test_only_the_target_year_counts(self):
        observations = [ob(date(2024, 12, 31), 70), ob(date(2025, 6, 30), 10)]
        result = status_of(self.target, observations, HALF_2025)
        assert result.actual == D(10)
        assert result.status == "seriously_behind"

    def test_deadline_day_and_missed_after(self):
        last_day = date(2025, 12, 31)
        assert status_of(self.target, [ob(last_day, 55)], last_day).status == "on_track"
        assert status_of(self.target, [ob(last_day, 55)], last_day).expected == D(60)
        after = status_of(self.target, [ob(last_day, 55), ob(date(2026, 1, 31), 9)], date(2026, 2, 1))
        assert after.status == "missed"
        assert after.actual == D(55)

    def test_annual_upper_bound_is_judged_on_pace_until_the_year_is_over(self):
        cap = spec(accumulation="annual", comparison="<=", value="100")
        in_budget = status_of(cap, [ob(HALF_2025, 40)], HALF_2025)
        assert in_budget.status == "on_track"  # under the cap, but the year is not over
        assert in_budget.percent == D("125.00")  # expected / actual: lower is better
        over_pace = status_of(cap, [ob(HALF_2025, 60)], HALF_2025)
        assert over_pace.percent == D("83.33")
        assert over_pace.status == "behind"
        assert status_of(cap, [ob(HALF_2025, 0)], HALF_2025).status == "on_track"
        assert status_of(cap, [ob(date(2025, 12, 31), 95)], date(2025, 12, 31)).status == "achieved"
        assert status_of(cap, [ob(date(2025, 11, 30), 95)], date(2026, 1, 10)).status == "achieved"
        assert status_of(cap, [ob(date(2025, 12, 31), 101)], date(2026, 1, 10)).status == "missed"


# ---------------------------------------------------------------------------------------------
# level (机械化率, 比重)


class TestLevel:
    def test_expected_runs_from_the_baseline(self):
        target = spec(kind="percent", accumulation="level", value="92.95", baseline_value=D(90), unit="%")
        result = status_of(target, [ob(HALF_2024, 91)], HALF_2024)
        assert result.expected == D("91.4750")
        assert result.percent == D("67.80")  # closed 1 of the 1.475 points expected by now
        assert result.status == "seriously_behind"
        assert result.reason.startswith("截至2024年12月31日为91%，按进度应达到91.48%")
        assert status_of(target, [ob(HALF_2024, "91.35")], HALF_2024).status == "on_track"
        assert status_of(target, [ob(HALF_2024, 85)], HALF_2024).percent == D("0.00")  # below its start

    def test_without_a_baseline_the_first_observation_is_the_start(self):
        target = spec(kind="percent", accumulation="level", value="90")
        result = status_of(target, [ob(date(2024, 3, 31), 50), ob(HALF_2024, 60)], HALF_2024)
        # the path runs from the first report (31 March 2024, 50) to 90 on 31 December 2025
        share = D((HALF_2024 - date(2024, 3, 31)).days) / D((date(2025, 12, 31) - date(2024, 3, 31)).days)
        assert result.expected == (50 + 40 * share).quantize(D("0.0001"))
        assert result.status == "seriously_behind"

    def test_achieved_and_missed(self):
        target = spec(kind="percent", accumulation="level", value="92.95")
        assert status_of(target, [ob(HALF_2024, "92.95")], HALF_2024).status == "achieved"
        assert status_of(target, [ob(date(2025, 12, 31), "92.9")], date(2026, 1, 1)).status == "missed"

    @pytest.mark.parametrize(
        ("actual", "achieved"),
        [("87.4", True), ("87.39", False), ("92", True), ("96.6", True), ("120", True), ("0", False)],
    )
    def test_approximately_within_default_tolerance(self, actual, achieved):
        target = spec(kind="percent", accumulation="level", comparison="≈", year=2027, value="92")
        result = status_of(target, [ob(date(2027, 12, 31), actual)], date(2028, 1, 5))
        assert result.status == ("achieved" if achieved else "missed")

    def test_approximately_outside_tolerance_before_the_deadline_is_graded_on_pace(self):
        target = spec(kind="percent", accumulation="level", comparison="≈", year=2025, value="92", unit="%")
        result = status_of(target, [ob(HALF_2024, "87.39")], HALF_2024)
        assert result.expected == D("87.39")  # one report: the path starts there, nothing to judge yet
        assert result.status == "on_track"
        assert "目标为92%左右（不低于87.4%即视为达到）" in result.reason

    def test_approximately_with_a_stated_tolerance(self):
        target = spec(kind="percent", accumulation="level", comparison="≈", value="92", tolerance=D(2))
        assert status_of(target, [ob(HALF_2024, "90.16")], HALF_2024).status == "achieved"
        assert status_of(target, [ob(date(2025, 12, 31), "90.15")], date(2026, 1, 1)).status == "missed"

    def test_at_most_lower_is_better(self):
        target = spec(kind="percent", accumulation="level", comparison="<=", value="5", baseline_value=D(10))
        on_pace = status_of(target, [ob(HALF_2024, 8)], HALF_2024)
        assert on_pace.expected == D("7.5")
        assert on_pace.percent == D("80.00")  # came down 2 of the 2.5 points expected by now
        assert on_pace.status == "behind"
        assert "应控制在7.5以内" in on_pace.reason
        assert status_of(target, [ob(HALF_2024, "7.7")], HALF_2024).status == "on_track"
        assert status_of(target, [ob(HALF_2024, 10)], HALF_2024).status == "seriously_behind"
        assert status_of(target, [ob(HALF_2024, 12)], HALF_2024).percent == D("0.00")
        assert status_of(target, [ob(HALF_2024, 5)], HALF_2024).status == "achieved"
        assert status_of(target, [ob(HALF_2024, 0)], HALF_2024).status == "achieved"
        assert status_of(target, [ob(date(2025, 12, 31), 6)], date(2026, 1, 1)).status == "missed"

    def test_strict_comparisons(self):
        below = spec(kind="percent", accumulation="level", comparison="<", value="5")
        above = spec(kind="percent", accumulation="level", comparison=">", value="5")
        exact = spec(kind="percent", accumulation="level", comparison="=", value="5")
        after = date(2026, 1, 1)
        observation = [ob(date(2025, 12, 31), 5)]
        assert status_of(below, observation, after).status == "missed"
        assert status_of(above, observation, after).status == "missed"
        assert status_of(exact, observation, after).status == "achieved"
        assert status_of(below, [ob(date(2025, 12, 31), "4.99")], after).status == "achieved"
        assert status_of(above, [ob(date(2025, 12, 31), "5.01")], after).status == "achieved"


# ---------------------------------------------------------------------------------------------
# growth (较2023年增长x%)


class TestGrowth:
    monthly = tuple(D(100) for _ in range(6)) + tuple(D(200) for _ in range(6))

    def target(self, **extra):
        return spec(kind="growth", accumulation="annual", value="15", baseline_year=2023, **extra)

    def test_without_a_baseline(self):
        result = status_of(self.target(), [ob(HALF_2025, 500)], HALF_2025)
        assert result.status == "no_data"
        assert "缺少基准年数据" in result.reason

    def test_monthly_baseline_compares_the_same_months(self):
        result = status_of(
            self.target(baseline_monthly=self.monthly), [ob(date(2025, 6, 30), 690)], date(2025, 7, 10)
        )
        assert result.growth == D("15.00")
        assert result.expected == D(690)  # (6 x 100) x 1.15
        assert result.percent == D("100.00")
        assert result.status == "on_track"  # met so far, but not yet for the full year
        assert "较2023年同期600增长15%" in result.reason
        assert "待全年数据确认" in result.reason

    def test_monthly_baseline_pro_rates_a_part_month(self):
        result = status_of(
            self.target(baseline_monthly=self.monthly), [ob(date(2025, 7, 15), 800)], date(2025, 7, 15)
        )
        same_period = D(600) + D(200) * D(15) / D(31)
        assert result.expected == (same_period * D("1.15")).quantize(D("0.0001"))

    def test_monthly_baseline_is_preferred_to_the_annual_one(self):
        both = self.target(baseline_monthly=self.monthly, baseline_value=D(1800))
        assert status_of(both, [ob(date(2025, 6, 30), 690)], date(2025, 6, 30)).growth == D("15.00")
        # pro-rating the same annual total by days gives a very different picture: 181/365 of 1800
        annual = status_of(
            self.target(baseline_value=D(1800)), [ob(date(2025, 6, 30), 690)], date(2025, 6, 30)
        )
        assert annual.growth == D("-22.70")
        assert annual.status == "seriously_behind"
        assert "下降22.7%" in annual.reason

    def test_annual_baseline_is_pro_rated_by_days(self):
        target = self.target(baseline_value=D(3650))
        result = status_of(target, [ob(date(2025, 3, 31), 1035)], date(2025, 3, 31))  # 90 of 365 days
        assert result.expected == D(1035)
        assert result.growth == D("15.00")
        assert result.status == "on_track"
        behind = status_of(target, [ob(date(2025, 3, 31), 800)], date(2025, 3, 31))
        assert behind.percent == D("77.29")
        assert behind.status == "behind"
        assert status_of(target, [ob(date(2025, 3, 31), 700)], date(2025, 3, 31)).status == "seriously_behind"

    def test_reported_same_period_baseline_is_used_without_a_plan_baseline(self):
        result = status_of(self.target(), [ob(date(2025, 6, 30), 690, reference=600)], date(2025, 7, 5))
        assert result.growth == D("15.00")
        assert result.expected == D(690)
        assert "较2023年同期600增长15%" in result.reason
        behind = status_of(self.target(), [ob(date(2025, 6, 30), 550, reference=600)], date(2025, 7, 5))
        assert behind.status == "behind" and behind.growth == D("-8.33")

    def test_reported_baseline_wins_over_the_pro_rated_plan_baseline(self):
        target = self.target(baseline_value=D(3650))
        result = status_of(target, [ob(date(2025, 3, 31), 1035, reference=1000)], date(2025, 3, 31))
        assert result.growth == D("3.50")

    def test_a_later_years_goal_without_a_report_this_year_is_no_data_not_not_started(self):
        result = status_of(self.target(year=2027), [], date(2026, 11, 28))
        assert result.status == "no_data"
        assert "2026年度尚无已采纳的填报数据" in result.reason

    def test_full_year(self):
        target = self.target(baseline_value=D(1000))
        year_end = date(2025, 12, 31)
        achieved = status_of(target, [ob(year_end, 1150)], year_end)
        assert achieved.status == "achieved"
        assert achieved.growth == D("15.00")
        short = status_of(target, [ob(year_end, 1100)], year_end)
        assert short.status == "on_track"  # the deadline day itself is not yet past
        assert short.percent == D("95.65")
        missed = status_of(target, [ob(year_end, 1100)], date(2026, 1, 15))
        assert missed.status == "missed"
        assert "未达到目标（较2023年增长不低于15%）" in missed.reason

    def test_after_the_year_the_last_report_of_the_year_decides(self):
        target = self.target(baseline_value=D(3650))
        result = status_of(target, [ob(date(2025, 11, 30), 4000)], date(2026, 2, 1))
        assert result.status == "achieved"  # 4000 against 3340 for Jan..Nov: +19.76 %

    def test_a_future_year_is_judged_on_its_path_and_has_no_report_yet(self):
        result = status_of(self.target(baseline_value=D(1000)), [], date(2024, 6, 30))
        assert result.status == "no_data"
        assert "2024年度尚无已采纳的填报数据" in result.reason

    def test_before_the_plan_starts_it_is_not_started(self):
        result = status_of(self.target(baseline_value=D(1000)), [], date(2023, 6, 30))
        assert result.status == "not_started"

    def test_zero_baseline(self):
        result = status_of(self.target(baseline_value=D(0)), [ob(HALF_2025, 10)], HALF_2025)
        assert result.status == "no_data"
        assert "无法计算增长率" in result.reason

    def test_projection_flags_a_year_that_will_fall_short(self):
        target = self.target(baseline_value=D(1000))
        observations = [ob(date(2025, 3, 31), 290), ob(date(2025, 6, 30), 560)]
        result = status_of(target, observations, date(2025, 6, 30))
        assert result.status == "on_track"
        assert result.at_risk is True
        assert result.projection == D("1105.9341")
        assert "但按当前趋势预计2025年全年累计1105.93，较2023年增长10.59%，低于目标增长15%" in result.reason


# ---------------------------------------------------------------------------------------------
# milestone (基本淘汰, 全部完成) and qualitative targets


class TestMilestone:
    target = spec(kind="milestone", accumulation="level", comparison="=", value=None)

    def test_every_stage(self):
        as_of = date(2025, 7, 1)
        for stage, status, label in [
            ("not_started", "not_started", "未启动"),
            ("under_way", "under_way", "推进中"),
            ("done", "achieved", "已完成"),  # one 已完成 for every kind of target
        ]:
            result = status_of(self.target, [ob(date(2025, 6, 30), stage=stage)], as_of)
            assert (result.status, result.label) == (status, label)
            assert result.percent is None and result.actual is None

    def test_latest_stage_wins(self):
        observations = [ob(date(2025, 3, 31), stage="done"), ob(date(2025, 6, 30), stage="under_way")]
        assert status_of(self.target, observations, date(2025, 7, 1)).status == "under_way"

    def test_no_data(self):
        assert status_of(self.target, [], date(2025, 7, 1)).status == "no_data"
        late = status_of(self.target, [], date(2026, 1, 1))
        assert late.status == "no_data"
        assert "期限2025年12月31日已过" in late.reason

    def test_deadline_day_and_after(self):
        under_way = [ob(date(2025, 12, 31), stage="under_way")]
        on_the_day = status_of(self.target, under_way, date(2025, 12, 31))
        assert on_the_day.status == "under_way"
        assert "今天（2025年12月31日）即为期限" in on_the_day.reason
        assert status_of(self.target, under_way, date(2026, 1, 1)).status == "missed"
        not_started = [ob(date(2025, 12, 31), stage="not_started")]
        assert status_of(self.target, not_started, date(2026, 1, 1)).status == "missed"

    def test_done_in_time_stays_done(self):
        done = status_of(self.target, [ob(date(2025, 9, 30), stage="done")], date(2027, 1, 1))
        assert done.status == "achieved"

    def test_done_late_is_missed_and_says_so(self):
        observations = [ob(date(2025, 12, 31), stage="under_way"), ob(date(2026, 3, 31), stage="done")]
        result = status_of(self.target, observations, date(2026, 4, 1))
        assert result.status == "missed"
        assert "2026年3月31日报送已完成，晚于期限" in result.reason

    def test_empty_stage_is_no_stage(self):
        assert Observation(period_end=date(2025, 6, 30), value=None, stage="").stage is None


class TestQualitative:
    target = spec(kind="percent", accumulation="level", year=2027, value=None)  # 大幅提升

    def test_without_a_report_it_is_no_data(self):
        result = status_of(self.target, [], date(2025, 6, 30))
        assert result.status == "no_data"
        assert result.reason == "定性目标，尚未报送情况，未填报。"

    def test_a_reported_value_awaits_judgement_not_no_data(self):
        # issue 11 D.5: a reported 51.82 showed as 未填报
        target = replace(self.target, note="大幅提升", unit="%")
        result = status_of(target, [ob(date(2025, 6, 30), "51.82")], date(2025, 6, 30))
        assert (result.status, result.label) == ("judgement", "待人工判断")
        assert result.actual == D("51.82")
        assert result.reason == (
            "定性目标（大幅提升），2025年6月30日填报值为51.82%，是否达到需人工判断，待人工判断。"
        )

    def test_a_reported_stage_makes_it_a_milestone(self):
        result = status_of(self.target, [ob(date(2025, 6, 30), stage="under_way")], date(2025, 6, 30))
        assert result.status == "under_way"
        done = status_of(self.target, [ob(date(2027, 6, 30), stage="done")], date(2028, 1, 1))
        assert done.status == "achieved"


# ---------------------------------------------------------------------------------------------
# relative (高于全市平均水平, 不低于各项贷款增速)


class TestRelative:
    above = spec(kind="relative", accumulation="level", comparison=">", value=None)
    at_least = spec(kind="relative", accumulation="level", comparison=">=", value=None, unit="%")

    def test_strictly_above(self):
        assert status_of(self.above, [ob(HALF_2025, "0.95", reference="0.9")], HALF_2025).status == "achieved"
        equal = status_of(self.above, [ob(HALF_2025, "0.9", reference="0.9")], HALF_2025)
        assert equal.status == "behind"
        assert equal.label == "滞后"
        assert equal.actual == D("0.9") and equal.expected == D("0.9")

    def test_at_least(self):
        result = status_of(self.at_least, [ob(HALF_2025, "8.1", reference="8.1")], HALF_2025)
        assert result.status == "achieved"
        assert result.reason == "截至2025年7月2日本项为8.1%，对比值为8.1%，达到要求（不低于对比值），已完成。"

    def test_missed_after_the_deadline(self):
        result = status_of(self.at_least, [ob(date(2025, 12, 31), "7", reference="8")], date(2026, 1, 1))
        assert result.status == "missed"
        # issue 11 D.5: the reason read "未不低于对比值"
        assert result.reason == (
            "期限2025年12月31日已过，期限内最近一期（2025年12月31日）本项为7%，对比值为8%，低于对比值，"
            "未达到要求（不低于对比值），未完成。"
        )

    @pytest.mark.parametrize("comparison", COMPARISONS)
    def test_reasons_never_negate_a_negation(self, comparison):
        target = replace(self.at_least, comparison=comparison)
        for as_of in (HALF_2025, date(2026, 1, 1)):
            for value, reference in (("7", "8"), ("9", "8"), ("8", "8")):
                result = status_of(target, [ob(date(2025, 6, 30), value, reference=reference)], as_of)
                assert "未不" not in result.reason and "尚未不" not in result.reason
                assert "尚未高于" not in result.reason and "尚未低于" not in result.reason

    def test_behind_says_what_the_figures_show(self):
        result = status_of(self.at_least, [ob(date(2025, 6, 30), "7", reference="8")], HALF_2025)
        assert result.reason == (
            "截至2025年6月30日本项为7%，对比值为8%，低于对比值，尚未达到要求（不低于对比值），滞后。"
        )

    def test_missing_figures_are_no_data(self):
        assert status_of(self.at_least, [ob(HALF_2025, "7")], HALF_2025).status == "no_data"
        assert status_of(self.at_least, [ob(HALF_2025, reference="7")], HALF_2025).status == "no_data"
        assert status_of(self.at_least, [], HALF_2025).status == "no_data"

    def test_the_latest_complete_pair_is_used(self):
        observations = [ob(date(2025, 3, 31), "9", reference="8"), ob(date(2025, 6, 30), "7")]
        result = status_of(self.at_least, observations, HALF_2025)
        assert result.status == "achieved"
        assert result.period_end == date(2025, 3, 31)


# ---------------------------------------------------------------------------------------------
# projection


class TestProjection:
    target = spec(unit="个")

    def test_none_with_fewer_than_two_points(self):
        assert status_of(self.target, [], HALF_2024).projection is None
        assert status_of(self.target, [ob(HALF_2024, 50)], HALF_2024).projection is None

    def test_least_squares_line_to_the_deadline(self):
        observations = [ob(date(2024, 1, 1), 0), ob(date(2024, 1, 11), 1), ob(date(2024, 1, 21), 2)]
        assert status_of(self.target, observations, date(2024, 1, 21)).projection == D("73.0000")  # day 730

    def test_on_track_but_at_risk(self):
        observations = [ob(date(2024, 12, 1), 48), ob(HALF_2024, 50)]
        result = status_of(self.target, observations, HALF_2024)
        assert result.status == "on_track"
        assert result.at_risk is True
        assert result.projection == D("74.3333")
        assert result.reason.endswith("正常推进，但按当前趋势预计到期末达到74.33个，低于目标100个。")

    def test_on_track_and_not_at_risk(self):
        result = status_of(self.target, [ob(START, 0), ob(HALF_2024, 50)], HALF_2024)
        assert result.projection == D(100)
        assert result.at_risk is False
        assert "趋势" not in result.reason

    def test_at_risk_only_for_on_track(self):
        observations = [ob(date(2024, 12, 1), 44), ob(HALF_2024, 44)]
        result = status_of(self.target, observations, HALF_2024)
        assert result.status == "behind"
        assert result.at_risk is False

    def test_approximately_at_risk_names_the_lower_bound(self):
        target = spec(
            kind="percent", accumulation="level", comparison="≈", value="92", unit="%", baseline_value=D(80)
        )
        observations = [ob(date(2024, 12, 1), "85.4"), ob(HALF_2024, "85.45")]
        result = status_of(target, observations, HALF_2024)
        assert result.status == "on_track" and result.at_risk
        assert "低于目标92%左右的下限87.4%" in result.reason


# ---------------------------------------------------------------------------------------------
# types, validation, severity, roll-up


def test_plan_not_started():
    result = status_of(spec(), [], date(2023, 12, 31))
    assert result.status == "not_started"


def test_numbers_are_decimals_never_floats():
    result = status_of(spec(), [ob(date(2024, 6, 30), 20), ob(HALF_2024, 44)], HALF_2024)
    assert all(
        type(v) is Decimal for v in (result.actual, result.expected, result.percent, result.projection)
    )
    with pytest.raises(TypeError):
        TargetSpec("count", "cumulative", ">=", 2025, 100.0, START)
    with pytest.raises(TypeError):
        Observation(period_end=HALF_2024, value=0.5)
    with pytest.raises(ValueError):
        Observation(period_end=HALF_2024, value=D("NaN"))
    assert type(TargetSpec("count", "cumulative", ">=", 2025, 100, START).value) is Decimal


def test_validation():
    with pytest.raises(ValueError):
        spec(kind="ratio")
    with pytest.raises(ValueError):
        spec(accumulation="monthly")
    with pytest.raises(ValueError):
        spec(comparison="~")
    with pytest.raises(ValueError):
        spec(baseline_monthly=(D(1),) * 11)
    with pytest.raises(ValueError):
        Observation(period_end=HALF_2024, value=None, stage="finished")


def test_severity_is_a_documented_total_order():
    assert list(SEVERITY) == list(STATUS_LABELS)
    assert sorted(SEVERITY, key=SEVERITY.get) == [
        "achieved",
        "on_track",
        "under_way",
        "not_started",
        "judgement",
        "behind",
        "seriously_behind",
        "missed",
        "no_data",
    ]
    assert len(set(SEVERITY.values())) == len(SEVERITY)


def _made(status: str, percent: str | None = None, at_risk: bool = False) -> TargetStatus:
    return TargetStatus(
        status=status,
        label=STATUS_LABELS[status],
        actual=None,
        expected=None,
        percent=None if percent is None else D(percent),
        projection=None,
        reason="。",
        at_risk=at_risk,
    )


def test_roll_up():
    summary = roll_up([_made("on_track", "95", at_risk=True), _made("behind", "80.01"), _made("achieved")])
    assert summary["total"] == 3
    assert summary["counts"]["on_track"] == 1 and summary["counts"]["behind"] == 1
    assert summary["counts"]["achieved"] == 1 and summary["counts"]["missed"] == 0
    assert list(summary["counts"]) == list(SEVERITY)
    assert summary["worst"] == "behind"
    assert summary["percent"] == D("87.51")  # (95 + 80.01) / 2 = 87.505, half up
    assert summary["at_risk"] == 1


def test_roll_up_of_nothing():
    assert roll_up([]) == {
        "total": 0,
        "counts": dict.fromkeys(SEVERITY, 0),
        "worst": None,
        "percent": None,
        "at_risk": 0,
    }


# ---------------------------------------------------------------------------------------------
# properties

FAST = settings(max_examples=200, deadline=None)
# Days of 2024..2028, drawn as one integer each (cheaper than st.dates, which draws y/m/d).
DAYS = st.integers(0, (date(2028, 12, 31) - START).days).map(lambda n: START + timedelta(days=n))
# Decimals 0 .. 1e6 with 4 places, drawn as integers of ten-thousandths (much faster than st.decimals).
VALUES = st.integers(0, 10**10).map(lambda n: D(n).scaleb(-4))
POSITIVE = st.integers(1, 10**10).map(lambda n: D(n).scaleb(-4))

# A baseline year's months: one drawn size spread by a fixed seasonal pattern (drawing 12 independent
# decimals per example is what makes the properties slow). The zero months at the start exercise a
# same-period baseline of 0.
SEASONS = (0, 0, D("0.5"), 1, 1, D("1.5"), 2, 2, D("1.5"), 1, 1, D("0.75"))
MONTHLY = VALUES.map(lambda size: tuple(size * D(weight) for weight in SEASONS))


@st.composite
def targets(draw, kinds=KINDS, comparisons=COMPARISONS, quantitative=False):
    kind = draw(st.sampled_from(kinds))
    year = draw(st.integers(2024, 2028))
    start_year = draw(st.just(2024) | st.integers(2024, year))  # mostly a plan starting in 2024
    qualitative_ok = kind in ("milestone", "relative") or not quantitative
    value = draw(st.one_of(VALUES, VALUES, VALUES, st.none())) if qualitative_ok else draw(VALUES)
    return TargetSpec(
        kind=kind,
        accumulation=draw(st.sampled_from(ACCUMULATIONS)),
        comparison=draw(st.sampled_from(comparisons)),
        year=year,
        value=None if kind in ("milestone", "relative") else value,
        plan_start=date(start_year, 1, 1),
        tolerance=draw(st.none() | st.decimals(min_value=0, max_value=20, places=2)),
        baseline_value=draw(st.none() | VALUES),
        baseline_monthly=draw(st.just(()) | MONTHLY),
        unit=draw(st.sampled_from(["", "个", "%", "亿元"])),
        baseline_year=draw(st.none() | st.just(2023)),
    )


# Strategies are built once at import: building them per example (st.integers(first, last) for each
# target) is what makes hypothesis slow, so the per-target parts are drawn as plain numbers and mapped.
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2028, 12, 31)
OFFSETS = st.integers(0, 3 * 366)
RATIOS = st.integers(0, 20_000).map(lambda n: D(n).scaleb(-4))  # 0 .. 2, four places
# a reported value: any value, or a share of the target between 0 and 2 (where the thresholds are)
REPORTED = st.one_of(VALUES.map(lambda v: ("value", v)), RATIOS.map(lambda r: ("ratio", r)))


def day_around(year: int, offset: int) -> date:
    """A day from a year before to a year after the target's year, kept within 2024..2028: that is
    where the statuses change; days drawn from all five years mostly test "not yet" and "no data"."""
    first = max(FIRST_DAY, date(year - 1, 1, 1))
    last = min(LAST_DAY, date(year + 1, 12, 31))
    return first + timedelta(days=offset % ((last - first).days + 1))


def value_for(target: TargetSpec, reported) -> Decimal:
    kind, number = reported
    if kind == "ratio" and target.value:
        return (target.value * number).quantize(D("0.0001"))
    return number


@st.composite
def scenarios(draw, **target_options):
    """A target, some accepted observations and a date to judge it on."""
    target = draw(targets(**target_options))
    rows = draw(
        st.lists(
            st.tuples(OFFSETS, REPORTED | st.none(), st.none() | st.sampled_from(STAGES), VALUES | st.none()),
            min_size=1,  # no observations at all is covered by the unit tests
            max_size=6,
        )
    )
    observations = [
        Observation(
            period_end=day_around(target.year, offset),
            value=None if reported is None else value_for(target, reported),
            stage=stage,
            reference=reference,
        )
        for offset, reported, stage, reference in rows
    ]
    return target, observations, day_around(target.year, draw(OFFSETS))


@FAST
@given(scenario=scenarios())
def test_evaluate_never_raises_and_percent_is_never_negative(scenario):
    """Two properties on the same generated input (one test, to keep the file fast): evaluate never
    raises and returns a well-formed status; with non-negative values the percent is never negative."""
    result = evaluate(*scenario)
    assert_well_formed(result)
    assert result.percent is None or result.percent >= 0


@FAST
@given(
    target=targets(
        kinds=("count", "amount", "percent", "growth"), comparisons=(">=", ">", "≈"), quantitative=True
    ),
    history=st.lists(st.tuples(OFFSETS, REPORTED), max_size=4),
    last_offset=OFFSETS,
    lag=OFFSETS,
    reported=REPORTED,
    more=POSITIVE,
)
def test_more_progress_never_makes_the_status_worse(target, history, last_offset, lag, reported, more):
    """For ">=" kinds: raising the latest reported value never moves the status to a worse one."""
    last_day = day_around(target.year, last_offset)
    as_of = max(last_day, day_around(target.year, lag))
    earlier = [ob(day_around(target.year, o), value_for(target, r)) for o, r in history]
    earlier = [o for o in earlier if o.period_end < last_day]
    value = value_for(target, reported)
    less = evaluate(target, [*earlier, ob(last_day, value)], as_of)
    greater = evaluate(target, [*earlier, ob(last_day, value + more)], as_of)
    assert SEVERITY[greater.status] <= SEVERITY[less.status], (less.reason, greater.reason)


@FAST
@given(
    reference=VALUES,
    value=VALUES,
    more=POSITIVE,
    comparison=st.sampled_from([">=", ">", "≈"]),
    as_of=DAYS,
)
def test_more_progress_never_makes_a_relative_status_worse(reference, value, more, comparison, as_of):
    target = spec(kind="relative", accumulation="level", comparison=comparison, value=None)
    day = min(as_of, date(2025, 12, 31))
    less = evaluate(target, [ob(day, value, reference=reference)], as_of)
    greater = evaluate(target, [ob(day, value + more, reference=reference)], as_of)
    assert SEVERITY[greater.status] <= SEVERITY[less.status]


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios(), days_after=st.integers(1, 2000), more_days=st.integers(1, 2000))
def test_a_target_is_frozen_once_its_deadline_has_passed(scenario, days_after, more_days):
    """Once 31 December of its year has passed, a target's status no longer depends on the date."""
    target, observations, _ = scenario
    in_time = [o for o in observations if o.period_end <= target.deadline]
    first = target.deadline + timedelta(days=days_after)
    assert evaluate(target, in_time, first) == evaluate(target, in_time, first + timedelta(days=more_days))


STATUSES = st.builds(
    _made,
    st.sampled_from(list(STATUS_LABELS)),
    st.none() | st.integers(0, 100_000).map(lambda n: str(D(n).scaleb(-2))),
    st.booleans(),
)


@settings(max_examples=100, deadline=None)
@given(statuses=st.lists(STATUSES, max_size=20))
def test_roll_up_counts_sum_to_total(statuses):
    summary = roll_up(statuses)
    assert sum(summary["counts"].values()) == summary["total"] == len(statuses)
    if statuses:
        assert SEVERITY[summary["worst"]] == max(SEVERITY[s.status] for s in statuses)
    percents = [s.percent for s in statuses if s.percent is not None]
    if percents:
        assert min(percents) <= summary["percent"] <= max(percents)
        assert type(summary["percent"]) is Decimal
    else:
        assert summary["percent"] is None


def test_status_fields_are_the_documented_ones():
    names = [f.name for f in fields(TargetStatus)]
    assert names[:7] == ["status", "label", "actual", "expected", "percent", "projection", "reason"]
    assert replace(_made("behind"), at_risk=True).at_risk is True
