"""Monthly progress of projects as a part of the responsible department's report: saved with the draft
all or nothing, refused when a cumulative figure falls or exceeds the project's investment, required for
projects in 入选/下达 and 开工 before 报送, counted once accepted, shown on the project page and in the API."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.accounts.models import Department
from liangxin.enterprises.tests.test_units import person
from liangxin.plans.models import Plan
from liangxin.projects import progress, records
from liangxin.projects.models import ProjectProgress
from liangxin.projects.tests.test_construction import started
from liangxin.projects.tests.test_reserve import owner, project_data  # noqa: F401 - fixtures
from liangxin.reporting import assignments, workflow
from liangxin.reporting.models import Period
from liangxin.reporting.steps import WorkflowError
from liangxin.reporting.values import ValuesInvalid
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db
PART = progress.CODE


def period_of(key: str, end: date):
    plan = Plan.objects.get(code="taishan-2024")
    return Period.objects.create(
        plan=plan, key=key, start=end.replace(day=1), end=end, deadline=date(2026, 12, 31)
    )


def gxj_report(key="2026-10", end=date(2026, 10, 31)):
    return assignments.submission_for(period_of(key, end), Department.objects.get(code="gxj"))


def report(submission, rows: dict, user="gxj_reporter"):
    return workflow.save_draft(person(user), submission, SubmissionInput(parts={PART: rows}))


def accept(submission):
    workflow.submit(person("gxj_reporter"), submission)
    workflow.approve(person("gxj_reviewer"), submission)
    workflow.accept(person("fgj_coordinator"), submission)


def row(investment, equipment, image="设备安装中"):
    return {"investment_done": investment, "equipment_done": equipment, "image_progress": image}


@pytest.fixture
def building(owner):  # noqa: F811
    """A gxj project in 开工: total 12000.5, equipment 8000.1234 万元."""
    return started(records.create(person("gxj_reporter"), project_data()), date(2025, 6, 1))


def test_a_started_project_must_be_reported_before_the_submission_is_sent(building):
    submission = gxj_report()
    assert workflow.content(submission)["parts"] == {PART: {}}
    with pytest.raises(ValuesInvalid, match=f"{building.name}：请填报本期累计完成投资"):
        workflow.submit(person("gxj_reporter"), submission)
    report(submission, {str(building.pk): row("3000", "2000")})
    accept(submission)
    assert workflow.content(submission)["parts"][PART][str(building.pk)]["equipment_done"] == "2000"
    assert progress.completed_in([building.pk], 2026, date(2026, 12, 31)) == {
        building.pk: (Decimal(3000), Decimal(2000))
    }


def test_each_fault_names_the_project_and_the_field_and_nothing_is_saved(building):
    submission = gxj_report()
    with pytest.raises(ValuesInvalid) as caught:
        report(submission, {str(building.pk): row("20000", "9000")})
    messages = [p.message for p in caught.value.problems]
    assert f"{building.name}：累计完成投资（万元） 20000 超过项目总投资 12000.5 万元" in messages
    assert any("其中设备投资（万元） 9000 超过项目设备投资" in m for m in messages)
    assert {p.code for p in caught.value.problems} == {
        f"progress-{building.pk}-investment_done",
        f"progress-{building.pk}-equipment_done",
    }
    with pytest.raises(ValuesInvalid, match="其中设备投资不能大于累计完成投资"):
        report(submission, {str(building.pk): row("100", "200")})
    with pytest.raises(ValuesInvalid, match="累计完成投资（万元）必填"):
        report(submission, {str(building.pk): row("", "200")})
    with pytest.raises(ValuesInvalid, match="项目 999999 不是.*本期应报进度的项目"):
        report(submission, {"999999": row("1", "1")})
    with pytest.raises(ValuesInvalid):  # a value's fault and a good progress row: neither is written
        workflow.save_draft(
            person("gxj_reporter"),
            submission,
            SubmissionInput(
                values={"t12-equipment-manufacturing-revenue": "很多"},
                parts={PART: {str(building.pk): row("1", "1")}},
            ),
        )
    assert not ProjectProgress.objects.exists()


def test_a_cumulative_figure_never_falls_below_an_accepted_one(building):
    october = gxj_report()
    report(october, {str(building.pk): row("3000", "2000")})
    accept(october)
    november = gxj_report("2026-11", date(2026, 11, 30))
    with pytest.raises(ValuesInvalid, match="低于已采纳的2026年10月累计值 3000"):
        report(november, {str(building.pk): row("2900", "2000")})
    report(november, {str(building.pk): row("3500", "2600", "主体完工")})
    september = gxj_report("2026-09", date(2026, 9, 30))
    with pytest.raises(ValuesInvalid, match="高于已采纳的2026年10月累计值 3000"):
        report(september, {str(building.pk): row("3100", "2000")})
    accept(november)
    assert progress.completed_in([building.pk], 2026, date(2026, 10, 31))[building.pk][1] == Decimal(2000)
    assert progress.completed_in([building.pk], 2027, date(2027, 12, 31)) == {}


def test_progress_is_written_only_while_the_submission_may_be_saved(building):
    submission = gxj_report()
    report(submission, {str(building.pk): row("3000", "2000")})
    workflow.submit(person("gxj_reporter"), submission)
    with pytest.raises(WorkflowError):
        report(submission, {str(building.pk): row("3100", "2000")})
    with pytest.raises(PermissionDenied):
        report(submission, {str(building.pk): row("3100", "2000")}, user="wjj_reporter")
    workflow.approve(person("gxj_reviewer"), submission)
    workflow.return_submission(person("fgj_coordinator"), submission, "请核实设备投资")
    report(submission, {str(building.pk): None})  # a returned report is the department's again
    assert not ProjectProgress.objects.exists()


def test_the_form_saves_progress_and_the_project_page_shows_its_history(login, building):
    submission = gxj_report()
    url = "/plans/taishan-2024/periods/2026-10/submissions/gxj/"
    client = login("gxj_reporter")
    page = client.get(url).content.decode()
    assert 'data-testid="part-project_progress"' in page and building.name in page
    key = f"progress-{building.pk}"
    refused = client.post(
        url,
        {
            "action": "save",
            "version": submission.version,
            "part-project_progress": "1",
            f"{key}-investment_done": "5000",
            f"{key}-equipment_done": "6000",
            f"{key}-image_progress": "",
        },
    )
    assert refused.status_code == 422 and "其中设备投资不能大于累计完成投资" in refused.content.decode()
    assert 'value="5000"' in refused.content.decode()
    done = client.post(
        url,
        {
            "action": "save",
            "version": submission.version,
            "part-project_progress": "1",
            f"{key}-investment_done": "5000",
            f"{key}-equipment_done": "4000",
            f"{key}-image_progress": "厂房封顶",
        },
    )
    assert done.status_code == 302
    versions = client.get(f"{url}versions/").content.decode()
    assert f"项目进度 {building.name} 形象进度" in versions and "厂房封顶" in versions
    detail = login("leader").get(f"/projects/{building.pk}/").content.decode()
    assert "厂房封顶" in detail and 'data-testid="pending-progress">草稿' in detail


def test_the_api_writes_progress_with_the_submission_and_reads_it_per_project(client, api_token, building):
    gxj_report()
    token = api_token("gxj_reporter")
    url = "/api/v1/plans/taishan-2024/periods/2026-10/submissions/gxj"
    refused = client.put(
        url,
        json.dumps({"parts": {PART: {str(building.pk): row("1", "2")}}}),
        content_type="application/json",
        **token,
    )
    assert refused.status_code == 422 and building.name in refused.content.decode()
    saved = client.put(
        url,
        json.dumps({"parts": {PART: {str(building.pk): row("10", "2")}}}),
        content_type="application/json",
        **token,
    )
    assert (
        saved.status_code == 200 and saved.json()["parts"][PART][str(building.pk)]["investment_done"] == "10"
    )
    listed = client.get(f"/api/v1/projects/{building.pk}/progress", **api_token("leader")).json()
    assert listed == [
        {
            "period": "2026-10",
            "period_label": "2026年10月",
            "status": "draft",
            "accepted": False,
            "investment_done": 10,
            "equipment_done": 2,
            "image_progress": "设备安装中",
        }
    ]
    unknown = client.put(
        url, json.dumps({"parts": {"nothing": {}}}), content_type="application/json", **token
    )
    assert unknown.status_code == 422 and "nothing" in unknown.content.decode()
