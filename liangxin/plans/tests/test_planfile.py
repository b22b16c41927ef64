"""Every way a plan file can be wrong is reported with its path, in Chinese, and all at once."""

import copy
from decimal import Decimal

import pytest

from liangxin.demo.accounts import DEFAULT_PLAN_FILE
from liangxin.plans import planfile

# a computed indicator's params are checked against data (the honour kinds, the programmes)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def good():
    return planfile.read_file(DEFAULT_PLAN_FILE)


def problems(data):
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.validate(data)
    return {p.path: p.message for p in caught.value.problems}


def mutate(good, change):
    data = copy.deepcopy(good)
    change(data)
    return problems(data)


def test_shipped_plan_is_valid(good):
    plan = planfile.validate(good)
    assert plan.code == "taishan-2024"


def test_numbers_are_read_as_exact_decimals(good):
    rate = good["sections"][1]["tasks"][0]["indicators"][0]["targets"][0]["value"]
    assert rate == Decimal("92.95") and isinstance(rate, Decimal)


def test_json_numbers_are_decimals_too():
    data = planfile.parse_text('{"v": 92.95}', "json")
    assert data["v"] == Decimal("92.95") and isinstance(data["v"], Decimal)


def test_yaml_syntax_error_names_line_and_column():
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.parse_text("code: a\ntitle: [unclosed\n", "yaml")
    message = str(caught.value)
    assert "YAML 语法错误" in message and "第 3 行" in message


def test_json_syntax_error_names_line():
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.parse_text('{"code": }', "json")
    assert "JSON 语法错误：第 1 行" in str(caught.value)


