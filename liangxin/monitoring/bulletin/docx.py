"""The bulletin as a Word file: a Chinese official notice (公文, GB/T 9704) with its red masthead on one line,
tables, signature and the 版记 (抄送, 印发机关 and 印发日期 between rules)."""

import unicodedata
from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from liangxin.core.display import plain
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period

from .data import LABEL_GROUPS, PROGRAMME, AreaLine, Bulletin, bulletin_data
from .words import areas_paragraph, attention_paragraph, day, overall_paragraphs, reporting_paragraph, whole

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FANGSONG, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "方正小标宋简体", "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT, TABLE_PT = 16, 10.5
LINE = Pt(28)  # 公文: 22 lines a page at 16pt
PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
TEXT_WIDTH_PT = TEXT_WIDTH_CM / 2.54 * 72
# 发文机关标志 (GB/T 9704 7.2.2): the issuing office's name and 文件, red, centred, on one line; as large as
# 小初 (36pt) and condensed (character scale) down to 60 % before the size itself goes down
MASTHEAD_SUFFIX = "文件"
MASTHEAD_LARGEST_PT, MASTHEAD_LEAST_SCALE = 36.0, 60
MASTHEAD_SLACK = 0.97  # room for the renderer's rounding: a line that exactly fits may still wrap
# 版记 rules (GB/T 9704 7.4.1): the first and last 0.35 mm, the ones between 0.25 mm; w:sz is in 1/8 pt
THICK_RULE, THIN_RULE = "8", "6"
# what python-docx may already have put in a paragraph's pPr that must follow w:pBdr
_AFTER_PBDR = [
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:outlineLvl",
    "w:rPr",
]


def _fonts(rpr, name: str) -> None:
    """Latin and East Asian font alike: python-docx's font.name alone leaves w:eastAsia unset."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _run(paragraph, text: str, font=FANGSONG, size=BODY_PT, bold=False, color=None):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _fonts(run._element.get_or_add_rPr(), font)
    return run


CENTRED = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": False}
TITLE = {"font": XIAOBIAOSONG, "size": 22, "bold": True, "line": Pt(34), **CENTRED}
_BODY = {"font": FANGSONG, "size": BODY_PT, "bold": False, "color": None, "line": LINE}
_BODY |= {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True}


def _paragraph(container, text="", **style):
    """A body paragraph (仿宋_GB2312 16pt, two-character indent, exact 28pt lines) unless told otherwise."""
    st = _BODY | style
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = st["align"]
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(st["size"] * 2) if st["indent"] else Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = st["line"]
    if text:
        _run(paragraph, text, st["font"], st["size"], st["bold"], st["color"])
    return paragraph


def _set_up(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    for side, length in MARGINS.items():
        setattr(section, f"{side}_margin", length)
    section.footer_distance = Cm(2.0)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, FANGSONG)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), FANGSONG)
    _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """— 1 — centred, 宋体 四号, as official documents number their pages."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", SONGTI, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", SONGTI, 14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._element.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", SONGTI, 14)


def _rules(paragraph, color: str = "000000", **sides: str) -> None:
    """Lines above and/or below a paragraph, across the text width: top="8", bottom="6" (1/8 pt)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        if side not in sides:
            continue
        rule = OxmlElement(f"w:{side}")
        for attr, value in (("w:val", "single"), ("w:sz", sides[side]), ("w:space", "1"), ("w:color", color)):
            rule.set(qn(attr), value)
        border.append(rule)
    ppr.insert_element_before(border, *_AFTER_PBDR)


def _red_rule(paragraph) -> None:
    _rules(paragraph, "FF0000", bottom="18")
    paragraph._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).set(qn("w:space"), "6")


def text_width_pt(text: str, size: float, scale: int = 100) -> float:
    """The width of a line of text: a Chinese character (and any full-width one) is one em, other
    characters half an em, at the font size and character scale (w:w, in percent) given."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
    return ems * size * scale / 100


def masthead_fit(
    text: str, width_pt: float = TEXT_WIDTH_PT * MASTHEAD_SLACK, largest: float = MASTHEAD_LARGEST_PT
) -> tuple[float, int]:
    """(font size in pt, character scale in %) that puts the text on one line of the given width: the
    largest size, condensed as needed down to the least scale, then smaller in half points."""
    size, scale = largest, 100
    if text_width_pt(text, size) > width_pt:
        scale = int(width_pt * 100 / text_width_pt(text, size))
        if scale < MASTHEAD_LEAST_SCALE:
            scale = MASTHEAD_LEAST_SCALE
            size = int(width_pt * 2 / text_width_pt(text, 1, scale)) / 2
    return size, scale


