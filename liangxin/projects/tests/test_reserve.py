"""The project reserve: a project's record checked field by field, who keeps which project, the 前期工作
checklist and the maturity score with its reasons, stages with 申报 and 下达 confirmed by the coordinator,
and funding per channel flagged when more is granted than requested."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Conflict, Invalid
from liangxin.enterprises import units
from liangxin.enterprises.tests.test_units import enterprise, person
from liangxin.projects import access, funding, preparation, records, stages
from liangxin.projects.models import Project, StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return units.create(person("fgj_coordinator"), enterprise())


def project_data(**changes) -> dict:
    return {
        "name": "年产 5 万公里特种电缆智能化技术改造项目",
        "owner": enterprise()["credit_code"],
        "field": "工业",
        "town": "邱家店镇",
        "code": "2407-370902-04-01-123456",
        "total_investment": "12000.5",
        "equipment_investment": "8000.1234",
        "start": "2025-03-01",
        "end": "2026-12-31",
        "department": "gxj",
        "directions": "数字化转型、节能降碳",
    } | changes


@pytest.fixture
def project(owner):
    return records.create(person("gxj_reporter"), project_data())


def test_a_project_is_created_with_exact_amounts_its_checklist_and_an_audit_entry(project):
    assert project.total_investment == Decimal("12000.5") and project.equipment_investment == Decimal(
        "8000.1234"
    )
    assert project.field == "industry" and project.directions == ["节能降碳", "数字化转型"]
    assert project.checklist.count() == 5 and project.stage == "planning"
    assert AuditEntry.objects.get(action="project.create").after["equipment_investment"] == "8000.1234"


def test_every_fault_is_named_by_its_field(owner):
    bad = project_data(
        code="2413-370902-04-01-123456",
        total_investment="-1",
        equipment_investment="1.00001",
        start="2099-01-01",
        field="航天",
        owner="无此单位",
        directions="造火箭",
    )
    with pytest.raises(Invalid) as caught:
        records.create(person("gxj_reporter"), bad)
    assert {p.field for p in caught.value.problems} == {
        "code",
        "total_investment",
        "equipment_investment",
        "start",
        "field",
        "owner",
        "directions",
    }
    with pytest.raises(Invalid, match="不能大于总投资"):
        records.create(person("gxj_reporter"), project_data(equipment_investment="20000"))
    assert records.project_code(" 2407-370902-04-01-123456 ") == "2407-370902-04-01-123456"


def test_a_department_keeps_only_its_own_projects(project):
    with pytest.raises(PermissionDenied, match="只能维护本部门负责的项目"):
        records.update(person("wjj_reporter"), project, {"name": "改名"})
    with pytest.raises(PermissionDenied):
        records.update(person("gxj_reporter"), project, {"department": "wjj"})
    with pytest.raises(PermissionDenied):
        records.create(person("leader"), project_data(code=""))
    _, changed = records.update(person("fgj_coordinator"), project, {"total_investment": "12000.50"})
    assert not changed  # the same amount written otherwise is no change
    assert access.allowed_actions(person("leader"), project) == set()
    assert access.allowed_actions(person("gxj_reporter"), project) == {
        "edit",
        "checklist",
        "stage",
        "funding",
        "documents",
    }


def test_an_enterprise_sees_the_projects_of_its_own_unit_only(project):
    assert list(access.projects_for(person("enterprise"))) == []
    units.create(
        person("fgj_coordinator"), enterprise(credit_code=person("enterprise").credit_code, name="自家")
    )
    own = records.create(
        person("gxj_reporter"), project_data(owner=person("enterprise").credit_code, code="")
    )
    assert list(access.projects_for(person("enterprise"))) == [own]


def test_maturity_follows_the_checklist_and_the_schedule_with_reasons(project):
    today = date(2025, 1, 15)
    first = preparation.maturity(project, today=today)
    assert first.score == 10 and "审批/核准/备案未办理（30 分中得 0 分）" in first.reasons
    gxj = person("gxj_reporter")
    preparation.report(
        gxj,
        project,
        "approval",
        "done",
        approval_kind="filing",
        document_number="泰发改备〔2024〕8号",
        done_on=date(2024, 8, 1),
    )
    preparation.report(gxj, project, "land", "not_needed")
    preparation.report(gxj, project, "energy", "in_progress")
    with pytest.raises(Invalid, match="文号和办结日期"):
        preparation.report(gxj, project, "environment", "done")
    later = preparation.maturity(project, today=today)
    assert later.score == 30 + 20 + 7 + 10  # 7: half of 15, rounded down
    assert (
        preparation.maturity(project, today=date(2024, 6, 1)).score == 57
    )  # the start is over six months off


def test_stages_move_and_applying_waits_for_the_coordinator(project):
    gxj, coordinator = person("gxj_reporter"), person("fgj_coordinator")
    stages.move(gxj, project, "reserve", date(2025, 1, 10))
    with pytest.raises(Conflict, match="不能改为“开工”"):
        stages.move(gxj, project, "started", date(2025, 1, 10))
    asked = stages.move(gxj, project, "applied", date(2025, 2, 1))
    assert (
        asked.status == StageChange.Status.PENDING and Project.objects.get(pk=project.pk).stage == "reserve"
    )
    with pytest.raises(Conflict, match="等待统筹协调人员确认"):
        stages.move(gxj, project, "exited", date(2025, 2, 2), "企业决定暂缓实施")
    with pytest.raises(PermissionDenied):
        stages.decide(gxj, asked, True)
    stages.decide(coordinator, asked, True)
    assert Project.objects.get(pk=project.pk).stage == "applied"
    asked = stages.move(gxj, project, "selected", date(2025, 4, 1))
    with pytest.raises(Invalid, match="理由"):
        stages.decide(coordinator, asked, False, "否")
    stages.decide(coordinator, asked, False, "未列入本批次下达清单")
    assert Project.objects.get(pk=project.pk).stage == "applied"
    with pytest.raises(Invalid, match="退出"):
        stages.move(gxj, project, "exited", date(2025, 5, 1), "")
    stages.move(gxj, project, "exited", date(2025, 5, 1), "企业决定暂缓实施")
    saved = Project.objects.get(pk=project.pk)
    assert (
        saved.stage == "exited"
        and saved.exit_reason == "企业决定暂缓实施"
        and stages.next_stages(saved) == []
    )
    timeline = [(c.to_stage, c.status) for c in saved.stage_changes.all()]
    assert timeline == [("reserve", "done"), ("applied", "done"), ("selected", "refused"), ("exited", "done")]


def test_funding_per_channel_flags_more_granted_than_requested(project):
    gxj = person("gxj_reporter")
    funding.add(gxj, project, "special-bonds", "request", "3000", date(2025, 2, 1))
    with pytest.raises(Invalid, match="下达文件的文号"):
        funding.add(gxj, project, "special-bonds", "grant", "3500", date(2025, 6, 1))
    funding.add(
        gxj, project, "special-bonds", "grant", "3500.0001", date(2025, 6, 1), "鲁发改投资〔2025〕300号"
    )
    funding.add(gxj, project, "district-renovation", "request", "200", date(2025, 2, 1))
    found = {t.channel.code: t for t in funding.totals(project)}
    assert found["special-bonds"].granted == Decimal("3500.0001") and found["special-bonds"].over_granted
    assert not found["district-renovation"].over_granted
    with pytest.raises(Invalid, match="资金渠道"):
        funding.add(gxj, project, "彩票", "request", "1", date(2025, 2, 1))
