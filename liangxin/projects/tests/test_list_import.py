"""Projects imported from Excel in the export's columns: a file with one fault saves nothing and names each
fault by row and column, a known 项目代码 updates its project, a department imports only for itself, the
export imports back unchanged, and a WPS-saved file (its dimension written as A1) is read whole."""

import io
import json
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Invalid
from liangxin.enterprises.tests.test_units import CODE_B, enterprise, person
from liangxin.projects import list_excel, list_import
from liangxin.projects.models import Project
from liangxin.projects.tests.test_reserve import owner, project, project_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
CODE = "2407-370902-04-01-654321"


def row(odd: dict | None = None, **changes) -> list:
    """A row in the export's order; `odd` for the columns whose names are no Python names."""
    values = (
        {
            "项目名称": "医用设备更新项目",
            "项目单位": "泰安示范电缆有限公司",
            "统一社会信用代码": enterprise()["credit_code"],
            "项目代码": CODE,
            "领域": "工业",
            "建设性质": "技术改造",
            "所在街道/镇": "邱家店镇",
            "总投资（万元）": 3000.5,
            "设备投资（万元）": "1200.25",
            "计划开工": datetime(2025, 3, 1),  # noqa: DTZ001 - an Excel date cell carries no zone
            "计划竣工": "2026/6/30",
            "责任部门": "gxj",
            "阶段": "开工",
        }
        | changes
        | (odd or {})
    )
    return [values[h] for h in list_excel.HEADERS]


def workbook(rows: list[list], headers=list_excel.HEADERS) -> bytes:
    book = Workbook()
    book.active.append(headers)
    for cells in rows:
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def faults(user, data: bytes) -> set[tuple]:
    with pytest.raises(Invalid, match="未导入任何一行") as caught:
        list_import.import_file(user, data)
    return {(p.row, p.field) for p in caught.value.problems}


def test_a_department_imports_new_projects_for_itself_with_exact_amounts(owner):  # noqa: F811
    counts = list_import.import_file(person("gxj_reporter"), workbook([row(责任部门="")]))
    assert counts == {"created": 1, "updated": 0, "unchanged": 0}
    made = Project.objects.get(code=CODE)
    assert (made.department.code, made.stage, made.construction) == ("gxj", "planning", "renovation")
    assert made.total_investment == Decimal("3000.5") and made.equipment_investment == Decimal("1200.25")
    assert (made.start, made.end) == (date(2025, 3, 1), date(2026, 6, 30))
    assert made.checklist.count() == 5
    entry = AuditEntry.objects.get(action="project.import")
    assert entry.after == {"created": 1, "updated": 0, "unchanged": 0, "projects": [made.pk]}


def test_every_fault_is_named_by_row_and_column_and_nothing_is_saved(owner, project):  # noqa: F811
    bad = workbook(
        [
            row(),
            row(项目代码="2413-370902-04-01-000001", 统一社会信用代码=CODE_B, 领域="航天"),
            row(
                {"总投资（万元）": "1200万", "设备投资（万元）": "5000000元"},
                项目代码="24-1",
                建设性质="翻新",
            ),
            row({"总投资（万元）": 1.00001}, 项目代码="", 计划开工="明年春天", 计划竣工=45000),
            row(项目单位="别的公司", 项目代码="2407-370902-04-01-000006", 计划开工="2025年2月30日"),
            row({"总投资（万元）": None}, 项目代码="", 项目名称=project.name),
            row({"所在街道/镇": "发改局"}, 项目代码=""),
        ]
    )
    before = Project.objects.count()
    found = faults(person("gxj_reporter"), bad)
    assert found == {
        (3, "code"),
        (3, "owner"),
        (3, "field"),
        (4, "code"),
        (4, "construction"),
        (4, "total_investment"),
        (4, "equipment_investment"),
        (5, "total_investment"),
        (5, "start"),
        (5, "end"),
        (6, "owner_name"),
        (6, "start"),
        (7, "total_investment"),
        (7, "name"),  # the reserve has it, and the row gives no 项目代码
        (8, "town"),
    }
    assert Project.objects.count() == before and not Project.objects.filter(code=CODE).exists()
    with pytest.raises(Invalid) as caught:
        list_import.import_file(person("gxj_reporter"), bad)
    messages = {(p.row, p.field): p.message for p in caught.value.problems}
    assert messages[(4, "total_investment")].startswith("总投资（万元）：“1200万”带有单位")
    assert "以元计" in messages[(4, "equipment_investment")]
    assert messages[(3, "owner")].startswith(f"统一社会信用代码：{CODE_B} 未在“企业与单位”登记")
    assert "最多 4 位小数" in messages[(5, "total_investment")]
    assert "是数字，不是日期" in messages[(5, "end")]


def test_duplicates_in_the_file_and_against_the_reserve_are_refused(owner, project):  # noqa: F811
    found = faults(
        person("gxj_reporter"),
        workbook([row(), row(项目名称="另一个"), row(项目代码="", 项目名称=project.name), row(项目代码="")]),
    )
    assert found == {(3, "code"), (4, "name")}
    assert faults(person("gxj_reporter"), workbook([row(项目代码=""), row(项目代码="")])) == {(3, "name")}


