"""A department's period form as a pre-filled .xlsx, and reading it back cell by cell."""

from dataclasses import dataclass, field

from liangxin.core import excel
from liangxin.core.display import target_text, value_unit
from liangxin.reporting import queries, workflow
from liangxin.reporting.models import Submission
from liangxin.reporting.stages import STAGES
from liangxin.reporting.values import REFERENCE_KINDS, Problem, parse_entry
from liangxin.reporting.workflow import NARRATIVE_FIELDS, SubmissionInput

VALUES_SHEET, NARRATIVE_SHEET, META_SHEET = "指标数值", "任务进展", "表单信息"
VALUE_HEADERS = [
    "指标代码",
    "指标名称",
    "单位",
    "类型",
    "目标",
    "上期已采纳",
    "本期数值",
    "对比值（相对比较指标；增长类填基准年同期值）",
    "说明",
]
NARRATIVE_HEADERS = ["任务序号", "任务", "进展情况", "存在问题", "下步打算"]
VALUE_COL, REFERENCE_COL, NOTE_COL = "G", "H", "I"


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"“{self.sheet}”表第 {self.row} 行 {self.column} 列：{self.message}"


@dataclass
class FormUpload:
    good: SubmissionInput = field(default_factory=SubmissionInput)
    problems: list[CellProblem] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)

    def cell_problems(self, problems: list[Problem]) -> list[CellProblem]:
        """Place problems found later (history checks when saving) on the row they came from."""
        return [CellProblem(VALUES_SHEET, self.row_of.get(p.code, 0), VALUE_COL, p.message) for p in problems]


def _target_text(indicator) -> str:
    return "；".join(f"{t.year}年 {target_text(t, indicator)}" for t in indicator.targets.all())


def form_workbook(submission: Submission) -> bytes:
    rows, narratives = queries.form_rows(submission)
    workbook = excel.new_workbook()
    value_rows = []
    for row in rows:
        if row.computed is not None:  # computed from records: not typed, not in the form to fill
            continue
        ind = row.indicator
        shown = STAGES.label(row.value) if ind.kind == "milestone" else row.value
        last = STAGES.label(row.last_accepted) if ind.kind == "milestone" else row.last_accepted
        value_rows.append(
            [
                ind.code,
                ind.name,
                value_unit(ind),
                ind.get_kind_display(),
                _target_text(ind),
                last,
                shown,
                row.reference,
                row.note,
            ]
        )
    excel.add_sheet(workbook, VALUES_SHEET, VALUE_HEADERS, value_rows, [30, 36, 10, 10, 36, 12, 12, 14, 40])
    excel.add_sheet(
        workbook,
        NARRATIVE_SHEET,
        NARRATIVE_HEADERS,
        [[n.task.number, n.task.title, n.progress, n.problems, n.next_steps] for n in narratives],
        [9, 30, 50, 50, 50],
    )
    meta = excel.add_sheet(
        workbook,
        META_SHEET,
        ["方案", "期次", "部门"],
        [[submission.period.plan.code, submission.period.key, submission.department.code]],
    )
    meta.sheet_state = "hidden"
    return excel.to_bytes(workbook)


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_form(submission: Submission, data: bytes) -> FormUpload:
    """Parse an uploaded form. Raises excel.SpreadsheetInvalid when the file itself is unusable."""
    workbook = excel.read_workbook(data)
    names = workbook.sheetnames
    for needed in (VALUES_SHEET, NARRATIVE_SHEET, META_SHEET):
        if needed not in names:
            raise excel.SpreadsheetInvalid(f"缺少“{needed}”工作表，请使用本页下载的表格")
    meta = list(workbook[META_SHEET].iter_rows(min_row=2, max_row=2, values_only=True))
    expected = (submission.period.plan.code, submission.period.key, submission.department.code)
    if not meta or tuple(_text(v) for v in meta[0][:3]) != expected:
        raise excel.SpreadsheetInvalid(
            f"这份表格不是{submission.department.name}{submission.period}的填报表，请重新下载"
        )
    rows, narratives = queries.form_rows(submission)
    own = {row.indicator.code: row.indicator for row in rows if row.computed is None}
    computed = {row.indicator.code: row.indicator for row in rows if row.computed is not None}
    upload = FormUpload()
    header = next(workbook[VALUES_SHEET].iter_rows(min_row=1, max_row=1, values_only=True), ())
    if [_text(h) for h in header[: len(VALUE_HEADERS)]] != VALUE_HEADERS:
        raise excel.SpreadsheetInvalid(f"“{VALUES_SHEET}”表的表头被改动，请使用本页下载的表格")
    for number, cells in enumerate(workbook[VALUES_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        cells = list(cells) + [None] * (len(VALUE_HEADERS) - len(cells))
        code = _text(cells[0])
        if not code:
            continue
        if code in computed:
            refusal = workflow.computed_refusal(computed[code])
            upload.problems.append(CellProblem(VALUES_SHEET, number, "A", refusal))
            continue
        indicator = own.get(code)
        if indicator is None:
            upload.problems.append(CellProblem(VALUES_SHEET, number, "A", f"指标代码 {code} 不属于本部门"))
            continue
        upload.row_of[code] = number
        problems: list[Problem] = []
        raw = cells[6]
        reported = parse_entry(
            indicator, _text(raw) if isinstance(raw, str) else raw, cells[7], _text(cells[8]), problems
        )
        if problems:
            for p in problems:
                column = REFERENCE_COL if "对比值" in p.message else VALUE_COL
                upload.problems.append(CellProblem(VALUES_SHEET, number, column, p.message))
            continue
        upload.good.values[code] = reported.stage or reported.value
        if indicator.kind in REFERENCE_KINDS:
            upload.good.references[code] = reported.reference
        upload.good.notes[code] = reported.note
    tasks = {str(n.task.number) for n in narratives}
    for number, cells in enumerate(workbook[NARRATIVE_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        cells = list(cells) + [None] * (len(NARRATIVE_HEADERS) - len(cells))
        task = _text(cells[0])
        if not task:
            continue
        if task.endswith(".0"):
            task = task[:-2]
        if task not in tasks:
            upload.problems.append(CellProblem(NARRATIVE_SHEET, number, "A", f"任务 {task} 不由本部门负责"))
            continue
        upload.good.narratives[task] = {
            f: _text(v) for f, v in zip(NARRATIVE_FIELDS, cells[2:5], strict=True)
        }
    return upload


@dataclass
class FormImport:
    saved: bool
    problems: list[CellProblem]
    saved_values: int = 0


def import_form(user, submission: Submission, data: bytes, keep_good: bool) -> FormImport:
    """Save an uploaded form through the same save as the page. A file with errors saves nothing unless
    the user chose to keep the good rows; then only rows without errors are saved."""
    from liangxin.reporting.values import ValuesInvalid

    upload = read_form(submission, data)
    if upload.problems and not keep_good:
        return FormImport(False, upload.problems)
    problems = list(upload.problems)
    good = upload.good
    for _attempt in range(2):
        try:
            workflow.save_draft(user, submission, good)
            return FormImport(True, problems, len(good.values))
        except ValuesInvalid as exc:
            late = upload.cell_problems(exc.problems)
            if not keep_good:
                return FormImport(False, problems + late)
            problems += late
            bad = {p.code for p in exc.problems}
            good = SubmissionInput(
                values={k: v for k, v in good.values.items() if k not in bad},
                references={k: v for k, v in good.references.items() if k not in bad},
                notes={k: v for k, v in good.notes.items() if k not in bad},
                narratives=good.narratives,
            )
    return FormImport(False, problems)
