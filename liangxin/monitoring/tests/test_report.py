"""The 调度通报 of a period: its figures, the Word notice, the Excel data, and the CLI, page and API that
deliver them. Period 2026-10 of the demo history is uneven: 住建局 and 生态环境分局 never reported, some
departments reported late, 工信局 and 商务局 are not yet accepted."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.monitoring.bulletin import FORMATS
from liangxin.monitoring.bulletin.data import CLOSING, bulletin_data, district_of
from liangxin.monitoring.bulletin.docx import DOCX_TYPE, bulletin_docx
from liangxin.monitoring.bulletin.words import overall_paragraphs, reporting_paragraph
from liangxin.monitoring.bulletin.xlsx import TARGET_HEADERS, VALUE_HEADERS, area_headers, bulletin_xlsx
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period

pytestmark = pytest.mark.django_db

HEADINGS = [
    "一、总体进展",
    "二、分领域进展",
    "三、滞后和存在风险的目标",
    "四、报送情况",
    "五、存在问题",
    "六、下步工作",
]
TITLE = "关于2026年10月大规模设备更新和消费品以旧换新工作进展情况的通报"
DOCX_URL = "/plans/taishan-2024/periods/2026-10/report.docx"
XLSX_URL = "/plans/taishan-2024/periods/2026-10/report.xlsx"
API_DOCX = "/api/v1/plans/taishan-2024/periods/2026-10/report.docx"
ISSUED = date(2026, 11, 28)


@pytest.fixture
def plan(history):
    return Plan.objects.get(code="taishan-2024")


@pytest.fixture
def period(plan):
    return Period.objects.get(plan=plan, key="2026-10")


@pytest.fixture
def bulletin(plan, period):
    return bulletin_data(plan, period, ISSUED)


def _docx(plan, period) -> Document:
    return Document(io.BytesIO(bulletin_docx(plan, period, ISSUED)))


def _table_text(document) -> str:
    return "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)


# --- the figures -------------------------------------------------------------------------------------


def test_issue_number_district_and_title(bulletin):
    assert bulletin.number == 27  # 2024-08 is the first period
    assert (
        bulletin.district == "泰山区"
        and bulletin.office == "泰山区大规模设备更新和消费品以旧换新工作专班办公室"
    )
    assert bulletin.title == TITLE


@pytest.mark.parametrize(
    ("issuer", "district"),
    [
        ("泰安市泰山区人民政府", "泰山区"),
        ("山东省泰安市岱岳区人民政府", "岱岳区"),
        ("宁阳县人民政府", "宁阳县"),
        ("济南市市中区人民政府", "市中区"),
        ("内蒙古自治区呼和浩特市新城区人民政府", "新城区"),
        ("肥城市人民政府", "肥城市"),
    ],
)
def test_district_comes_from_the_issuer(issuer, district):
    assert district_of(issuer) == district


def test_overall_counts_live_targets_and_sums_up_past_years(bulletin):
    assert len(bulletin.targets) == 50
    assert {t.row.year for t in bulletin.live} == {2026, 2027}
    assert len(bulletin.live) + len(bulletin.past) == 50
    assert bulletin.overall["total"] == len(bulletin.live)
    first, past = overall_paragraphs(bulletin)
    assert f"共{len(bulletin.live)}项" in first and "正常推进" in first
    assert past.startswith("2024—2025年度目标") and "未完成" in past
    area_total = sum(a.rolled["total"] for a in bulletin.areas)
    assert area_total == bulletin.overall["total"]


def test_attention_lists_lagging_live_targets_first_then_past_misses(bulletin):
    statuses = [(t.row.year >= 2026, t.status.status, t.status.at_risk) for t in bulletin.attention]
    live = [s for s in statuses if s[0]]
    assert live and all(s[1] in ("behind", "seriously_behind") or s[2] for s in live)
    assert statuses[: len(live)] == live  # live ones come first
    assert all(s[1] == "missed" for s in statuses[len(live) :])
    behind = next(t for t in bulletin.attention if t.indicator.code == "goal-used-car-volume-growth")
    # on pace for its September report, but its trend ends 2027 short of +45 %: listed as at risk
    assert behind.row.year == 2027 and behind.status.status == "on_track" and behind.status.at_risk
    assert behind.department.code == "swj" and behind.target == "较2023年增长≥45%"
    assert behind.actual == "增长24.66%"


def test_reporting_names_late_missing_and_pending_departments(bulletin):
    assert [r.department.short_name for r in bulletin.missing] == ["住建局", "生态环境分局"]
    late = {r.department.short_name: r.late_days for r in bulletin.late}
    assert late.get("商务局", 0) > 0
    assert {r.department.short_name for r in bulletin.pending} == {"工信局", "商务局"}
    assert len(bulletin.reports) == 22
    text = reporting_paragraph(bulletin)
    assert "逾期未报送2个（住建局、生态环境分局）" in text and "暂未计入" in text


def test_before_the_deadline_unsent_departments_are_not_yet_overdue(plan, period):
    early = bulletin_data(plan, period, period.deadline)
    assert [r.department.short_name for r in early.missing] == ["住建局", "生态环境分局"]
    assert "尚未报送2个" in reporting_paragraph(early)


def test_problems_and_next_steps_come_from_the_narratives(bulletin):
    assert bulletin.problems
    # one item per area (the plan's sections), naming each department and its tasks
    titles = [s.title for s in bulletin.plan.sections.all()]
    assert all(line.split("方面：")[0] in titles and "（任务" in line for line in bulletin.problems)
    assert any("商务局（任务" in line for line in bulletin.problems)
    assert not any(("住建局" in line or "生态环境分局" in line) for line in bulletin.problems)  # never sent
    assert len(bulletin.next_steps) == len(set(bulletin.next_steps))
    assert bulletin.next_steps[-1] == CLOSING


# --- Word ----------------------------------------------------------------------------------------------


def test_docx_reads_as_an_official_notice(plan, period, bulletin):
    document = _docx(plan, period)
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("泰山区大规模设备更新") and "第27期\t2026年11月28日" in texts
    assert TITLE in texts
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    tables = _table_text(document).replace("\xa0", " ")  # numbers and units are joined by no-break spaces
    assert "区住房和城乡建设局" in tables and "市生态环境局泰山分局" in tables and "工信局" in tables
    behind = next(t for t in bulletin.attention if t.status.status == "behind")
    assert behind.status.reason in tables
    assert "平均进度" in tables and "逾期未报送" in tables
    assert CLOSING in "".join(texts)


def test_docx_page_and_fonts(plan, period):
    document = _docx(plan, period)
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01) and abs(section.left_margin - Cm(2.8)) < Cm(0.01)

    def east_asian(paragraph):
        return {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs}

    body = next(p for p in document.paragraphs if p.text.startswith("按照《"))
    assert east_asian(body) == {"仿宋_GB2312"}
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    heading = next(p for p in document.paragraphs if p.text == "一、总体进展")
    assert east_asian(heading) == {"黑体"}
    title = next(p for p in document.paragraphs if p.text == TITLE)
    assert east_asian(title) == {"方正小标宋简体"} and title.runs[0].font.size.pt == 22 and title.runs[0].bold
    cell = document.tables[0].rows[1].cells[0].paragraphs[0]
    assert east_asian(cell) == {"仿宋_GB2312"} and cell.runs[0].font.size.pt == 10.5


# --- Excel ---------------------------------------------------------------------------------------------


def test_xlsx_has_every_value(plan, period):
    workbook = load_workbook(io.BytesIO(bulletin_xlsx(plan, period, ISSUED)))
    assert workbook.sheetnames == ["目标完成情况", "分领域", "填报数值", "报送情况"]
    targets = list(workbook["目标完成情况"].values)
    assert list(targets[0]) == TARGET_HEADERS and len(targets) == 51
    assert list(next(workbook["分领域"].values)) == area_headers()
    values = list(workbook["填报数值"].values)
    assert list(values[0]) == VALUE_HEADERS
    assert {row[8] for row in values[1:]} == {"已采纳", "已报送", "部门已审核"}
    reporting = {row[0]: row for row in list(workbook["报送情况"].values)[1:]}
    assert len(reporting) == 22
    assert reporting["区住房和城乡建设局"][1] == "未报送" and reporting["区住房和城乡建设局"][3] == "是"
    assert reporting["区商务局"][3] == "是" and reporting["区卫生健康局"][3] == "否"


# --- CLI, page, API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_cli_writes_the_file(plan, tmp_path, fmt):
    out, target = io.StringIO(), tmp_path / f"bulletin.{fmt}"
    call_command(
        "report", "period", "taishan-2024", "2026-10", "--format", fmt, "--output", str(target), stdout=out
    )
    assert target.read_bytes().startswith(b"PK")
    assert str(target) in out.getvalue() and "字节" in out.getvalue()
    assert AuditEntry.objects.filter(action="report.export", via="cli").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["taishan-2024", "2031-01"], "没有期次 2031-01"),
        (["nowhere", "2026-10"], "方案 nowhere 不存在"),
        (["taishan-2024", "2024-08", "--date", "2026-13-01"], "通报日期 2026-13-01 无效"),
    ],
)
def test_cli_refuses_unknown_plan_or_period_in_chinese(tmp_path, args, message):
    target = tmp_path / "x.docx"
    with pytest.raises(CommandError, match=message):
        call_command("report", "period", *args, "--output", str(target))
    assert not target.exists()


def test_page_offers_and_serves_the_downloads(plan, login):
    client = login("leader")
    page = client.get("/plans/taishan-2024/periods/2026-10/").content.decode()
    assert DOCX_URL in page and XLSX_URL in page and "下载调度通报（Word）" in page
    response = client.get(DOCX_URL)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert (
        "filename*=UTF-8''taishan-2024-2026-10-%E8%B0%83%E5%BA%A6%E9%80%9A%E6%8A%A5.docx"
        in (response["Content-Disposition"])
    )
    assert TITLE in [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    sheet = client.get(XLSX_URL)
    assert (
        sheet.status_code == 200 and load_workbook(io.BytesIO(sheet.content)).sheetnames[0] == "目标完成情况"
    )
    assert client.get("/plans/taishan-2024/periods/2031-01/report.docx").status_code == 404
    assert AuditEntry.objects.filter(action="report.export", actor_name="leader").count() == 2


def test_page_download_is_denied_without_plan_view(login):
    assert login("enterprise").get(DOCX_URL).status_code == 403
    assert login("enterprise").get(XLSX_URL).status_code == 403
    # the bulletin carries every department's figures: a bureau reporter does not get it
    assert login("wjj_reporter").get(DOCX_URL).status_code == 403
    assert (
        "report-docx"
        not in login("wjj_reporter").get("/plans/taishan-2024/periods/2026-10/").content.decode()
    )


def test_page_download_requires_login(client):
    response = client.get(DOCX_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_api_returns_the_files(plan, client, api_token):
    headers = api_token("leader")
    response = client.get(API_DOCX, **headers)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert TITLE in [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    sheet = client.get(API_DOCX.replace(".docx", ".xlsx"), **headers)
    assert sheet.status_code == 200 and sheet["Content-Type"] == FORMATS["xlsx"]
    assert client.get(API_DOCX.replace("2026-10", "2031-01"), **headers).status_code == 404
    assert AuditEntry.objects.filter(action="report.export", via="api").count() == 2


def test_api_refuses_without_auth_or_permission(client, api_token):
    assert client.get(API_DOCX).status_code == 401
    assert client.get(API_DOCX, **api_token("enterprise")).status_code == 403


def test_api_files_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    docx = paths["/api/v1/plans/{code}/periods/{period}/report.docx"]["get"]
    assert DOCX_TYPE in docx["responses"]["200"]["content"]
    assert "/api/v1/plans/{code}/periods/{period}/report.xlsx" in paths


def test_a_large_periods_bulletin_is_built_by_the_queue_and_offered_on_the_jobs_page(plan, login, settings):
    from liangxin.queue.models import Job

    settings.JOB_INLINE_ROWS = 0
    client = login("fgj_coordinator")
    queued = client.get(DOCX_URL)
    job = Job.objects.get()
    assert queued["Location"] == f"/queue/jobs/{job.pk}/"
    assert (job.kind, job.status, job.file_name) == ("bulletin", "done", "taishan-2024-2026-10-调度通报.docx")
    document = Document(io.BytesIO(b"".join(client.get(f"/queue/jobs/{job.pk}/file").streaming_content)))
    assert any(p.text == TITLE for p in document.paragraphs)
    entry = AuditEntry.objects.filter(action="report.export").latest("seq")
    assert (entry.actor_name, entry.via, entry.after["format"]) == ("fgj_coordinator", "queue", "docx")
    assert login("wjj_reporter").get(XLSX_URL).status_code == 403 and Job.objects.count() == 1
