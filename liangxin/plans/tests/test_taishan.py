"""The shipped plan file carries the seed document 泰山政发〔2024〕1号 faithfully: every task, every lead
department, every number."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from liangxin.demo.accounts import DEFAULT_PLAN_FILE
from liangxin.plans import planfile

# the published text of 泰山政发〔2024〕1号, shipped beside the plan file made from it
SEED = Path(DEFAULT_PLAN_FILE).with_name("taishan-2024-source.txt")


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed document is missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def plan(db):  # computed indicators' params are checked against records (the honour kinds)
    return planfile.validate_file(DEFAULT_PLAN_FILE)


def task_paragraphs(seed: str) -> dict[int, str]:
    found = {}
    for match in re.finditer(r"^(\d{1,2})\.(.+)$", seed, re.MULTILINE):
        found[int(match.group(1))] = match.group(2).strip()
    return found


def tasks(plan):
    return [t for s in plan.sections for t in s.tasks]


def test_header(plan):
    assert plan.document_number == "泰山政发〔2024〕1号"
    assert plan.issuer == "泰安市泰山区人民政府"
    assert str(plan.issued_on) == "2024-07-26"
    assert (plan.period.start_year, plan.period.end_year, plan.baseline_year) == (2024, 2027, 2023)


def test_six_areas_and_safeguards(plan, seed):
    kinds = [(s.number, s.kind) for s in plan.sections]
    assert kinds == [(n, "key_tasks") for n in range(1, 7)] + [(7, "safeguards")]
    for section in plan.sections[:6]:
        assert f"实施{section.title.removeprefix('实施')}" in seed


def test_every_task_paragraph_is_carried_verbatim(plan, seed):
    paragraphs = task_paragraphs(seed)
    assert sorted(paragraphs) == list(range(1, 26))
    assert [t.number for t in tasks(plan)] == list(range(1, 26))
    for task in tasks(plan):
        paragraph = paragraphs[task.number]
        assert paragraph.startswith(f"{task.title}。{task.text}"), task.number
        parenthesis = paragraph.removeprefix(f"{task.title}。{task.text}")
        names = task.lead_departments + task.lead_others
        assert (
            parenthesis
            == f"（{'、'.join(names)}{'按职责分工负责' if task.responsibility == 'shared' else '负责'}）"
        )


def test_every_source_sentence_is_in_the_seed(plan, seed):
    for path, indicator, _ in plan.all_indicators():
        assert indicator.source in seed, path


def test_every_number_in_goals_and_tasks_is_a_target(plan, seed):
    """Each figure the plan sets (not years, not task numbers) appears as a target value."""
    body = seed[seed.index("一、工作目标") : seed.index("附件：")]
    body = re.sub(r"^\d{1,2}\.", "", body, flags=re.MULTILINE)
    body = re.sub(r"\d{4}年", "", body)
    body = re.sub(
        r"国三|二十大|5G|A级|“1\+N”|\d+（套）", lambda m: m.group(0) if "（套）" in m.group(0) else "", body
    )
    figures = {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", body)}
    values = {t.value for _, ind, _ in plan.all_indicators() for t in ind.targets if t.value is not None}
    assert figures <= values, figures - values
    assert Decimal("428") in values


def test_key_targets_exactly(plan):
    by_code = {ind.code: ind for _, ind, _ in plan.all_indicators()}
    rate = by_code["t04-farm-mechanization-rate"]
    assert [(t.year, t.value) for t in rate.targets] == [(2025, Decimal("92.95")), (2027, Decimal("93"))]
    assert rate.unit == "%" and rate.kind == "percent"
    revenue = next(i for i in by_code.values() if i.name == "装备制造业营业收入")
    assert revenue.unit == "亿元" and revenue.comparison == "≈"
    assert [(t.year, t.value) for t in revenue.targets] == [(2025, 140), (2027, 165)]
    recycling = next(i for i in by_code.values() if i.name == "废旧家电回收量")
    assert recycling.kind == "growth" and recycling.baseline.year == 2023
    assert [(t.year, t.value) for t in recycling.targets] == [(2025, 15), (2027, 30)]


def test_yearly_targets_have_one_target_per_year(plan):
    yearly = [
        ind for _, ind, _ in plan.all_indicators() if ind.accumulation == "annual" and ind.kind == "count"
    ]
    assert yearly
    for ind in yearly:
        assert [t.year for t in ind.targets] == [2024, 2025, 2026, 2027], ind.code


def test_qualitative_targets_keep_year_and_words(plan):
    diesel = plan.goals[0]
    assert diesel.kind == "milestone"
    assert [(t.year, t.value, t.note) for t in diesel.targets] == [(2025, None, "基本淘汰")]
    relative = [g for g in plan.goals if g.kind == "relative"]
    assert {t.note for g in relative for t in g.targets} == {"高于全市平均水平", "不低于各项贷款增速"}


def test_policy_list(plan, seed):
    assert [(p.group, p.number) for p in plan.policies] == [("总体工作方案", 1)] + [
        ("分领域工作方案", n) for n in range(1, 9)
    ]
    for policy in plan.policies:
        assert policy.name in seed
    assert plan.policies[2].lead_departments == ["区住房和城乡建设局", "区综合行政执法局"]


def test_every_department_named_in_the_plan_is_in_the_org_tree(plan, seed):
    names = {d.name for d in plan.departments}
    named = set()
    for parenthesis in re.findall(r"（([^（）]+?)(?:按职责分工)?负责）", seed):
        named |= set(parenthesis.split("、"))
    attachment = seed[seed.index("牵头部门") : seed.index("抄送")]
    named |= set(re.findall(r"^\t?(区[\u4e00-\u9fa5]+局)$", attachment, re.MULTILINE))
    assert len(named) > 20
    assert named - names == {"区政府有关部门单位"}
    kinds = {d.kind for d in plan.departments}
    assert {"street", "town", "zone", "government", "branch"} <= kinds
