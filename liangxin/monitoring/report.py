"""The 调度通报: the periodic progress bulletin the "两新" office sends to the leaders, as Word, and all
its figures as Excel. Plain functions (no request objects); pages, API and CLI all call ``export``.

``bulletin_data`` computes everything once, as of the period's end date:

* Live targets are those of the period's year and later (this year's targets and the plan's final
  ones): they are what the departments are still working on, so the overall progress and the table
  by area count only them. Targets of earlier years have been judged at their deadline; the bulletin
  sums them up in one sentence, and any of them that was missed is still listed among the targets
  that need attention.
* Targets that need attention: live targets that are behind, seriously behind, or on track today but
  projected to miss (``at_risk``), then every missed target of an earlier year.
* Reporting: every department that owes a submission. "Sent" means submitted, approved or accepted; a
  submission sent after the deadline is late, one never sent (or returned) is missing. Only accepted
  values count towards progress, so sent-but-not-yet-accepted submissions are named too.
* 存在问题 and 下步工作 come from the narratives of the sent submissions, in the plan's department order.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from liangxin.accounts.models import Department
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.display import plain, target_text
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, workflow
from liangxin.reporting.models import Narrative, Period, ReportedValue, Submission

from .service import TargetRow, plan_status
from .status import STAGE_LABELS, STATUS_LABELS, roll_up

S = Submission.Status
SENT = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)
LIVE_ATTENTION = ("seriously_behind", "behind")
PROGRAMME = "大规模设备更新和消费品以旧换新"
CLOSING = (
    "请各责任单位对照年度目标任务，进一步压实责任、加快推进，滞后和存在风险的目标要逐项分析原因、"
    "制定措施，确保按期完成；逾期和未报送的单位要及时补报，并按时报送下期调度数据。"
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": DOCX_TYPE, "xlsx": excel.XLSX_TYPE}


def _label_groups() -> dict[str, tuple[str, ...]]:
    """Status label → the engine's codes with that label (已完成 is both achieved and done)."""
    groups: dict[str, list[str]] = {}
    for code, label in STATUS_LABELS.items():
        groups.setdefault(label, []).append(code)
    return {label: tuple(codes) for label, codes in groups.items()}


LABEL_GROUPS = _label_groups()


# --- the data ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetLine:
    """One target with everything the bulletin and the workbook say about it."""

    row: TargetRow
    department: Department | None
    target: str  # as the plan writes it: ≥60 个, 较2023年增长≥15%

    @property
    def indicator(self):
        return self.row.indicator

    @property
    def status(self):
        return self.row.status

    @property
    def task_label(self) -> str:
        task = self.row.indicator.task
        return f"{task.number}. {task.title}" if task else "工作目标"

    @property
    def department_name(self) -> str:
        return self.department.short_name if self.department else "—"

    @property
    def status_label(self) -> str:
        return self.status.label + ("（有风险）" if self.status.at_risk else "")

    @property
    def actual(self) -> str:
        st, unit = self.status, self.indicator.unit
        if st.growth is not None:
            return f"增长{plain(st.growth)}%" if st.growth >= 0 else f"下降{plain(-st.growth)}%"
        if st.actual is None:
            return "—"
        text = _with_unit(st.actual, unit)
        if self.indicator.kind == "relative" and st.expected is not None:
            text += f"（对比值{_with_unit(st.expected, unit)}）"
        return text

    @property
    def percent(self) -> str:
        return "—" if self.status.percent is None else f"{plain(self.status.percent)}%"


@dataclass(frozen=True)
class AreaLine:
    title: str
    rolled: dict  # roll_up() of the area's live targets

    def count(self, label: str) -> int:
        return sum(self.rolled["counts"].get(code, 0) for code in LABEL_GROUPS[label])

    @property
    def lagging(self) -> int:
        return sum(self.rolled["counts"][code] for code in LIVE_ATTENTION + ("missed",))


