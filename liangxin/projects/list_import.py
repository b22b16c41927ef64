"""Projects from Excel, in the columns of the list's export: every row checked before any is saved (a
file with one fault saves nothing, each fault named by row and column), then, in one transaction and one
audit entry, a row whose 项目代码 is already in the reserve updates that project and any other row adds
one. The 阶段 column is not read: a stage moves only through its own steps. A department imports for
itself (an empty 责任部门 is its own, another department's is refused); the coordinator names the
department on every row."""

from django.db import transaction

from liangxin.accounts.models import User
from liangxin.accounts.scope import has_perm
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.errors import FieldProblem
from liangxin.enterprises.models import Unit
from liangxin.plans.fields import FIELDS
from liangxin.projects import access, excel_cells, records
from liangxin.projects.codes import CHECK_ITEMS, CONSTRUCTION_KINDS
from liangxin.projects.list_excel import HEADERS, WIDTHS
from liangxin.projects.models import ChecklistItem, Project

MAX_ROWS = 5000
COLUMNS = {  # export header → the record's field ("" for 项目单位, checked against the code's unit)
    "项目名称": "name",
    "项目单位": "",
    "统一社会信用代码": "owner",
    "项目代码": "code",
    "领域": "field",
    "建设性质": "construction",
    "所在街道/镇": "town",
    "总投资（万元）": "total_investment",
    "设备投资（万元）": "equipment_investment",
    "计划开工": "start",
    "计划竣工": "end",
    "责任部门": "department",
}
REQUIRED = [
    "项目名称",
    "统一社会信用代码",
    "领域",
    "总投资（万元）",
    "设备投资（万元）",
    "计划开工",
    "计划竣工",
]
HEADER_OF = {field: header for header, field in COLUMNS.items() if field} | {"owner_name": "项目单位"}
AMOUNTS, DATES = ("total_investment", "equipment_investment"), ("start", "end")
GUIDE = [
    ["项目名称", "必填", "不超过 200 字"],
    ["项目单位", "可空", "填写时须与统一社会信用代码登记的单位名称一致"],
    ["统一社会信用代码", "必填", "项目单位须已在“企业与单位”登记"],
    [
        "项目代码",
        "可空",
        "全国投资项目在线审批监管平台赋码，如 2407-370902-04-01-123456；已在项目库的代码更新该项目",
    ],
    ["领域", "必填", "、".join(f.label for f in FIELDS)],
    ["建设性质", "可空", "、".join(k.label for k in CONSTRUCTION_KINDS) + "；空为“其他”"],
    ["所在街道/镇", "可空", "街道或镇的名称"],
    ["总投资（万元）", "必填", "以万元计的数字，最多 4 位小数，不写“万”“元”等单位"],
    ["设备投资（万元）", "必填", "同上，不大于总投资"],
    ["计划开工", "必填", "日期，如 2025-03-01（日期格式的单元格亦可）"],
    ["计划竣工", "必填", "日期，不早于计划开工"],
    ["责任部门", "部门导入可空", "部门只能导入本部门负责的项目，空为本部门；发改局导入时必填"],
    ["阶段", "不导入", "新项目为“谋划”，阶段按流程变更"],
]


class ImportInvalid(records.ProjectInvalid):
    summary = "导入文件有误，未导入任何一行"


def template() -> bytes:
    """An empty list in the export's columns, with a sheet saying how each column is filled."""
    workbook = excel.new_workbook()
    excel.add_sheet(workbook, "项目库", HEADERS, [], WIDTHS)
    excel.add_sheet(workbook, "填写说明", ["列", "是否必填", "填写要求"], GUIDE, [18, 14, 90])
    return excel.to_bytes(workbook)


