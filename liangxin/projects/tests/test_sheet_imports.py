"""前期工作 states, funding rows and the 2023 baselines from Excel: the checks of the form per row, every
faulty row named and nothing saved, a row that changes nothing left alone, a funding row never twice, the
baselines for the coordinator only, and the page and the API serving each kind."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Invalid
from liangxin.enterprises.tests.test_units import person
from liangxin.projects import preparation, sheet_imports
from liangxin.projects.models import ChecklistItem, EquipmentBaseline, Funding
from liangxin.projects.tests.test_list_import import workbook
from liangxin.projects.tests.test_reserve import owner, project, project_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
CODE = "2407-370902-04-01-123456"  # test_reserve's project
CHECKLIST = sheet_imports.SHEETS["checklist"].headers
FUNDING = sheet_imports.SHEETS["funding"].headers
BASELINES = sheet_imports.SHEETS["baselines"].headers
DONE = datetime(2024, 8, 1)  # noqa: DTZ001 - an Excel date cell carries no zone


def faults(user, kind, data: bytes) -> set[tuple]:
    with pytest.raises(Invalid, match="未导入任何一行") as caught:
        sheet_imports.run(user, kind, data)
    return {(p.row, p.field) for p in caught.value.problems}


def test_checklist_rows_report_items_as_the_form_does_and_unchanged_rows_stay(project):  # noqa: F811
    reporter = person("gxj_reporter")
    good = workbook(
        [
            [CODE, "审批/核准/备案", "备案", "已办结", "泰发改备〔2024〕12号", DONE],
            [CODE, "节能审查", "", "办理中", "", ""],
        ],
        headers=CHECKLIST,
    )
    assert sheet_imports.run(reporter, "checklist", good) == {"created": 0, "updated": 2, "unchanged": 0}
    approval = ChecklistItem.objects.get(project=project, item="approval")
    assert (approval.state, approval.approval_kind, approval.done_on) == ("done", "filing", DONE.date())
    assert preparation.maturity(project).score >= 30
    assert sheet_imports.run(reporter, "checklist", good) == {"created": 0, "updated": 0, "unchanged": 2}
    assert AuditEntry.objects.filter(action="project.checklist").count() == 2
    assert AuditEntry.objects.filter(action="project.import.checklist").count() == 2


def test_a_faulty_checklist_row_saves_nothing_and_each_fault_has_its_row(project):  # noqa: F811
    bad = workbook(
        [
            [CODE, "环评批复", "", "已办结", "泰环审〔2024〕3号", DONE],
            [CODE, "环评批复", "", "办理中", "", ""],
            [CODE, "节能审查", "", "差不多", "", ""],
            [CODE, "施工许可", "", "已办结", "", ""],
            ["2407-370902-04-01-999999", "节能审查", "", "办理中", "", ""],
            [CODE, "用地预审和规划许可", "", "已办结", "泰自然资〔2024〕1号", "下个月"],
        ],
        headers=CHECKLIST,
    )
    found = faults(person("gxj_reporter"), "checklist", bad)
    assert found == {(3, "item"), (4, "state"), (5, "document_number"), (6, "code"), (7, "done_on")}
    assert not ChecklistItem.objects.filter(project=project).exclude(state="not_started").exists()
    assert not AuditEntry.objects.filter(action="project.checklist").exists()
    other = workbook([[CODE, "节能审查", "", "办理中", "", ""]], headers=CHECKLIST)
    assert faults(person("wjj_reporter"), "checklist", other) == {(2, "code")}


def test_funding_rows_are_added_once_with_exact_amounts(project):  # noqa: F811
    reporter = person("gxj_reporter")
    rows = [
        [CODE, "超长期特别国债", "申请", 3000.5, DONE, ""],
        [CODE, "超长期特别国债", "下达", "2000", "2024-09-01", "泰发改投资〔2024〕8号"],
    ]
    assert sheet_imports.run(reporter, "funding", workbook(rows, headers=FUNDING))["created"] == 2
    assert sorted(Funding.objects.values_list("amount", flat=True)) == [Decimal("2000"), Decimal("3000.5")]
    assert faults(reporter, "funding", workbook(rows[1:], headers=FUNDING)) == {(2, "amount")}
    bad = [
        [CODE, "超长期特别国债", "申请", "50万", DONE, ""],
        [CODE, "天上掉的", "申请", 50, DONE, ""],
        [CODE, "超长期特别国债", "下达", 50, DONE, ""],
        [CODE, "超长期特别国债", "申请", 70, "", ""],
        [CODE, "超长期特别国债", "申请", 80, DONE, ""],
        [CODE, "超长期特别国债", "申请", 80, DONE, ""],
    ]
    found = faults(reporter, "funding", workbook(bad, headers=FUNDING))
    assert found == {(2, "amount"), (3, "channel"), (4, "document_number"), (5, "on"), (7, "amount")}
    assert Funding.objects.count() == 2


def test_baselines_are_the_coordinators_and_a_second_import_replaces_a_figure():
    coordinator = person("fgj_coordinator")
    rows = [["工业", 2023, 52000.25], ["医疗", "", "8000"]]
    assert sheet_imports.run(coordinator, "baselines", workbook(rows, headers=BASELINES))["created"] == 2
    assert EquipmentBaseline.objects.get(field="health").year == 2023
    again = workbook([["工业", 2023, 53000], ["医疗", 2023, 8000]], headers=BASELINES)
    assert sheet_imports.run(coordinator, "baselines", again) == {"created": 0, "updated": 1, "unchanged": 1}
    bad = workbook(
        [["工业", 2023, "53000元"], ["航天", 2023, 1], ["医疗", 2023, 1], ["医疗", 2023, 2]], BASELINES
    )
    assert faults(coordinator, "baselines", bad) == {(2, "amount"), (3, "field"), (5, "field")}
    with pytest.raises(PermissionDenied):
        sheet_imports.run(person("gxj_reporter"), "baselines", again)
    with pytest.raises(Invalid, match="导入内容"):
        sheet_imports.kind_of("everything")


def test_the_page_and_the_api_serve_each_kind(login, client, api_token, project):  # noqa: F811
    page = login("gxj_reporter")
    assert "每行登记一笔资金" in page.get("/projects/import/", {"kind": "funding"}).content.decode()
    template = page.get("/projects/import/template.xlsx", {"kind": "checklist"})
    assert [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]] == CHECKLIST
    bad = workbook([[CODE, "节能审查", "", "差不多", "", ""]], headers=CHECKLIST)
    refused = page.post("/projects/import/?kind=checklist", {"file": SimpleUploadedFile("前期.xlsx", bad)})
    assert refused.status_code == 422 and "第 2 行" in refused.content.decode()
    token = api_token("gxj_reporter")
    good = workbook([[CODE, "节能审查", "", "办理中", "", ""]], headers=CHECKLIST)
    done = client.post(
        "/api/v1/projects/import",
        {"kind": "checklist", "file": SimpleUploadedFile("前期.xlsx", good)},
        **token,
    )
    assert done.status_code == 200 and done.json()["updated"] == 1
    refused = client.post(
        "/api/v1/projects/import",
        {"kind": "baselines", "file": SimpleUploadedFile("基准.xlsx", good)},
        **token,
    )
    assert refused.status_code == 403