@dataclass(frozen=True)
class DepartmentReport:
    department: Department
    submission: Submission | None
    sent: bool
    late_days: int | None  # days after the deadline it was sent; None when on time or not sent

    @property
    def submitted_at(self) -> datetime | None:
        if not self.sent or self.submission.submitted_at is None:
            return None
        return timezone.localtime(self.submission.submitted_at)

    @property
    def status_label(self) -> str:
        if self.submission is None:
            return "未报送"
        if not self.sent:
            return f"未报送（{self.submission.get_status_display()}）"
        return self.submission.get_status_display()


@dataclass
class Bulletin:
    plan: Plan
    period: Period
    as_of: date
    issued_on: date
    number: int  # 第N期
    district: str
    targets: list[TargetLine]
    live_year: int
    areas: list[AreaLine]
    attention: list[TargetLine]
    reports: list[DepartmentReport]
    problems: list[str]
    next_steps: list[str]  # the departments' own, deduplicated, then the office's closing sentence
    values: list[ReportedValue] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.period)

    @property
    def office(self) -> str:
        return f"{self.district}{PROGRAMME}工作专班办公室"

    @property
    def title(self) -> str:
        return f"关于{self.label}{PROGRAMME}工作进展情况的通报"

    @property
    def live(self) -> list[TargetLine]:
        return [t for t in self.targets if t.row.year >= self.live_year]

    @property
    def past(self) -> list[TargetLine]:
        return [t for t in self.targets if t.row.year < self.live_year]

    @property
    def overall(self) -> dict:
        return roll_up([t.status for t in self.live])

    @property
    def late(self) -> list[DepartmentReport]:
        return [r for r in self.reports if r.sent and r.late_days]

    @property
    def missing(self) -> list[DepartmentReport]:
        return [r for r in self.reports if not r.sent]

    @property
    def pending(self) -> list[DepartmentReport]:
        return [r for r in self.reports if r.sent and r.submission.status != S.ACCEPTED]

    @property
    def overdue(self) -> bool:
        """Whether the deadline had passed on the day the bulletin is dated."""
        return self.issued_on > self.period.deadline


def district_of(issuer: str) -> str:
    """The issuing district from the plan's issuer: 泰安市泰山区人民政府 → 泰山区, 肥城市人民政府 → 肥城市."""
    name = re.sub(r"(人民政府|政府|办公室)$", "", issuer.strip())
    # the shortest province and city prefixes, so that 济南市市中区 gives 市中区
    if m := re.fullmatch(r"(?:.{2,7}?(?:省|自治区))?(?:.{2,7}?[市州盟])?(.+[区县旗])", name):
        return m[1]
    return name or issuer


def issue_number(period: Period) -> int:
    """The period's place among the plan's periods, 1-based, by end date."""
    keys = list(Period.objects.filter(plan=period.plan).order_by("end", "key").values_list("pk", flat=True))
    return keys.index(period.pk) + 1


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{plain(value)}{'' if unit == '%' else ' '}{unit}".strip()


def _target_lines(plan: Plan, as_of: date) -> list[TargetLine]:
    result = plan_status(plan, as_of)
    owners = assignments.indicator_owners(plan)
    departments = Department.objects.in_bulk([pk for pk in owners.values() if pk])
    lines = []
    for row in result.rows:
        target = next(t for t in row.indicator.targets.all() if t.year == row.year)
        owner = owners.get(row.indicator.pk)
        lines.append(TargetLine(row, departments.get(owner), target_text(target, row.indicator)))
    return lines


def _areas(plan: Plan, live: list[TargetLine]) -> list[AreaLine]:
    by_section = defaultdict(list)
    goals = []
    for line in live:
        task = line.indicator.task
        (by_section[task.section.number] if task else goals).append(line.status)
    areas = [AreaLine("工作目标", roll_up(goals))] if goals else []
    for section in plan.sections.all():
        if by_section.get(section.number):
            areas.append(AreaLine(section.title, roll_up(by_section[section.number])))
    return areas