def _scale(run, scale: int) -> None:
    if scale == 100:
        return
    w = OxmlElement("w:w")
    w.set(qn("w:val"), str(scale))
    rpr = run._element.get_or_add_rPr()
    after = ("w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:lang")
    rpr.insert_element_before(w, *after)


def masthead_text(b: Bulletin) -> str:
    return f"{b.office}{MASTHEAD_SUFFIX}"


def _masthead(document, b: Bulletin) -> None:
    text = masthead_text(b)
    size, scale = masthead_fit(text)
    red = {"font": XIAOBIAOSONG, "size": size, "color": RED, "line": Pt(max(size * 1.35, 28))}
    masthead = _paragraph(document, text, **red, **CENTRED)
    _scale(masthead.runs[0], scale)
    _paragraph(document, "", line=Pt(14))
    number = _paragraph(document, indent=False)
    number.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _run(number, f"第{b.number}期\t{day(b.issued_on)}")
    _red_rule(number)


def _heading(document, text: str) -> None:
    _paragraph(document, text, font=HEITI).paragraph_format.keep_with_next = True


def _caption(document, text: str) -> None:
    paragraph = _paragraph(document, text, font=HEITI, size=12, line=Pt(24), **CENTRED)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True


def _cell(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER, keep=False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(1)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep or None
    # a number and its unit stay on one line: 60 个, not 60 / 个
    _run(paragraph, text.replace(" ", "\u00a0"), FANGSONG, TABLE_PT, bold)


def _row_flags(row, *names: str) -> None:
    properties = row._tr.get_or_add_trPr()
    for name in names:
        properties.append(OxmlElement(name))


def _narrow_margins(table) -> None:
    """0.1 cm left and right in every cell, so short headers (目标数, 已完成) fit on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), "57")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table(
    document, headers: list[str], rows: list[list[str]], widths: list[float], left: set[int] = frozenset()
):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_margins(table)
    header = table.rows[0]
    _row_flags(header, "w:cantSplit", "w:tblHeader")
    for cell, text in zip(header.cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for values in rows:
        row = table.add_row()
        _row_flags(row, "w:cantSplit")
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if index in left else WD_ALIGN_PARAGRAPH.CENTER)
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    return table


def _area_table(document, b: Bulletin) -> None:
    labels = [label for label in LABEL_GROUPS if any(a.count(label) for a in b.areas)]
    total = AreaLine("合计", b.overall)
    rows = [
        [
            a.title,
            str(a.rolled["total"]),
            *(str(a.count(label)) for label in labels),
            "—" if a.rolled["percent"] is None else f"{plain(a.rolled['percent'])}%",
        ]
        for a in [*b.areas, total]
    ]
    progress = 1.8
    share = min(1.6, (TEXT_WIDTH_CM - 3.2 - progress) / (len(labels) + 1))
    widths = [TEXT_WIDTH_CM - progress - share * (len(labels) + 1), *([share] * (len(labels) + 1)), progress]
    # 正常推进 → 正常 / 推进: four characters break evenly in a narrow column
    headers = [label if len(label) < 4 else f"{label[:2]}\n{label[2:]}" for label in labels]
    _table(document, ["领域", "目标数", *headers, "平均进度"], rows, widths, left={0})


def _attention_table(document, b: Bulletin) -> None:
    """One row of figures per target, and under it the engine's reason across the full width."""
    headers = ["序号", "责任单位", "指标", "年份", "目标", "实际", "完成\n进度", "状态"]
    widths = [1.0, 2.1, TEXT_WIDTH_CM - 12.8, 1.6, 2.4, 2.1, 1.7, 1.9]
    table = _table(document, headers, [], widths)
    for i, t in enumerate(b.attention, start=1):
        figures, why = table.add_row(), table.add_row()
        _row_flags(figures, "w:cantSplit")
        _row_flags(why, "w:cantSplit")
        values = [str(i), t.department_name, t.indicator.name, f"{t.row.year}年"]
        values += [t.target, t.actual, t.percent, t.status_label]
        for index, (cell, text) in enumerate(zip(figures.cells, values, strict=True)):
            cell.width = Cm(widths[index])
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 2 else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cell, text, align=align, keep=True)  # the figures stay on the page of their reason
        for index, cell in enumerate(why.cells):
            cell.width = Cm(widths[index])
        figures.cells[0].merge(why.cells[0])
        reason = why.cells[1].merge(why.cells[-1])
        note = f"（{t.computed_note}）" if t.computed_note else ""
        _cell(reason, f"原因：{t.status.reason}{note}", align=WD_ALIGN_PARAGRAPH.LEFT)


