"""Issue 11 D.17 and D.5: a final-year growth goal (到2027年较2023年增长30%) is judged every year on its
path, and an achieved target never shows under 100 %. Exact Decimal figures; no database."""

from datetime import date
from decimal import Decimal

from liangxin.monitoring.status import evaluate
from liangxin.monitoring.targets import Observation, TargetSpec

D = Decimal
START = date(2024, 1, 1)
# the baseline year 2023 month by month: 100 a month, 1200 in the year
MONTHLY = tuple(D(100) for _ in range(12))


def goal(value: str, year: int = 2027, milestones=(), **extra) -> TargetSpec:
    return TargetSpec(
        kind="growth",
        accumulation="annual",
        comparison=">=",
        year=year,
        value=D(value),
        plan_start=START,
        baseline_year=2023,
        baseline_monthly=extra.pop("baseline_monthly", MONTHLY),
        **({"milestones": milestones} if milestones else {}),
        **extra,
    )


def ob(day: date, value: str) -> Observation:
    return Observation(period_end=day, value=D(value))


def test_the_path_runs_from_the_baseline_year_to_the_final_target():
    from liangxin.monitoring.growth import path_growth

    equipment = goal("28")
    assert [path_growth(equipment, y)[0] for y in (2024, 2025, 2026)] == [D(7), D(14), D(21)]
    used_cars = goal("45")
    assert [path_growth(used_cars, y)[0] for y in (2024, 2025, 2026)] == [D("11.25"), D("22.5"), D("33.75")]


def test_the_path_runs_from_the_last_intermediate_target():
    from liangxin.monitoring.growth import path_growth

    recycling = goal("30", milestones=((2025, D(15)),))
    assert path_growth(recycling, 2024) == (D("7.5"), 2023, D(0))
    assert path_growth(recycling, 2025) == (D(15), 2025, D(15))
    assert path_growth(recycling, 2026) == (D("22.5"), 2025, D(15))
    # a different intermediate target bends the line
    steeper = goal("30", milestones=((2025, D(20)),))
    assert path_growth(steeper, 2026) == (D(25), 2025, D(20))
    assert path_growth(steeper, 2024) == (D("7.5"), 2023, D(0))


def test_a_2027_goal_is_judged_in_2026_not_not_started():
    # Jan..Jun 2026: 700 against 600 in Jan..Jun 2023, +16.67 %; the path asks +22.5 % in 2026
    recycling = goal("30", milestones=((2025, D(15)),))
    observations = [ob(date(2026, 3, 31), "340"), ob(date(2026, 6, 30), "700")]
    result = evaluate(recycling, observations, date(2026, 7, 10))
    assert result.status == "on_track"  # 700 of the 735 the path expects by June: 95.24 %
    assert result.growth == D("16.67")
    assert result.expected == D("735.0000")  # 600 x 1.225
    assert result.percent == D("95.24")
    assert result.projection == D("1427.9121")
    assert result.at_risk is True
    assert result.reason == (
        "截至2026年6月30日，2026年累计700，较2023年同期600增长16.67%，按路径本年同期应达到735，"
        "目标为到2027年较2023年增长不低于30%（按自2025年目标增长15%至2027年目标的直线路径，"
        "2026年应较2023年增长22.5%），完成进度95.24%，正常推进，但按当前趋势预计2026年全年累计1427.91，"
        "较2023年增长18.99%，低于本年按路径应增长22.5%。"
    )


def test_on_the_path_is_on_track_with_its_projection():
    equipment = goal("28")
    observations = [ob(date(2025, 3, 31), "342"), ob(date(2025, 6, 30), "684")]  # +14 % both times
    result = evaluate(equipment, observations, date(2025, 7, 15))
    assert result.status == "on_track"
    assert result.growth == D("14.00")
    assert result.expected == D("684.0000")  # 600 x 1.14
    assert result.percent == D("100.00")
    assert result.at_risk is False
    assert result.projection == D("1375.5165")  # the line through 342 and 684, on 31 December
    assert "2025年应较2023年增长14%" in result.reason
    assert "本年增速已达到路径要求" in result.reason


def test_far_below_the_path_is_seriously_behind_and_never_missed_before_the_final_year():
    used_cars = goal("45")
    result = evaluate(used_cars, [ob(date(2024, 12, 31), "1200")], date(2025, 1, 20))
    # early in 2025 before its first report: 2024's full year decides, +0 % against +11.25 %
    assert result.status == "behind"
    assert result.expected == D("1335.0000")  # 1200 x 1.1125
    assert result.percent == D("89.89")
    assert "2024年应较2023年增长11.25%" in result.reason
    poor = evaluate(used_cars, [ob(date(2026, 12, 31), "600")], date(2026, 12, 31))
    assert poor.status == "seriously_behind"  # 600 against 1605 for 2026 on the path, not 未完成
    assert poor.percent == D("37.38")
    assert "（按自2023年基准至2027年目标的直线路径，2026年应较2023年增长33.75%）" in poor.reason


def test_the_final_year_is_judged_against_the_target_itself():
    recycling = goal("30", milestones=((2025, D(15)),))
    result = evaluate(recycling, [ob(date(2027, 12, 31), "1560")], date(2027, 12, 31))
    assert result.status == "achieved"
    assert result.growth == D("30.00")
    assert result.percent == D("100.00")


def test_an_achieved_target_never_shows_under_100_percent():
    # issue 11 D.5: 数字化研发设计工具普及率 "92 % 左右" showed 已完成 at 88.2 %: met within the tolerance,
    # while the path by now was above the figure
    rate = TargetSpec(
        kind="percent",
        accumulation="level",
        comparison="≈",
        year=2027,
        value=D(92),
        plan_start=START,
        baseline_value=D(85),
        unit="%",
    )
    result = evaluate(rate, [ob(date(2026, 10, 31), "91.08")], date(2026, 11, 15))
    assert result.status == "achieved"
    # measured against the least that counts as met, 87.4 (92 less 5 %), from the baseline 85; it was
    # 88.2 % before, against the path's 89.96 by now
    assert result.percent == D("253.33")  # (91.08 - 85) / (87.4 - 85)
    assert result.percent >= 100


def test_an_achieved_level_that_started_within_its_goal_shows_its_share_of_the_goal():
    # no baseline: the path starts at the first report, 91 %, already within "92 % 左右"
    rate = TargetSpec(
        kind="percent",
        accumulation="level",
        comparison="≈",
        year=2027,
        value=D(92),
        plan_start=START,
        unit="%",
    )
    observations = [ob(date(2024, 10, 31), "91"), ob(date(2025, 10, 31), "91.5")]
    result = evaluate(rate, observations, date(2025, 11, 15))
    assert result.status == "achieved"
    assert result.percent == D("104.69")  # 91.5 / 87.4, not 0 from the start of 91
