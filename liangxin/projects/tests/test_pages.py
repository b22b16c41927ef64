"""The reserve's pages and API: the list with its filters, the forms keeping what was typed, a project from
谋划 through 申报 confirmed by the coordinator to 下达, the recommendation list and its Excel, the roll-ups."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from liangxin.enterprises.tests.test_units import person
from liangxin.projects import preparation, records, stages
from liangxin.projects.models import Project
from liangxin.projects.tests.test_reserve import owner, project, project_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_the_form_keeps_what_was_typed(login, project):  # noqa: F811
    client = login("leader")
    page = client.get("/projects/").content.decode()
    assert project.name in page and "登记项目" not in page
    assert project.name not in client.get("/projects/", {"field": "health"}).content.decode()
    assert project.name in client.get("/projects/", {"q": "2407-370902-04-01-123456"}).content.decode()
    client = login("gxj_reporter")
    refused = client.post("/projects/new/", project_data(code="24-1", total_investment="很多", name="新项目"))
    body = refused.content.decode()
    assert (
        refused.status_code == 422 and 'data-field="code"' in body and 'data-field="total_investment"' in body
    )
    assert 'value="新项目"' in body
    done = client.post("/projects/new/", project_data(code="", name="新项目", directions=["安全生产"]))
    assert done.status_code == 302 and Project.objects.get(name="新项目").directions == ["安全生产"]


def test_a_project_from_planning_to_selected_with_the_coordinator_confirming(login, project):  # noqa: F811
    client = login("gxj_reporter")
    url = f"/projects/{project.pk}/"
    assert client.post(f"{url}stage/", {"to": "reserve", "on": "2025-01-10"}).status_code == 302
    client.post(
        f"{url}checklist/",
        {
            "item": "approval",
            "state": "done",
            "approval_kind": "filing",
            "document_number": "泰发改备〔2024〕8号",
            "done_on": "2024-08-01",
        },
    )
    page = client.get(url).content.decode()
    assert (
        "审批/核准/备案（备案）" in page
        and 'data-action="stage"' in page
        and 'data-action="checklist"' in page
    )
    client.post(f"{url}stage/", {"to": "applied", "on": "2025-02-01"})
    assert Project.objects.get(pk=project.pk).stage == "reserve"
    coordinator = login("fgj_coordinator")
    listed = coordinator.get("/projects/").content.decode()
    assert 'data-testid="pending"' in listed and "储备 → 申报" in listed
    change = project.stage_changes.get(status="pending")
    assert (
        coordinator.post(f"/projects/stage-changes/{change.pk}/decide/", {"decision": "confirm"}).status_code
        == 302
    )
    assert Project.objects.get(pk=project.pk).stage == "applied"
    assert (
        login("wjj_reporter").post(f"{url}stage/", {"to": "selected", "on": "2025-03-01"}).status_code == 403
    )
    refused = login("gxj_reporter").post(
        f"{url}funding/", {"channel": "special-bonds", "kind": "grant", "amount": "10", "on": "2025-06-01"}
    )
    assert refused.status_code == 422 and "下达文件的文号" in refused.content.decode()


def test_the_recommendation_list_ranks_with_reasons_and_exports(login, project):  # noqa: F811
    gxj = person("gxj_reporter")
    other = records.create(
        gxj, project_data(code="", name="小型安全改造", equipment_investment="100", directions=["安全生产"])
    )
    for p in (project, other):
        stages.move(gxj, p, "reserve", date(2025, 1, 10))
    preparation.report(
        gxj,
        other,
        "approval",
        "done",
        approval_kind="filing",
        document_number="泰发改备〔2025〕1号",
        done_on=date(2025, 1, 5),
    )
    client = login("fgj_coordinator")
    page = client.get("/projects/recommend/", {"direction": "安全生产"}).content.decode()
    assert page.index("小型安全改造") < page.index(project.name)
    assert "符合本批次方向“安全生产”（加 30 分）" in page
    exported = client.get("/projects/recommend/", {"direction": "安全生产", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["小型安全改造", project.name] and "符合本批次方向" in rows[0][-1]


def test_the_summary_adds_up_by_field_year_stage_and_town(login, project):  # noqa: F811
    page = login("leader").get("/projects/summary/").content.decode()
    assert "2025年" in page and "8,000.12" in page and "邱家店镇" in page


def test_the_api_creates_moves_and_reports(client, api_token, owner):  # noqa: F811
    gxj = api_token("gxj_reporter")
    body = project_data() | {"directions": ["数字化转型"]}
    created = client.post(
        "/api/v1/projects", json.dumps(body, ensure_ascii=False), content_type="application/json", **gxj
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["maturity_reasons"] and data["next_stages"] == ["reserve", "exited"]
    moved = client.post(
        f"/api/v1/projects/{data['id']}/stage",
        {"to": "reserve", "on": "2025-01-10"},
        content_type="application/json",
        **gxj,
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "reserve"
    wrong = client.post(
        f"/api/v1/projects/{data['id']}/stage",
        {"to": "completed", "on": "2025-01-10"},
        content_type="application/json",
        **gxj,
    )
    assert wrong.status_code == 409
    ranked = client.get(
        "/api/v1/projects/recommend", {"direction": "数字化转型"}, **api_token("leader")
    ).json()
    assert ranked[0]["project"]["id"] == data["id"] and ranked[0]["reasons"]
    assert client.get(f"/api/v1/projects/{data['id']}", **api_token("enterprise")).status_code == 404


def test_the_coordinators_home_page_counts_the_changes_to_confirm(login, project):  # noqa: F811
    gxj = person("gxj_reporter")
    stages.move(gxj, project, "reserve", date(2025, 1, 10))
    stages.move(gxj, project, "applied", date(2025, 2, 1))
    page = login("fgj_coordinator").get("/").content.decode()
    assert "待确认的项目申报、下达" in page
    reporter = login("gxj_reporter").get("/").content.decode()
    assert "本部门等待发改局确认的项目阶段变更" in reporter
    assert "项目阶段变更" not in login("wjj_reporter").get("/").content.decode()  # not its project