def _reporting_table(document, b: Bulletin) -> None:
    rows = []
    for i, r in enumerate([*b.late, *b.missing], start=1):
        when = r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else "—"
        state = f"逾期{r.late_days}天报送" if r.sent else ("逾期未报送" if b.overdue else "尚未报送")
        rows.append([str(i), r.department.name, state, when])
    _table(
        document, ["序号", "单位", "情况", "报送时间"], rows, [1.2, 6.4, 4.0, TEXT_WIDTH_CM - 11.6], left={1}
    )


def _signature(document, b: Bulletin) -> None:
    _paragraph(document)
    _paragraph(document)
    for text in (b.office, day(b.issued_on)):
        _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)


def _record(document, b: Bulletin) -> None:
    """版记 (GB/T 9704 7.4): 抄送 and then 印发机关 with 印发日期 in 4号仿宋, one character in from each side,
    between a thick rule above, a thin one between and a thick one below."""
    _paragraph(document)
    _paragraph(document).paragraph_format.keep_with_next = True
    record = {"size": 14, "indent": False, "line": Pt(26)}
    one_char = Pt(14)
    if b.copy_to:
        copy = _paragraph(document, **record)
        copy.paragraph_format.left_indent = copy.paragraph_format.right_indent = one_char
        copy.paragraph_format.keep_with_next = True
        text = b.copy_to.rstrip("。.；;，, ")
        _run(copy, f"抄送：{text}。", size=14)
        _rules(copy, top=THICK_RULE, bottom=THIN_RULE)
    issued = _paragraph(document, **record)
    issued.paragraph_format.left_indent = issued.paragraph_format.right_indent = one_char
    issued.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - 14), WD_TAB_ALIGNMENT.RIGHT)
    when = f"{day(b.issued_on)}印发"
    # 印发机关 and 印发日期 share one line: a long office name is condensed (then made smaller) to fit
    room = (TEXT_WIDTH_PT - 3 * 14 - text_width_pt(when, 14)) * MASTHEAD_SLACK
    size, scale = masthead_fit(b.office, room, largest=14)
    _scale(_run(issued, b.office, size=size), scale)
    _run(issued, f"\t{when}", size=14)
    _rules(issued, **({"bottom": THICK_RULE} if b.copy_to else {"top": THICK_RULE, "bottom": THICK_RULE}))


def bulletin_docx(
    plan: Plan, period: Period, issued_on: date | None = None, data: Bulletin | None = None
) -> bytes:
    """The bulletin as a Chinese official notice (A4, 红头, 仿宋_GB2312 body, 黑体 headings)."""
    b = data or bulletin_data(plan, period, issued_on)
    document = Document()
    _set_up(document)
    document.core_properties.title = b.title
    document.core_properties.author = b.office
    document.core_properties.language = "zh-CN"
    _masthead(document, b)
    _paragraph(document, "", line=Pt(20))
    _paragraph(document, b.title, **TITLE)
    _paragraph(document)
    _paragraph(document, "各有关单位：", indent=False)
    _paragraph(
        document,
        f"按照《{b.plan.title}》（{b.plan.document_number}）要求，现将{b.label}{whole(b.district)}"
        f"{PROGRAMME}工作进展情况通报如下：",
    )
    _heading(document, "一、总体进展")
    for text in overall_paragraphs(b):
        _paragraph(document, text)
    _heading(document, "二、分领域进展")
    _paragraph(document, areas_paragraph(b))
    if b.areas:
        _caption(document, f"表1  {b.label}各领域目标完成情况")
        _area_table(document, b)
    _heading(document, "三、滞后和存在风险的目标")
    _paragraph(document, attention_paragraph(b))
    if b.attention:
        _caption(document, "表2  滞后和存在风险的目标")
        _attention_table(document, b)
    _heading(document, "四、报送情况")
    _paragraph(document, reporting_paragraph(b))
    if b.late or b.missing:
        _caption(document, "表3  逾期报送和未报送单位")
        _reporting_table(document, b)
    _heading(document, "五、存在问题")
    if not b.problems:
        _paragraph(document, "各单位本期未报告存在问题。")
    for i, text in enumerate(b.problems, start=1):
        _paragraph(document, f"{i}．{text}")
    _heading(document, "六、下步工作")
    for i, text in enumerate(b.next_steps, start=1):
        _paragraph(document, f"{i}．{text}")
    _signature(document, b)
    _record(document, b)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
