"""Computed indicators: the window of a period's figure, a `source_of_value` checked with its path in the
file, written back on export, and docs/plan-format.md listing exactly the registered sources."""

import copy
import re
from datetime import date
from pathlib import Path

import pytest

from liangxin.demo.accounts import DEFAULT_PLAN_FILE
from liangxin.plans import planfile, sources
from liangxin.plans.loader import export_plan, load_plan
from liangxin.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs" / "plan-format.md"
FIRST = "sections[0].tasks[0].indicators[0]"


def indicator(code: str) -> Indicator:
    return Indicator.objects.select_related("plan").get(plan__code="taishan-2024", code=code)


def test_the_window_follows_the_accumulation_and_growth_counts_the_year_to_date():
    end = date(2025, 6, 30)
    assert sources.window_for(indicator("t01-tech-upgrade-projects"), end) == sources.Window(
        date(2025, 1, 1), end
    )  # annual
    assert sources.window_for(indicator("t03-green-factories"), end) == sources.Window(date(2024, 1, 1), end)
    plan = Plan.objects.get(code="taishan-2024")
    for accumulation in ("annual", "cumulative", "level"):
        growth = Indicator(plan=plan, kind="growth", accumulation=accumulation)
        assert sources.window_for(growth, end) == sources.Window(date(2025, 1, 1), end)
    level = Indicator(plan=plan, kind="count", accumulation="level")
    assert sources.window_for(level, end) == sources.Window(None, end)


def test_the_shipped_plan_computes_its_honour_counts():
    declared = sources.declared(indicator("t03-green-factories"))
    assert declared[0].code == "enterprises.honours"
    assert declared[1] == {"kind": "green-factory", "min_level": "provincial"}
    assert sources.declared(indicator("t02-municipal-smart-manufacturing-projects"))[1]["level"] == "city"
    assert sources.is_computed(indicator("t14-haopin-shandong-products"))
    assert not sources.is_computed(indicator("t04-farm-mechanization-rate"))


def faults(declaration, kind="count"):
    data = copy.deepcopy(planfile.read_file(DEFAULT_PLAN_FILE))
    first = data["sections"][0]["tasks"][0]["indicators"][0]
    first["source_of_value"], first["kind"] = declaration, kind
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.validate(data)
    return {p.path: p.message for p in caught.value.problems}


def test_a_declaration_is_checked_with_its_path():
    unknown = faults({"source": "projects.nowhere"})
    assert unknown[f"{FIRST}.source_of_value.source"].startswith(
        "没有登记数据来源 projects.nowhere（已登记："
    )
    assert f"{FIRST}.source_of_value.source" in faults({"kind": "green-factory"})
    missing = faults({"source": "enterprises.honours"})
    assert missing == {
        f"{FIRST}.source_of_value.kind": "缺少必填项：数据来源“在有效期内的荣誉数”须写明荣誉类型"
    }
    extra = faults({"source": "enterprises.honours", "kind": "green-factory", "colour": "green"})
    assert extra[f"{FIRST}.source_of_value.colour"] == (
        "数据来源“在有效期内的荣誉数”没有参数 colour（可用参数：kind、level、min_level）"
    )
    wrong = faults({"source": "enterprises.honours", "kind": "green", "min_level": "county"})
    assert wrong[f"{FIRST}.source_of_value.kind"].startswith(
        "荣誉类型“green”不在可选值中：green-factory（绿色工厂）"
    )
    assert f"{FIRST}.source_of_value.min_level" in wrong
    milestone = faults({"source": "enterprises.honours", "kind": "green-factory"}, kind="milestone")
    assert "kind: count、amount、growth" in milestone[f"{FIRST}.source_of_value"]
    assert faults("green-factory")[f"{FIRST}.source_of_value"] == "应为键值结构"


def test_a_declaration_is_loaded_and_exported_source_first():
    plan = Plan.objects.get(code="taishan-2024")
    data = export_plan(plan).canonical()
    entry = data["sections"][0]["tasks"][2]["indicators"][0]
    assert entry["code"] == "t03-green-factories"
    assert list(entry["source_of_value"]) == ["source", "kind", "min_level"]
    first = data["sections"][0]["tasks"][0]["indicators"][0]
    first["source_of_value"] = {
        "source": "enterprises.honours",
        "kind": "smart-manufacturing",
        "level": "city",
    }
    load_plan(planfile.validate(data))
    reloaded = Indicator.objects.get(plan=plan, code=first["code"])
    assert reloaded.source_of_value == {
        "source": "enterprises.honours",
        "kind": "smart-manufacturing",
        "level": "city",
    }
    assert "source_of_value" not in export_plan(plan).canonical()["sections"][1]["tasks"][0]["indicators"][0]


def test_the_format_documents_every_registered_source_and_its_params():
    rows = re.findall(
        r"^\| `([a-z_.]+)` \|[^|]*\| `([a-z_]+)` \| (yes|no) \|", DOCS.read_text(), re.MULTILINE
    )
    documented = {(source, param, required == "yes") for source, param, required in rows}
    registered = {(s.code, p.name, p.required) for s in sources.SOURCES for p in s.params}
    assert documented == registered