def _attention(lines: list[TargetLine], live_year: int) -> list[TargetLine]:
    rank = {"seriously_behind": 0, "behind": 1, "on_track": 2}

    def needs_attention(line: TargetLine) -> bool:
        if line.row.year >= live_year:
            return line.status.status in LIVE_ATTENTION or line.status.at_risk
        return line.status.status == "missed"

    chosen = [line for line in lines if needs_attention(line)]
    return sorted(
        chosen,
        key=lambda t: (
            t.row.year < live_year,
            rank.get(t.status.status, 3),
            -t.row.year if t.row.year < live_year else 0,
            t.indicator.position,
        ),
    )


def _reports(period: Period, issued_on: date) -> list[DepartmentReport]:
    submissions = {s.department_id: s for s in period.submissions.all()}
    # overdue_departments names the unsent ones once the deadline has passed; ask as of the day after
    # it, so a bulletin drafted before the deadline still lists who has not sent yet.
    unsent = {
        d.pk
        for d in workflow.overdue_departments(period, max(issued_on, period.deadline + timedelta(days=1)))
    }
    reports = []
    for department in assignments.responsible_departments(period.plan):
        submission = submissions.get(department.pk)
        sent = department.pk not in unsent
        late = None
        if sent and submission and submission.submitted_at:
            days = (timezone.localtime(submission.submitted_at).date() - period.deadline).days
            late = days if days > 0 else None
        reports.append(DepartmentReport(department, submission, sent, late))
    return reports


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith(("。", "！", "？", "；", ".")) else text + "。"


def _narratives(period: Period, reports: list[DepartmentReport]) -> tuple[list[str], list[str]]:
    order = {r.department.pk: i for i, r in enumerate(reports)}
    rows = Narrative.objects.filter(submission__period=period, submission__status__in=SENT).select_related(
        "submission__department", "task"
    )
    rows = sorted(rows, key=lambda n: (order.get(n.submission.department_id, 999), n.task.number))
    problems: dict[tuple[str, str], list[int]] = {}
    steps: dict[str, None] = {}
    for n in rows:
        if n.problems.strip():
            key = (n.submission.department.short_name, _sentence(n.problems))
            problems.setdefault(key, []).append(n.task.number)
        if n.next_steps.strip():
            steps.setdefault(_sentence(n.next_steps))
    problem_lines = [
        f"{name}（任务{'、'.join(str(x) for x in numbers)}）：{text}"
        for (name, text), numbers in problems.items()
    ]
    return problem_lines, [*steps, CLOSING]


def bulletin_data(plan: Plan, period: Period, issued_on: date | None = None) -> Bulletin:
    """Everything the bulletin says, as of the period's end date (see the module docstring)."""
    issued_on = issued_on or timezone.localdate()
    as_of = period.end
    lines = _target_lines(plan, as_of)
    live_year = as_of.year
    reports = _reports(period, issued_on)
    problems, next_steps = _narratives(period, reports)
    values = list(
        ReportedValue.objects.filter(submission__period=period, submission__status__in=SENT)
        .select_related("submission__department", "indicator")
        .order_by("submission__department_id", "indicator__position")
    )
    order = {r.department.pk: i for i, r in enumerate(reports)}
    values.sort(key=lambda v: (order.get(v.submission.department_id, 999), v.indicator.position))
    live = [t for t in lines if t.row.year >= live_year]
    return Bulletin(
        plan=plan,
        period=period,
        as_of=as_of,
        issued_on=issued_on,
        number=issue_number(period),
        district=district_of(plan.issuer),
        targets=lines,
        live_year=live_year,
        areas=_areas(plan, live),
        attention=_attention(lines, live_year),
        reports=reports,
        problems=problems,
        next_steps=next_steps,
        values=values,
    )


# --- words -------------------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _counts_words(rolled: dict) -> str:
    parts = []
    for label, codes in LABEL_GROUPS.items():
        n = sum(rolled["counts"].get(code, 0) for code in codes)
        if n:
            parts.append(f"{label}{n}项")
    return "、".join(parts) or "暂无"


def _names(reports: list[DepartmentReport]) -> str:
    return "、".join(r.department.short_name for r in reports)


def _whole(district: str) -> str:
    """全区 / 全县 / 全市 for the district's kind, else nothing."""
    return f"全{district[-1]}" if district and district[-1] in "区县市旗" else ""