@transaction.atomic
def import_file(user: User, data: bytes) -> dict:
    """{"created": n, "updated": n, "unchanged": n}; ImportInvalid listing every faulty row, saving nothing."""
    access.require_edit(user, None)
    rows = excel.read_sheet(data, REQUIRED)
    if not rows:
        raise ImportInvalid("文件中没有数据行（第 1 行为列名，从第 2 行起每行一个项目）")
    if len(rows) > MAX_ROWS:
        raise ImportInvalid(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行")
    context = _Context(user)
    problems: list[FieldProblem] = []
    planned: list[tuple[Project, dict | None]] = []
    for number, cells in rows:
        try:
            planned.append(_planned(context, number, cells))
        except records.ProjectInvalid as exc:
            problems += [FieldProblem(p.field, p.message, number) for p in exc.problems]
    if problems:
        raise ImportInvalid(f"导入文件有 {len(problems)} 处错误，未导入任何一行", problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    saved = []
    for project, before in planned:
        if before is None:
            counts["created"] += 1
            project.save()
            ChecklistItem.objects.bulk_create(
                ChecklistItem(project=project, item=i.code) for i in CHECK_ITEMS
            )
        elif records.snapshot(project) != before:
            counts["updated"] += 1
            project.save()
        else:
            counts["unchanged"] += 1
            continue
        saved.append(project.pk)
    chain.record(
        "project.import",
        object_type="projects.project",
        object_repr="项目库",
        after=counts | {"projects": saved},
    )
    return counts


class _Context:
    """What every row is checked against: the importer, the units by code, the reserve's 项目代码 and its
    names per unit, and what the rows before claimed."""

    def __init__(self, user: User):
        self.user = user
        self.coordinator = has_perm(user, "project.confirm")
        self.units = {u.credit_code: u for u in Unit.objects.only("id", "name", "credit_code")}
        self.by_code = {
            p.code: p for p in Project.objects.exclude(code="").select_related("owner", "department", "town")
        }
        self.names = set(Project.objects.values_list("owner__credit_code", "name"))
        self.seen: dict[tuple, int] = {}


def _planned(context: _Context, number: int, cells: dict) -> tuple[Project, dict | None]:
    """The project a row adds or changes (not saved) and, for a change, the project as it was."""
    problems: list[FieldProblem] = []

    def wrong(field, message):
        problems.append(FieldProblem(field, f"{HEADER_OF[field]}：{message}"))

    given = {field: cells.get(header) for header, field in COLUMNS.items() if field and header in cells}
    for field in AMOUNTS:
        given[field] = excel_cells.required(given.get(field), excel_cells.amount_text, field, wrong)
    for field in DATES:
        given[field] = excel_cells.required(given.get(field), excel_cells.day, field, wrong)
    given = {k: v for k, v in given.items() if v is not None or k not in AMOUNTS + DATES}
    code_text = str(given.get("owner") or "").strip().upper()
    unit = context.units.get(code_text)
    if code_text and unit is None:
        wrong("owner", f"{code_text} 未在“企业与单位”登记，请先登记该单位")
    owner_name = str(cells.get("项目单位") or "").strip()
    if unit is not None and owner_name and owner_name != unit.name:
        wrong("owner_name", f"“{owner_name}”与统一社会信用代码登记的单位名称“{unit.name}”不一致")
    if not str(given.get("department") or "").strip() and not context.coordinator and context.user.department:
        given["department"] = context.user.department.code
    try:
        values = records.clean(given, partial=True)
    except records.ProjectInvalid as exc:
        values = None
        problems += [p for p in exc.problems if not (p.field == "owner" and unit is None and code_text)]
    if values is not None:
        _check_duplicates(context, number, values, wrong)
    if problems or values is None:
        raise records.ProjectInvalid("", problems)
    return _applied(context, values)


def _check_duplicates(context: _Context, number: int, values: dict, wrong) -> None:
    code, owner = values.get("code", ""), values["owner"]
    key = ("code", code) if code else ("name", owner.credit_code, values["name"])
    if key in context.seen:
        field = "code" if code else "name"
        wrong(field, f"与第 {context.seen[key]} 行{'的项目代码' if code else '是同一单位的同名项目'}重复")
        return
    context.seen[key] = number
    if not code and (owner.credit_code, values["name"]) in context.names:
        wrong("name", "该单位在项目库中已有同名项目；如是同一项目，请填写其项目代码以更新，或在项目页修改")


def _applied(context: _Context, values: dict) -> tuple[Project, dict | None]:
    existing = context.by_code.get(values.get("code", ""))
    if existing is None:
        project, before = Project(created_by=context.user, **values), None
    else:
        project, before = existing, records.snapshot(existing)
        if not access.may_edit(context.user, project):
            message = f"{project.code} 的项目由{project.department.name}负责，本部门不能导入修改"
            raise records.ProjectInvalid("", [FieldProblem("code", f"项目代码：{message}")])
        for field, value in values.items():
            setattr(project, field, value)
    if not access.may_edit(context.user, project):
        message = f"只能导入本部门（{context.user.department.name}）负责的项目"
        raise records.ProjectInvalid("", [FieldProblem("department", f"责任部门：{message}")])
    records.check_consistent(project)
    return project, before
