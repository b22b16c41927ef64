"""A plan file written by hand to docs/plan-format.md for another district: optional keys given as null,
sections without a kind, and a broken file whose every fault is named with its path."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pydantic import BaseModel

from liangxin.plans import planfile
from liangxin.plans.loader import export_plan, load_plan

# Every optional key appears as null at least once; no section gives its kind.
DONGPING = """\
code: dongping-2024
title: 东平县推动大规模设备更新和消费品以旧换新实施方案
document_number: 东政发〔2024〕3号
issuer: 东平县人民政府
issued_on: 2024-05-20
baseline_year: 2023
period: {start_year: 2024, end_year: 2026}
basis: null
departments:
  - name: 东平县人民政府
    short_name: 县政府
    code: dp-xzf
    kind: government
    parent: null
  - name: 东平县发展和改革局
    short_name: 发改局
    code: dp-fgj
    kind: null
    parent: dp-xzf
  - name: 东平县商务局
    short_name: 商务局
    code: dp-swj
    parent: dp-xzf
goals:
  - code: dp-equipment-investment
    name: 设备投资规模
    unit: "%"
    value_unit: null
    kind: growth
    accumulation: level
    comparison: ">="
    tolerance: null
    baseline: {year: 2023, value: null}
    reporting_department: null
    source_of_value: null
    targets:
      - {year: 2026, value: 25, note: null}
    source: 到2026年，全县设备投资规模较2023年增长25%以上。
sections:
  - number: 1
    title: 实施设备更新行动
    tasks:
      - number: 1
        title: 推进重点行业设备更新
        text: 围绕化工、建材等重点行业，推动生产设备、用能设备更新改造。
        lead_departments: [东平县发展和改革局]
        lead_others: null
        responsibility: sole
        indicators:
          - code: dp-t01-renovation-projects
            name: 技术改造项目
            unit: 个
            kind: count
            accumulation: annual
            comparison: ">="
            baseline: null
            reporting_department: 东平县发展和改革局
            targets:
              - {year: 2024, value: 20, note: null}
              - {year: 2025, value: 20}
              - {year: 2026, value: 20}
            source: 每年实施技术改造项目20个以上。
  - number: 2
    title: 实施消费品以旧换新行动
    tasks:
      - number: 2
        title: 开展汽车以旧换新
        text: 落实汽车报废更新和置换更新补贴政策。
        lead_departments: [东平县商务局]
        responsibility: shared
        indicators: null
  - number: 3
    title: 强化保障措施
    tasks:
      - number: 3
        title: 加强组织领导
        text: 建立工作专班，统筹推进各项工作。
        lead_departments: []
        lead_others: [县政府有关部门]
        responsibility: shared
policies: null
"""


def dongping() -> dict:
    return planfile.parse_text(DONGPING, "yaml")


def nested_model(annotation):
    """The model inside `Model`, `Model | None` or `list[Model]`, else None."""
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def nulls_given(value, model, found):
    """(model, key) for every key given as null in `value`, read against `model`'s schema."""
    if isinstance(value, list):
        for item in value:
            nulls_given(item, model, found)
        return
    for key, item in value.items():
        nested = nested_model(model.model_fields[key].annotation)
        if item is None:
            found.add((model.__name__, key))
        elif nested is not None:
            nulls_given(item, nested, found)


def optional_keys(model, found):
    """(model, key) for every key of the format that is not required."""
    for name, field in model.model_fields.items():
        if not field.is_required():
            found.add((model.__name__, name))
        nested = nested_model(field.annotation)
        if nested is not None:
            optional_keys(nested, found)
    return found


def test_the_fixture_gives_every_optional_key_of_the_format_as_null():
    given = set()
    nulls_given(dongping(), planfile.PlanFile, given)
    assert optional_keys(planfile.PlanFile, set()) <= given