def overall_paragraphs(b: Bulletin) -> list[str]:
    rolled = b.overall
    first = (
        f"截至{_day(b.as_of)}，纳入本期调度的{b.live_year}年度及以后目标（含{b.plan.end_year}年期末目标）"
        f"共{rolled['total']}项，其中{_counts_words(rolled)}"
    )
    if rolled["percent"] is not None:
        first += f"；有进度数据的目标平均完成进度{plain(rolled['percent'])}%"
    first += "。"
    if rolled["at_risk"]:
        first += f"另有{rolled['at_risk']}项目标当前正常推进，但按当前趋势预计到期不能完成，需重点关注。"
    paragraphs = [first]
    past = b.past
    if past:
        years = sorted({t.row.year for t in past})
        span = f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
        paragraphs.append(
            f"{span}目标共{len(past)}项已到期，其中{_counts_words(roll_up([t.status for t in past]))}。"
        )
    return paragraphs


def areas_paragraph(b: Bulletin) -> str:
    if not b.areas:
        return "本期没有纳入调度的分领域目标。"
    lagging = [a for a in b.areas if a.lagging]
    text = "各领域目标完成情况见表1。"
    if lagging:
        text += "其中，" + "；".join(f"{a.title}有滞后目标{a.lagging}项" for a in lagging) + "；"
        others = len(b.areas) - len(lagging)
        text += f"其余{others}个领域目标总体按进度推进。" if others else "需加快推进。"
    else:
        text += "各领域目标总体按进度推进。"
    return text


def attention_paragraph(b: Bulletin) -> str:
    if not b.attention:
        return "本期没有滞后、存在风险或已到期未完成的目标。"
    live = [t for t in b.attention if t.row.year >= b.live_year]
    past = len(b.attention) - len(live)
    parts = []
    if live:
        parts.append(f"{b.live_year}年度及以后目标中滞后或存在不能按期完成风险的{len(live)}项")
    if past:
        parts.append(f"往年已到期未完成的{past}项")
    return (
        f"本期需重点关注的目标共{len(b.attention)}项，包括" + "、".join(parts) + "，详见表2。"
        "请相关责任单位认真分析原因，制定针对性措施，加快推进。"
    )


def reporting_paragraph(b: Bulletin) -> str:
    sent = [r for r in b.reports if r.sent]
    on_time = [r for r in sent if not r.late_days]
    text = (
        f"本期报送期限为{_day(b.period.deadline)}，应报送单位{len(b.reports)}个，已报送{len(sent)}个，"
        f"其中按时报送{len(on_time)}个"
    )
    if b.late:
        text += f"，逾期报送{len(b.late)}个（{_names(b.late)}）"
    text += "；"
    if b.missing:
        word = "逾期未报送" if b.overdue else "尚未报送"
        text += f"{word}{len(b.missing)}个（{_names(b.missing)}）。"
    else:
        text += "所有单位均已报送。"
    if b.pending:
        text += f"已报送单位中，{_names(b.pending)}的填报尚待审核或采纳，其数据暂未计入本期目标进度。"
    if b.late or b.missing:
        text += "逾期和未报送情况见表3。"
    return text


# --- Word --------------------------------------------------------------------------------------------

FANGSONG, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "方正小标宋简体", "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT, TABLE_PT = 16, 10.5
LINE = Pt(28)  # 公文: 22 lines a page at 16pt
PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
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


def _red_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "FF0000")):
        bottom.set(qn(attr), value)
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)


def _masthead(document, b: Bulletin) -> None:
    first, second = f"{b.district}{PROGRAMME}", "工作专班办公室"
    size = min(24, int(TEXT_WIDTH_CM / 2.54 * 72 / max(len(first), 1)))
    for text in (first, second):
        red = {"font": XIAOBIAOSONG, "size": size, "color": RED, "line": Pt(size * 1.35)}
        _paragraph(document, text, **red, **CENTRED)
    _paragraph(document, "", line=Pt(14))
    number = _paragraph(document, indent=False)
    number.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _run(number, f"第{b.number}期\t{_day(b.issued_on)}")
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
        _cell(reason, f"原因：{t.status.reason}", align=WD_ALIGN_PARAGRAPH.LEFT)


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
    for text in (b.office, _day(b.issued_on)):
        _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)


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
        f"按照《{b.plan.title}》（{b.plan.document_number}）要求，现将{b.label}{_whole(b.district)}"
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
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Excel -------------------------------------------------------------------------------------------