def test_top_level_must_be_a_mapping():
    assert problems(["a"]) == {"": "方案文件的顶层应为键值结构"}


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(planfile.PlanFileInvalid, match="文件不存在"):
        planfile.read_file(tmp_path / "none.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("标题".encode("gbk"))
    with pytest.raises(planfile.PlanFileInvalid, match="不是 UTF-8"):
        planfile.read_file(latin)


def test_missing_required_key(good):
    found = mutate(good, lambda d: d.pop("document_number"))
    assert found == {"document_number": "缺少必填项"}


def test_unknown_key_is_reported(good):
    found = mutate(good, lambda d: d["sections"][0]["tasks"][0].update(titel="x"))
    assert found == {"sections[0].tasks[0].titel": "未知的键（是否拼写有误？）"}


def test_the_issue_example_path(good):
    def change(d):
        d["sections"][1]["tasks"][0]["indicators"][1]["targets"][0]["year"] = "明年"

    assert mutate(good, change) == {"sections[1].tasks[0].indicators[1].targets[0].year": "应为整数"}


def test_wrong_types_and_values(good):
    def change(d):
        d["issued_on"] = "2024-13-40"
        d["goals"][0]["kind"] = "quantity"
        d["goals"][1]["comparison"] = "≥"
        d["sections"][0]["tasks"][0]["indicators"][0]["targets"][0]["value"] = "六十"
        d["sections"][0]["tasks"][0]["responsibility"] = "lead"
        d["departments"][0]["code"] = "区政府"
        d["period"]["start_year"] = 1800

    found = mutate(good, change)
    assert found["issued_on"] == "应为日期（YYYY-MM-DD）"
    assert found["goals[0].kind"].startswith("取值应为 'count'")
    assert found["goals[1].comparison"].startswith("取值应为")
    assert found["sections[0].tasks[0].indicators[0].targets[0].value"] == "应为数值"
    assert found["sections[0].tasks[0].responsibility"] == "取值应为 'sole' or 'shared' 之一"
    assert found["departments[0].code"].startswith("格式不符")
    assert found["period.start_year"] == "应不小于 1949"


def test_too_many_decimal_places(good):
    def change(d):
        d["sections"][1]["tasks"][0]["indicators"][0]["targets"][0]["value"] = Decimal("92.95001")

    assert mutate(good, change) == {
        "sections[1].tasks[0].indicators[0].targets[0].value": "小数位数过多（最多 4 位）"
    }


def test_empty_text_and_empty_lists(good):
    def change(d):
        d["title"] = "  "
        d["sections"][0]["tasks"][0]["indicators"][0]["targets"] = []

    found = mutate(good, change)
    assert found["title"] == "不能为空"
    assert found["sections[0].tasks[0].indicators[0].targets"] == "至少需要一项"


def test_unknown_lead_department(good):
    found = mutate(good, lambda d: d["sections"][0]["tasks"][2]["lead_departments"].append("区宇宙局"))
    assert found == {
        "sections[0].tasks[2].lead_departments[5]": "部门“区宇宙局”不在 departments 中（须写全称）"
    }


def test_short_name_is_not_accepted_as_lead(good):
    def change(d):
        d["sections"][0]["tasks"][0]["lead_departments"] = ["工信局"]

    assert "sections[0].tasks[0].lead_departments[0]" in mutate(good, change)


def test_duplicate_lead_and_task_without_leads(good):
    def change(d):
        task = d["sections"][0]["tasks"][0]
        task["lead_departments"] = task["lead_departments"] * 2
        d["sections"][0]["tasks"][1]["lead_departments"] = []

    found = mutate(good, change)
    assert found["sections[0].tasks[0].lead_departments[1]"] == "部门“区工业和信息化局”重复列出"
    assert found["sections[0].tasks[1].lead_departments"] == "任务须至少有一个责任单位"


def test_duplicate_codes_names_numbers(good):
    def change(d):
        d["departments"][2]["code"] = d["departments"][1]["code"]
        d["departments"][3]["name"] = d["departments"][1]["name"]
        d["sections"][0]["tasks"][1]["number"] = 1
        d["sections"][2]["number"] = 2
        d["goals"][1]["code"] = d["goals"][0]["code"]
        d["policies"][2]["number"] = 1

    found = mutate(good, change)
    assert found["departments[2].code"] == "部门代码 fgj 与 departments[1] 重复"
    assert found["departments[3].name"].startswith("部门全称 区发展和改革局 与 departments[1] 重复")
    assert found["sections[0].tasks[1].number"] == "任务序号 1 与 sections[0].tasks[0] 重复"
    assert found["sections[2].number"] == "篇章序号 2 与 sections[1] 重复"
    assert found["goals[1].code"].endswith("与 goals[0] 重复")
    assert found["policies[2].number"] == "“分领域工作方案”中的序号 1 与 policies[1] 重复"


def test_unknown_parent_department(good):
    found = mutate(good, lambda d: d["departments"][1].update(parent="nowhere"))
    assert found == {"departments[1].parent": "上级部门代码 nowhere 不在 departments 中"}


def test_period_and_baseline_year(good):
    def change(d):
        d["period"] = {"start_year": 2027, "end_year": 2024}
        d["baseline_year"] = 2030

    found = mutate(good, change)
    assert found["period.end_year"] == "截止年 2024 早于起始年 2027"
    assert found["baseline_year"] == "基准年 2030 晚于方案起始年 2027"


def test_target_year_outside_period_duplicate_and_unsorted(good):
    def change(d):
        targets = d["sections"][1]["tasks"][0]["indicators"][0]["targets"]
        targets[0]["year"] = 2030
        d["sections"][0]["tasks"][0]["indicators"][0]["targets"][1]["year"] = 2024
        d["sections"][1]["tasks"][0]["indicators"][1]["targets"].reverse()

    found = mutate(good, change)
    assert (
        found["sections[1].tasks[0].indicators[0].targets[0].year"] == "年份 2030 不在方案期限 2024–2027 年内"
    )
    assert found["sections[0].tasks[0].indicators[0].targets[1].year"] == "2024 年的目标与 targets[0] 重复"
    assert found["sections[1].tasks[0].indicators[1].targets[1].year"] == "目标应按年份从早到晚排列"


def test_qualitative_target_needs_its_words(good):
    found = mutate(good, lambda d: d["goals"][0]["targets"][0].update(note=""))
    assert found == {"goals[0].targets[0].note": "定性目标（value 为空）须在 note 中写明原文表述"}


def test_milestone_value_negative_and_percent_over_100(good):
    def change(d):
        d["goals"][0]["targets"][0]["value"] = 1
        d["sections"][0]["tasks"][0]["indicators"][0]["targets"][0]["value"] = -1
        d["sections"][1]["tasks"][0]["indicators"][0]["targets"][0]["value"] = Decimal("101")

    found = mutate(good, change)
    assert found["goals[0].targets[0].value"].startswith("里程碑和相对比较指标的目标值应为空")
    assert found["sections[0].tasks[0].indicators[0].targets[0].value"] == "目标值不能为负数"
    assert found["sections[1].tasks[0].indicators[0].targets[0].value"] == "比率 101% 超过 100%"


def test_growth_needs_baseline_and_tolerance_only_for_approx(good):
    def change(d):
        d["goals"][2].pop("baseline")
        d["goals"][0]["tolerance"] = 5
        d["goals"][8]["tolerance"] = 150

    found = mutate(good, change)
    assert found["goals[2].baseline"] == "增长率指标须写明基准年（baseline.year）"
    assert found["goals[0].tolerance"] == "只有“≈”（左右）指标可以设容差"
    assert found["goals[8].tolerance"] == "容差应在 0 到 100 之间"


def test_unknown_reporting_department(good):
    found = mutate(good, lambda d: d["goals"][0].update(reporting_department="区宇宙局"))
    assert found == {"goals[0].reporting_department": "部门“区宇宙局”不在 departments 中"}


def test_sections_out_of_order(good):
    def change(d):
        d["sections"][0], d["sections"][1] = d["sections"][1], d["sections"][0]

    assert mutate(good, change) == {"sections[1].number": "篇章应按序号从小到大排列"}


def test_every_problem_is_reported_at_once(good):
    def change(d):
        d.pop("title")
        d["goals"][0]["kind"] = "x"
        d["sections"][0]["tasks"][0]["lead_departments"] = ["区宇宙局"]

    # schema problems come first; the reference checks run on the parts that are valid
    assert set(mutate(good, change)) == {"title", "goals[0].kind", "sections[0].tasks[0].lead_departments[0]"}


def test_dump_round_trips_in_both_formats(good):
    canonical = planfile.validate(good).canonical()
    for fmt in ("yaml", "json"):
        again = planfile.validate(planfile.parse_text(planfile.dump(canonical, fmt), fmt)).canonical()
        assert again == canonical


def test_value_unit_is_for_growth_indicators_only(good):
    def on_a_count(data):
        data["sections"][0]["tasks"][0]["indicators"][0]["value_unit"] = "个"

    found = mutate(good, on_a_count)
    assert "只有增长率指标" in found["sections[0].tasks[0].indicators[0].value_unit"]
    growth = next(g for g in good["goals"] if g["kind"] == "growth")
    assert growth["value_unit"]  # the shipped plan names the unit of each growth goal's figure
