"""The 2023 baselines, the roll-up of completed equipment investment against them, and the plan's figures
computed from projects (projects.started, projects.equipment_investment) as plain functions."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.core.errors import Invalid
from liangxin.enterprises.tests.test_units import person
from liangxin.plans import sources as plan_sources
from liangxin.projects import baselines, records, rollups, sources, stages
from liangxin.projects.models import Project
from liangxin.projects.tests.test_construction import started
from liangxin.projects.tests.test_progress import accept, gxj_report, report, row
from liangxin.projects.tests.test_reserve import owner, project_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Window:  # the shape of plans.sources.Window
    start: date | None
    end: date


YEAR_2026 = Window(date(2026, 1, 1), date(2026, 12, 31))


def test_only_the_coordinator_enters_baselines_each_fault_named():
    with pytest.raises(PermissionDenied):
        baselines.put(person("gxj_reporter"), "industry", 2023, "1000")
    with pytest.raises(Invalid) as caught:
        baselines.put(person("fgj_coordinator"), "航天", 1990, "-3")
    assert {p.field for p in caught.value.problems} == {"field", "year", "amount"}
    baselines.put(person("fgj_coordinator"), "工业", None, "1000")
    baselines.put(person("fgj_coordinator"), "industry", 2023, "1200.5")
    assert dict((f.code, a) for f, a in baselines.table())["industry"] == Decimal("1200.5")


def test_started_counts_starts_in_the_window_by_construction_and_field_without_exits(owner):  # noqa: F811
    gxj = person("gxj_reporter")
    a = started(records.create(gxj, project_data(construction="renovation")), date(2026, 3, 1))
    started(
        records.create(gxj, project_data(code="", name="乙", construction="renovation")), date(2025, 5, 1)
    )
    started(records.create(gxj, project_data(code="", name="丙", construction="new")), date(2026, 4, 1))
    gone = started(
        records.create(gxj, project_data(code="", name="丁", construction="renovation")), date(2026, 2, 1)
    )
    stages.move(gxj, gone, "exited", date(2026, 5, 1), "企业资金链断裂，项目终止")
    renovation = {"construction": "renovation"}
    assert sources.started_value(renovation, YEAR_2026) == 1
    assert (
        sources.started_value(renovation, Window(date(2026, 1, 1), date(2026, 4, 30))) == 2
    )  # 丁 not yet out
    assert sources.started_value(renovation, Window(date(2024, 1, 1), date(2026, 12, 31))) == 2
    assert sources.started_value({}, Window(None, date(2026, 12, 31))) == 3
    assert sources.started_value({"field": "health"}, YEAR_2026) == 0
    assert sources.started_records(renovation, YEAR_2026, 5) == [
        (f"{a.name} · 开工 2026-03-01", f"/projects/{a.pk}/")
    ]
    url = sources.started_url(renovation, YEAR_2026)
    assert url == "/projects/?started=2026&construction=renovation"
    listed = [p.name for p in Project.objects.filter(pk__in=[a.pk])]
    assert listed == [a.name]


def test_equipment_investment_of_the_year_against_the_baseline(owner, login):  # noqa: F811
    gxj = person("gxj_reporter")
    building = started(records.create(gxj, project_data()), date(2025, 6, 1))
    december = gxj_report("2025-12", date(2025, 12, 31))
    report(december, {str(building.pk): row("2000", "1500")})
    accept(december)
    october = gxj_report("2026-10", date(2026, 10, 31))
    report(october, {str(building.pk): row("5000", "4000")})
    accept(october)
    november = gxj_report("2026-11", date(2026, 11, 30))
    report(november, {str(building.pk): row("6000", "4500")})  # not accepted: does not count
    baselines.put(person("fgj_coordinator"), "industry", 2023, "2000")
    baselines.put(person("fgj_coordinator"), "energy", 2023, "9000")
    goal = {"fields": "goal"}
    assert sources.equipment_value(goal, YEAR_2026) == Decimal(2500)
    assert sources.equipment_value({"fields": ["health"]}, YEAR_2026) == 0
    assert sources.equipment_value(goal, Window(date(2025, 1, 1), date(2025, 12, 31))) == Decimal(1500)
    assert sources.equipment_baseline(goal, 2023) == Decimal(2000)
    assert sources.equipment_baseline({"fields": ["health"]}, 2023) is None
    assert (
        sources.equipment_records(goal, YEAR_2026, 3)[0][0] == f"{building.name} · 2026年设备投资 2500 万元"
    )
    assert sources.equipment_url(goal, YEAR_2026) == "/projects/?field=goal&progress=2026"
    with pytest.raises(ValueError, match="航天"):
        sources.equipment_value({"fields": ["航天"]}, YEAR_2026)
    years, lines, total = rollups.equipment_against_baseline(Project.objects.all())
    assert years == [2025, 2026] and total.completed == [Decimal(1500), Decimal(2500)]
    assert total.growth == Decimal("25.0")
    industry = next(line for line in lines if line.label == "工业")
    assert industry.baseline == Decimal(2000) and industry.growth == Decimal("25.0")
    page = login("leader").get("/projects/summary/").content.decode()
    assert 'data-testid="against-baseline"' in page and "25.0%" in page
    listed = login("leader").get("/projects/", {"field": "goal", "progress": "2026"}).content.decode()
    assert building.name in listed


def test_the_baseline_page_and_api(login, client, api_token):
    assert (
        login("gxj_reporter").post("/projects/baselines/", {"field": "industry", "amount": "1"}).status_code
        == 403
    )
    coordinator = login("fgj_coordinator")
    refused = coordinator.post(
        "/projects/baselines/", {"field": "industry", "year": "2023", "amount": "很多"}
    )
    assert refused.status_code == 422 and "设备投资（万元）：应为数字" in refused.content.decode()
    assert (
        coordinator.post(
            "/projects/baselines/", {"field": "health", "year": "2023", "amount": "880"}
        ).status_code
        == 302
    )
    assert ">880<" in login("leader").get("/projects/baselines/").content.decode()
    token = api_token("fgj_coordinator")
    put = client.put(
        "/api/v1/projects/baselines",
        json.dumps({"field": "education", "amount": "300"}),
        content_type="application/json",
        **token,
    )
    assert put.status_code == 200 and put.json()["year"] == 2023
    table = {r["field"]: r["amount"] for r in client.get("/api/v1/projects/baselines", **token).json()}
    assert table["education"] == 300 and table["health"] == 880 and table["industry"] is None
    assert client.get("/api/v1/projects/baselines", **api_token("enterprise")).status_code == 403


def test_both_sources_are_registered_with_the_plans_registry(owner):  # noqa: F811
    started_source = plan_sources.SOURCES.get("projects.started")
    equipment_source = plan_sources.SOURCES.get("projects.equipment_investment")
    assert started_source.params[0].choices()["renovation"] == "技术改造"
    assert [p.name for p in equipment_source.params] == ["fields"] and equipment_source.baseline is not None
    project = started(
        records.create(person("gxj_reporter"), project_data(construction="renovation")), date(2026, 2, 2)
    )
    found = started_source.records({"construction": "renovation"}, YEAR_2026, 10)
    assert found == [plan_sources.RecordRef(f"{project.name} · 开工 2026-02-02", f"/projects/{project.pk}/")]
    assert "reporting.Submission" in equipment_source.models