def test_null_optional_keys_mean_absent_and_kind_defaults_from_the_title():
    plan = planfile.validate(dongping())
    assert plan.basis == "" and plan.policies == []
    assert plan.departments[1].kind == "bureau" and plan.departments[0].parent is None
    assert plan.goals[0].targets[0].note == "" and plan.goals[0].tolerance is None
    assert plan.goals[0].baseline.value is None
    assert plan.sections[0].tasks[0].lead_others == [] and plan.sections[1].tasks[0].indicators == []
    assert [s.kind for s in plan.sections] == ["key_tasks", "key_tasks", "safeguards"]


def test_an_explicit_kind_wins_over_the_title():
    data = dongping()
    data["sections"][2]["kind"] = "key_tasks"
    data["sections"][0]["kind"] = None
    plan = planfile.validate(data)
    assert [s.kind for s in plan.sections] == ["key_tasks", "key_tasks", "key_tasks"]


@pytest.mark.django_db
def test_the_other_district_loads_exports_and_reexports_identically():
    plan, created = load_plan(planfile.validate(dongping()))
    assert created and plan.tasks.count() == 3 and plan.indicators.count() == 2
    assert list(plan.sections.values_list("kind", flat=True)) == ["key_tasks", "key_tasks", "safeguards"]
    exported = export_plan(plan).canonical()
    assert exported == planfile.validate(dongping()).canonical()
    for fmt in ("yaml", "json"):
        text = planfile.dump(exported, fmt)
        again, created = load_plan(planfile.validate(planfile.parse_text(text, fmt)))
        assert not created
        assert planfile.dump(export_plan(again).canonical(), fmt) == text


def broken() -> dict:
    """Faults of four classes: the schema, a department reference, a duplicate code, a year out of period."""
    data = dongping()
    data["issued_on"] = "2024-02-30"
    data["sections"][1]["tasks"][0]["lead_departments"] = ["东平县宇宙局"]
    data["goals"][0]["code"] = "dp-t01-renovation-projects"
    data["sections"][0]["tasks"][0]["indicators"][0]["targets"][2]["year"] = 2027
    return data


BROKEN_PROBLEMS = {
    "issued_on": "应为日期（YYYY-MM-DD）",
    "sections[1].tasks[0].lead_departments[0]": "部门“东平县宇宙局”不在 departments 中（须写全称）",
    "sections[0].tasks[0].indicators[0].code": "指标代码 dp-t01-renovation-projects 与 goals[0] 重复",
    "sections[0].tasks[0].indicators[0].targets[2].year": "年份 2027 不在方案期限 2024–2026 年内",
}


def test_a_file_with_faults_of_several_classes_names_each_with_its_path():
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.validate(broken())
    assert {p.path: p.message for p in caught.value.problems} == BROKEN_PROBLEMS


def test_checks_whose_inputs_are_broken_stay_silent():
    data = dongping()
    data["period"]["end_year"] = "明年"  # no year can be judged against the period
    data["departments"][1]["name"] = ""  # no lead can be judged against the departments
    data["goals"][0]["baseline"] = {
        "year": "去年"
    }  # a growth goal with a broken baseline is not "missing" it
    data["sections"][0]["tasks"][0]["indicators"][0]["targets"][0]["value"] = (
        "二十"  # not a qualitative target
    )
    data["sections"][0]["tasks"][0]["indicators"][0]["targets"][1]["year"] = 2031
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.validate(data)
    assert [p.path for p in caught.value.problems] == [
        "period.end_year",
        "departments[1].name",
        "goals[0].baseline.year",
        "sections[0].tasks[0].indicators[0].targets[0].value",
        "sections[0].tasks[0].indicators[0].targets[2].year",
    ]


@pytest.mark.django_db
def test_cli_validate_prints_every_fault(tmp_path):
    path = tmp_path / "dongping.yaml"
    path.write_text(planfile.dump(broken(), "yaml"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="有 4 个问题"):
        call_command("plan", "validate", str(path), stdout=out, stderr=out)
    for where, message in BROKEN_PROBLEMS.items():
        assert f"{where}: {message}" in out.getvalue()