def test_a_known_code_updates_its_project_and_the_export_imports_back_unchanged(owner, project):  # noqa: F811
    reporter = person("gxj_reporter")
    exported = list_excel.export(Project.objects.all())
    assert list_import.import_file(reporter, exported) == {"created": 0, "updated": 0, "unchanged": 1}
    sheet = load_workbook(io.BytesIO(exported)).active
    sheet["H2"] = 15000
    changed = io.BytesIO()
    sheet.parent.save(changed)
    assert list_import.import_file(reporter, changed.getvalue())["updated"] == 1
    project.refresh_from_db()
    assert project.total_investment == Decimal("15000") and project.directions == ["节能降碳", "数字化转型"]
    assert AuditEntry.objects.filter(action="project.import").count() == 2  # one an import, none per row


def test_a_department_imports_only_for_itself_and_the_coordinator_names_the_department(owner, project):  # noqa: F811
    assert faults(person("wjj_reporter"), workbook([row(责任部门="gxj")])) == {(2, "department")}
    taken = row(项目代码=project.code, 责任部门="")
    assert faults(person("wjj_reporter"), workbook([taken])) == {(2, "code")}
    assert faults(person("fgj_coordinator"), workbook([row(责任部门="")])) == {(2, "department")}
    assert list_import.import_file(person("fgj_coordinator"), workbook([row(责任部门="wjj")]))["created"] == 1
    assert Project.objects.get(code=CODE).department.code == "wjj"
    with pytest.raises(PermissionDenied):
        list_import.import_file(person("leader"), workbook([row()]))


def test_a_file_without_rows_or_without_a_required_column_is_refused(owner):  # noqa: F811
    with pytest.raises(Invalid, match="没有数据行"):
        list_import.import_file(person("gxj_reporter"), list_import.template())
    with pytest.raises(Invalid, match="缺少列：统一社会信用代码"):
        list_import.import_file(person("gxj_reporter"), workbook([["x"]], headers=["项目名称"]))
    assert load_workbook(io.BytesIO(list_import.template())).sheetnames == ["项目库", "填写说明"]


KSO_PROPERTIES = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>"
)


def as_wps_saves_it(data: bytes) -> bytes:
    """The same workbook as WPS writes it: the sheet's dimension given as A1, a KSO custom property."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content)
            target.writestr(item, content)
        target.writestr("docProps/custom.xml", KSO_PROPERTIES)
    return out.getvalue()


def test_a_wps_saved_file_is_read_whole(owner):  # noqa: F811
    data = as_wps_saves_it(workbook([row()]))
    assert load_workbook(io.BytesIO(data), read_only=True).active.max_column == 1  # the quirk is there
    assert list_import.import_file(person("gxj_reporter"), data)["created"] == 1
    assert Project.objects.get(code=CODE).equipment_investment == Decimal("1200.25")


def test_the_import_page_lists_every_faulty_row_and_then_imports(login, owner):  # noqa: F811
    client = login("gxj_reporter")
    page = client.get("/projects/import/").content.decode()
    assert "更新该项目" in page and "只能导入本部门负责的项目" in page
    template = client.get("/projects/import/template.xlsx")
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "项目名称"
    bad = workbook([row(), row(项目代码="", 领域="航天")])
    refused = client.post("/projects/import/", {"file": SimpleUploadedFile("项目.xlsx", bad)})
    body = refused.content.decode()
    assert refused.status_code == 422 and "第 3 行" in body and "领域：应为" in body
    assert not Project.objects.exists()
    done = client.post("/projects/import/", {"file": SimpleUploadedFile("项目.xlsx", workbook([row()]))})
    assert done.status_code == 302 and Project.objects.filter(code=CODE).exists()
    assert login("enterprise").get("/projects/import/").status_code == 403


def test_the_api_imports_a_file_or_answers_each_faulty_row(client, api_token, owner):  # noqa: F811
    token = api_token("gxj_reporter")
    bad = workbook([row({"总投资（万元）": "三千"})])
    refused = client.post("/api/v1/projects/import", {"file": SimpleUploadedFile("项目.xlsx", bad)}, **token)
    assert refused.status_code == 422
    assert [(e["row"], e["field"]) for e in refused.json()["errors"]] == [(2, "total_investment")]
    good = SimpleUploadedFile("项目.xlsx", workbook([row()]))
    done = client.post("/api/v1/projects/import", {"file": good}, **token)
    assert done.status_code == 200 and json.loads(done.content)["created"] == 1
    schema = client.get("/api/v1/openapi.json").json()
    assert (
        "multipart/form-data" in schema["paths"]["/api/v1/projects/import"]["post"]["requestBody"]["content"]
    )
    assert client.get("/api/v1/projects/import-template", **token).status_code == 200
