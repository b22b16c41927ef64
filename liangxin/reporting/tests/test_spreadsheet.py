"""The Excel form: download pre-filled, fill in a spreadsheet program, upload; each bad cell named."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from liangxin.accounts.models import Department, User
from liangxin.core import excel
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, spreadsheet, workflow
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db

FORM = "/plans/taishan-2024/periods/2026-11/submissions/wjj/"


@pytest.fixture
def submission():
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    return assignments.submission_for(period, Department.objects.get(code="wjj"))


def reporter():
    return User.objects.get(username="wjj_reporter")


def edit(data: bytes, changes: dict) -> bytes:
    """changes: {(sheet, "G3"): value}"""
    workbook = load_workbook(io.BytesIO(data))
    for (sheet, cell), value in changes.items():
        workbook[sheet][cell] = value
    return excel.to_bytes(workbook)


def rows_of(data: bytes, sheet: str):
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_form_is_prefilled_with_indicator_unit_last_value_and_target(submission):
    workflow.save_draft(
        reporter(), submission, SubmissionInput(values={"t08-medical-equipment-renewal": 250})
    )
    rows = rows_of(spreadsheet.form_workbook(submission), "指标数值")
    assert rows[0] == tuple(spreadsheet.VALUE_HEADERS)
    by_code = {r[0]: r for r in rows[1:]}
    medical = by_code["t08-medical-equipment-renewal"]
    assert medical[1] == "卫生健康领域医疗装备更新换代量" and medical[2] == "台（套）"
    assert medical[4] == "2025年 ≥228 台（套）；2027年 ≥428 台（套）"
    assert medical[6] == 250
    narratives = rows_of(spreadsheet.form_workbook(submission), "任务进展")
    assert [r[0] for r in narratives[1:]] == [8, 23, 25]


def test_filled_form_round_trips(submission):
    data = spreadsheet.form_workbook(submission)
    filled = edit(
        data, {("指标数值", "G2"): 240, ("指标数值", "G3"): 205.5, ("任务进展", "C2"): "完成CT更新两台"}
    )
    result = spreadsheet.import_form(reporter(), submission, filled, keep_good=False)
    assert result.saved and result.problems == []
    content = workflow.content(submission)
    first_code = rows_of(data, "指标数值")[1][0]
    second_code = rows_of(data, "指标数值")[2][0]
    assert content["values"][first_code]["value"] == "240"
    assert content["values"][second_code]["value"] == "205.5"
    assert content["narratives"]["8"]["progress"] == "完成CT更新两台"


def test_exported_text_cannot_run_as_a_formula(submission):
    code = "t08-medical-equipment-renewal"
    workflow.save_draft(reporter(), submission, SubmissionInput(notes={code: '=HYPERLINK("http://x")'}))
    rows = {r[0]: r for r in rows_of(spreadsheet.form_workbook(submission), "指标数值")}
    assert rows[code][8] == '\'=HYPERLINK("http://x")'


def test_every_bad_cell_is_named_and_nothing_is_saved(submission):
    data = spreadsheet.form_workbook(submission)
    bad = edit(
        data,
        {
            ("指标数值", "G2"): "很多",
            ("指标数值", "G3"): 200,
            ("指标数值", "G4"): -1,
            ("指标数值", "A5"): "t01-unknown",
            ("任务进展", "A3"): 99,
        },
    )
    result = spreadsheet.import_form(reporter(), submission, bad, keep_good=False)
    assert not result.saved
    found = {(p.sheet, p.row, p.column) for p in result.problems}
    assert found == {("指标数值", 2, "G"), ("指标数值", 4, "G"), ("指标数值", 5, "A"), ("任务进展", 3, "A")}
    assert "“指标数值”表第 2 行 G 列：" in str(result.problems[0])
    assert not submission.values.exists()


def test_keep_good_rows_saves_only_those(submission):
    data = spreadsheet.form_workbook(submission)
    bad = edit(data, {("指标数值", "G2"): "很多", ("指标数值", "G3"): 200})
    result = spreadsheet.import_form(reporter(), submission, bad, keep_good=True)
    assert result.saved and len(result.problems) == 1
    saved = workflow.content(submission)["values"]
    first, second = rows_of(data, "指标数值")[1][0], rows_of(data, "指标数值")[2][0]
    assert first not in saved and saved[second]["value"] == "200"


def test_a_form_for_another_department_or_a_renamed_file_is_refused(submission):
    gxj = assignments.submission_for(submission.period, Department.objects.get(code="gxj"))
    with pytest.raises(excel.SpreadsheetInvalid, match="不是区卫生健康局2026年11月的填报表"):
        spreadsheet.read_form(submission, spreadsheet.form_workbook(gxj))
    with pytest.raises(excel.SpreadsheetInvalid, match="不是 Excel"):
        spreadsheet.read_form(submission, b"%PDF-1.4 not a spreadsheet")


def test_zip_bomb_is_refused_before_parsing(submission):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/huge.xml", b"0" * (excel.MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(excel.SpreadsheetInvalid, match="解压后过大"):
        spreadsheet.read_form(submission, buffer.getvalue())


def test_download_and_upload_through_the_pages(login, submission):
    client = login("wjj_reporter")
    download = client.get(f"{FORM}form.xlsx")
    assert download.status_code == 200 and download["Content-Type"] == excel.XLSX_TYPE
    filled = edit(download.content, {("指标数值", "G2"): 230})
    upload = io.BytesIO(filled)
    upload.name = "form.xlsx"
    page = client.post(f"{FORM}upload/", {"file": upload}, follow=True).content.decode()
    assert "已从表格保存" in page
    assert 'value="230"' in page
    assert login("gxj_reporter").get(f"{FORM}form.xlsx").status_code == 404