TARGET_HEADERS = ["指标代码", "指标", "任务", "责任单位", "年份", "目标"]
TARGET_HEADERS += ["实际", "应完成", "完成进度%", "预测", "状态", "原因"]
VALUE_HEADERS = ["部门", "指标代码", "指标", "单位", "数值", "进度", "对比值", "说明", "状态"]
REPORT_HEADERS = ["部门", "状态", "报送时间", "是否逾期"]


def area_headers() -> list[str]:
    return ["领域", "目标数", *LABEL_GROUPS, "有风险", "平均完成进度%"]


def _target_rows(b: Bulletin):
    for t in b.targets:
        st = t.status
        department = t.department.name if t.department else ""
        what = [t.indicator.code, t.indicator.name, t.task_label, department, t.row.year, t.target]
        yield what + [st.actual, st.expected, st.percent, st.projection, t.status_label, st.reason]


def _area_rows(b: Bulletin):
    for a in [*b.areas, AreaLine("合计", b.overall)]:
        counts = [a.count(label) for label in LABEL_GROUPS]
        yield [a.title, a.rolled["total"], *counts, a.rolled["at_risk"], a.rolled["percent"]]


def _value_rows(b: Bulletin):
    for v in b.values:
        what = [v.submission.department.name, v.indicator.code, v.indicator.name, v.indicator.unit]
        stage = STAGE_LABELS.get(v.stage, v.stage)
        yield what + [v.value, stage, v.reference, v.note, v.submission.get_status_display()]


def _report_rows(b: Bulletin):
    for r in b.reports:
        when = r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""
        overdue = bool(r.late_days) or (not r.sent and b.overdue)
        yield [r.department.name, r.status_label, when, "是" if overdue else "否"]


def bulletin_xlsx(
    plan: Plan, period: Period, issued_on: date | None = None, data: Bulletin | None = None
) -> bytes:
    """All the bulletin's figures: every target, the areas, every sent value of the period, reporting."""
    b = data or bulletin_data(plan, period, issued_on)
    workbook = excel.new_workbook()
    excel.add_sheet(
        workbook,
        "目标完成情况",
        TARGET_HEADERS,
        _target_rows(b),
        [30, 28, 30, 20, 7, 18, 10, 10, 11, 10, 14, 80],
    )
    excel.add_sheet(
        workbook, "分领域", area_headers(), _area_rows(b), [32, 8] + [9] * (len(LABEL_GROUPS) + 1) + [14]
    )
    excel.add_sheet(workbook, "填报数值", VALUE_HEADERS, _value_rows(b), [22, 30, 28, 10, 12, 9, 10, 30, 12])
    excel.add_sheet(workbook, "报送情况", REPORT_HEADERS, _report_rows(b), [24, 22, 18, 10])
    workbook.properties.title = b.title
    workbook.properties.creator = b.office
    return excel.to_bytes(workbook)


# --- export: the one entry point of pages, API and CLI ----------------------------------------------


def filename(period: Period, fmt: str) -> str:
    what = "调度通报" if fmt == "docx" else "调度数据"
    return f"{period.plan.code}-{period.key}-{what}.{fmt}"


def export(plan: Plan, period: Period, fmt: str, issued_on: date | None = None) -> bytes:
    """The bulletin in one format, with one audit entry recording who exported what."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可选 docx、xlsx）")
    build = bulletin_docx if fmt == "docx" else bulletin_xlsx
    content = build(plan, period, issued_on)
    chain.record("report.export", obj=period, after={"plan": plan.code, "period": period.key, "format": fmt})
    return content
