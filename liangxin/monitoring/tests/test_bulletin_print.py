"""The 通报 as printed (issue 11 D.16): the red masthead on one line at the page's text width, the 版记
(抄送, 印发机关 and 印发日期 between rules) at the end, and the 调度数据 workbook set up for printing."""

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from liangxin.core.tests.test_excel_print import assert_prints_well
from liangxin.monitoring.bulletin.docx import TEXT_WIDTH_PT, bulletin_docx, masthead_fit, text_width_pt
from liangxin.monitoring.bulletin.xlsx import bulletin_xlsx
from liangxin.reporting.models import Period

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 11, 28)
OFFICE = "泰山区大规模设备更新和消费品以旧换新工作专班办公室"


@pytest.fixture
def period(history):
    return Period.objects.get(plan__code="taishan-2024", key="2026-10")


@pytest.fixture
def document(period):
    return Document(io.BytesIO(bulletin_docx(period.plan, period, ISSUED)))


def _red(paragraph) -> bool:
    return any(
        run.font.color.rgb is not None and str(run.font.color.rgb) == "FF0000" for run in paragraph.runs
    )


def _scale(run) -> int:
    w = run._element.rPr.find(qn("w:w"))
    return 100 if w is None else int(w.get(qn("w:val")))


def test_masthead_is_one_line_within_the_text_width(document):
    red = [p for p in document.paragraphs if _red(p)]
    assert [p.text for p in red] == [f"{OFFICE}文件"]
    run = red[0].runs[0]
    width = text_width_pt(red[0].text, run.font.size.pt, _scale(run))
    assert width <= TEXT_WIDTH_PT * 0.98, f"{width:.1f} pt on a {TEXT_WIDTH_PT:.1f} pt line"
    assert run.font.size.pt >= 22  # still a masthead, not body text
    assert red[0].paragraph_format.first_line_indent.pt == 0


@pytest.mark.parametrize(
    "text",
    [
        "肥城市人民政府文件",
        f"{OFFICE}文件",
        "济南市市中区" + "很长的机关名称" * 6 + "文件",
        "ABC区办公室文件",
    ],
)
def test_masthead_fit_always_fits_and_condenses_before_shrinking(text):
    size, scale = masthead_fit(text)
    assert text_width_pt(text, size, scale) <= TEXT_WIDTH_PT
    assert 60 <= scale <= 100 and size <= 36
    if size < 36:
        assert scale == 60  # the size goes down only once the characters are as narrow as allowed


def test_record_ends_the_document_between_rules(document):
    texts = [p.text for p in document.paragraphs]
    copy, issued = document.paragraphs[-2], document.paragraphs[-1]
    assert copy.text == "抄送：泰山区委办公室，泰山区人民政府办公室。"
    assert issued.text == f"{OFFICE}\t2026年11月28日印发"
    assert texts.index(copy.text) > texts.index("六、下步工作")

    def rule(paragraph, side):
        border = paragraph._p.pPr.find(qn("w:pBdr"))
        element = None if border is None else border.find(qn(f"w:{side}"))
        return None if element is None else element.get(qn("w:sz"))

    # a thick rule above 抄送, a thin one between, a thick one under 印发
    assert (rule(copy, "top"), rule(copy, "bottom"), rule(issued, "bottom")) == ("8", "6", "8")
    assert all(run.font.size.pt == 14 for run in copy.runs) and issued.runs[-1].font.size.pt == 14
    # 印发机关 and 印发日期 on one line between the indents (rendered by LibreOffice it wrapped before)
    office, when = issued.runs[0], issued.runs[1].text.strip()
    used = text_width_pt(office.text, office.font.size.pt, _scale(office)) + text_width_pt(when, 14)
    assert used + 14 <= TEXT_WIDTH_PT - 2 * 14


def test_bulletin_workbook_prints_landscape_fitted_with_headers(period):
    assert_prints_well(bulletin_xlsx(period.plan, period, ISSUED))
