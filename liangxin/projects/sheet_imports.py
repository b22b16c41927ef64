"""前期工作 states, funding rows and the equipment-investment baselines from Excel. Each row goes through the
function the form and the API call (so it meets the same checks and leaves the same audit entry), all in
one transaction: a row's faults are kept with its number and the next row is tried, and if any row failed
the whole file is rolled back and every fault named. A row that would change nothing is not applied; a
funding row already registered is refused (funding only adds). One audit entry records the import.
`run` and `template` also serve the project list itself (list_import)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.plans.fields import FIELDS
from liangxin.projects import access, baselines, excel_cells, funding, list_import, preparation
from liangxin.projects.codes import APPROVAL_KINDS, CHECK_ITEMS, IMPORT_KINDS, ITEM_STATES
from liangxin.projects.models import ChecklistItem, EquipmentBaseline, Funding, Project


class SheetInvalid(Invalid):
    summary = "导入文件有误，未导入任何一行"


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    required: list[str]
    guide: list[list[str]]
    apply: Callable  # (user, cells, seen) → "created" | "updated" | "unchanged"
    object_type: str


def _problem(field: str, message: str):
    return Invalid(message, [FieldProblem(field, message)])


def _project(user: User, cells: dict) -> Project:
    code = "".join(str(cells.get("项目代码") or "").split())
    if not code:
        raise _problem("code", "项目代码：必填（已在项目库中的项目代码）")
    found = Project.objects.select_related("department").filter(code=code).first()
    if found is None or not access.projects_for(user).filter(pk=found.pk).exists():
        raise _problem("code", f"项目代码：{code} 不在项目库中")
    if not access.may_edit(user, found):
        raise _problem("code", f"项目代码：{code} 的项目由{found.department.name}负责，本部门不能导入")
    return found


def _code(text, registry) -> str:
    """A registry's code from its label or code; the text as given otherwise (the record's check names it)."""
    given = str(text or "").strip()
    return next((e.code for e in registry if given in (e.code, e.label)), given)


def _text(cells: dict, header: str) -> str:
    return str(cells.get(header) or "").strip()


def _once(seen: set, key, field: str, message: str) -> None:
    if key in seen:
        raise _problem(field, message)
    seen.add(key)


def _checklist_row(user: User, cells: dict, seen: set) -> str:
    project = _project(user, cells)
    item, state = _code(cells.get("事项"), CHECK_ITEMS), _code(cells.get("状态"), ITEM_STATES)
    kind_text = _text(cells, "审批方式")
    approval_kind = next((k for k, label in APPROVAL_KINDS.items() if kind_text in (k, label)), kind_text)
    done_on = None
    if _text(cells, "办结日期"):
        done_on = _converted(cells, {"办结日期": ("done_on", _day)})["done_on"]
    _once(seen, (project.pk, item), "item", f"事项：{project.code} 的该事项在本文件中出现两次")
    number = _text(cells, "文号")
    entry = ChecklistItem.objects.filter(project=project, item=item).first()
    if entry and (entry.state, entry.approval_kind, entry.document_number, entry.done_on) == (
        state,
        approval_kind if item == "approval" else "",
        number,
        done_on if state == "done" else None,
    ):
        return "unchanged"
    preparation.report(
        user, project, item, state, approval_kind=approval_kind, document_number=number, done_on=done_on
    )
    return "updated"


def _day(value):
    found = excel_cells.day(value)
    if isinstance(found, str):
        raise ValueError(f"“{found}”应为日期，如 2025-03-01")
    return found


def _converted(cells: dict, specs: dict) -> dict:
    """{field: value} for specs {header: (field, convert)}, or Invalid naming every empty or wrong cell."""
    problems, found = [], {}

    def wrong(field, message, header):
        problems.append(FieldProblem(field, f"{header}：{message}"))

    for header, (field, convert) in specs.items():
        found[field] = excel_cells.required(
            cells.get(header), convert, field, lambda f, m, h=header: wrong(f, m, h)
        )
    if problems:
        raise Invalid(problems[0].message, problems)
    return found


def _funding_row(user: User, cells: dict, seen: set) -> str:
    project = _project(user, cells)
    given = _converted(cells, {"金额（万元）": ("amount", excel_cells.amount_text), "日期": ("on", _day)})
    kind = next(
        (k for k, label in Funding.Kind.choices if _text(cells, "类别") in (k, label)), _text(cells, "类别")
    )
    channel, number = _text(cells, "资金渠道"), _text(cells, "文号")
    _once(
        seen,
        (project.pk, channel, kind, given["amount"], given["on"], number),
        "amount",
        "金额（万元）：同一笔资金在本文件中出现两次",
    )
    registered = Funding.objects.filter(
        Q(channel__name=channel) | Q(channel__code=channel),
        project=project,
        kind=kind,
        on=given["on"],
        document_number=number,
    )
    if any(f.amount == Decimal(given["amount"]) for f in registered):
        raise _problem("amount", "金额（万元）：这笔资金已登记过（同一渠道、类别、金额、日期和文号）")
    funding.add(user, project, channel, kind, given["amount"], given["on"], number)
    return "created"


def _baseline_row(user: User, cells: dict, seen: set) -> str:
    given = _converted(cells, {"设备投资（万元）": ("amount", excel_cells.amount_text)})
    field, year, amount = baselines.clean(
        _code(cells.get("领域"), FIELDS), cells.get("年度"), given["amount"]
    )
    _once(seen, (field, year), "field", f"领域：{FIELDS.label(field)} {year} 年在本文件中出现两次")
    found = EquipmentBaseline.objects.filter(field=field, year=year).first()
    if found is not None and found.amount == amount:
        return "unchanged"
    baselines.put(user, field, year, amount)
    return "created" if found is None else "updated"


SHEETS = {
    "checklist": Sheet(
        ["项目代码", "事项", "审批方式", "状态", "文号", "办结日期"],
        ["项目代码", "事项", "状态"],
        [
            ["项目代码", "必填", "已在项目库中、本部门负责的项目"],
            ["事项", "必填", "、".join(i.label for i in CHECK_ITEMS) + "；每个项目每个事项一行"],
            ["审批方式", "审批/核准/备案事项必填", "、".join(APPROVAL_KINDS.values())],
            ["状态", "必填", "、".join(s.label for s in ITEM_STATES)],
            ["文号", "已办结必填", "最多 60 字"],
            ["办结日期", "已办结必填", "日期，如 2025-03-01，不晚于今天"],
        ],
        _checklist_row,
        "projects.checklistitem",
    ),
    "funding": Sheet(
        ["项目代码", "资金渠道", "类别", "金额（万元）", "日期", "文号"],
        ["项目代码", "资金渠道", "类别", "金额（万元）", "日期"],
        [
            ["项目代码", "必填", "已在项目库中、本部门负责的项目"],
            ["资金渠道", "必填", "已有的资金渠道名称，如 超长期特别国债"],
            ["类别", "必填", "申请、下达"],
            ["金额（万元）", "必填", "以万元计的数字，最多 4 位小数，不写“万”“元”等单位"],
            ["日期", "必填", "日期，如 2025-03-01"],
            ["文号", "下达必填", "下达文件的文号；同一笔资金（渠道、类别、金额、日期、文号相同）只登记一次"],
        ],
        _funding_row,
        "projects.funding",
    ),
    "baselines": Sheet(
        ["领域", "年度", "设备投资（万元）"],
        ["领域", "设备投资（万元）"],
        [
            ["领域", "必填", "、".join(f.label for f in FIELDS)],
            ["年度", "可空", "空为 2023 年（规划目标的基准年）"],
            ["设备投资（万元）", "必填", "以万元计的数字；已有的同一领域同一年度的数被替换"],
        ],
        _baseline_row,
        "projects.equipmentbaseline",
    ),
}


def kind_of(text: str) -> str:
    kind = text or "projects"
    if kind not in IMPORT_KINDS:
        raise _problem("kind", f"导入内容：应为{'、'.join(k.label for k in IMPORT_KINDS)}之一")
    return kind


def guide(kind: str) -> list[list[str]]:
    return list_import.GUIDE if kind == "projects" else SHEETS[kind].guide


def template(kind: str) -> bytes:
    if kind == "projects":
        return list_import.template()
    sheet = SHEETS[kind]
    workbook = excel.new_workbook()
    excel.add_sheet(workbook, IMPORT_KINDS.label(kind), sheet.headers, [], [20] * len(sheet.headers))
    excel.add_sheet(workbook, "填写说明", ["列", "是否必填", "填写要求"], sheet.guide, [18, 18, 80])
    return excel.to_bytes(workbook)


def run(user: User, kind: str, data: bytes) -> dict:
    """{"created": n, "updated": n, "unchanged": n}; SheetInvalid naming every faulty row, saving nothing."""
    if kind == "projects":
        return list_import.import_file(user, data)
    if kind == "baselines":
        access.require_confirm(user)
    else:
        access.require_edit(user, None)
    return _rows(user, kind, excel.read_sheet(data, SHEETS[kind].required))


@transaction.atomic
def _rows(user: User, kind: str, rows: list) -> dict:
    if not rows:
        raise SheetInvalid("文件中没有数据行（第 1 行为列名，从第 2 行起每行一条）")
    if len(rows) > list_import.MAX_ROWS:
        raise SheetInvalid(f"一次最多导入 {list_import.MAX_ROWS} 行，本文件有 {len(rows)} 行")
    counts, problems, seen = Counter(created=0, updated=0, unchanged=0), [], set()
    for number, cells in rows:
        try:
            with transaction.atomic():
                counts[SHEETS[kind].apply(user, cells, seen)] += 1
        except Invalid as exc:
            problems += [FieldProblem(p.field, p.message, number) for p in exc.problems] or [
                FieldProblem("", exc.message, number)
            ]
        except PermissionDenied as exc:
            problems.append(FieldProblem("", str(exc), number))
    if problems:
        raise SheetInvalid(f"导入文件有 {len(problems)} 处错误，未导入任何一行", problems)
    chain.record(
        f"project.import.{kind}",
        object_type=SHEETS[kind].object_type,
        object_repr=IMPORT_KINDS.label(kind),
        after=dict(counts),
    )
    return dict(counts)
