"""The lists as Excel: each list's export (what the user may see, the phone masked), the published 名录's
export without any personal data, and an import that checks every row before it saves any (a file with
faults saves nothing and names each fault by row and column), adding the rows as new entries, drafts or
submitted for review, in one transaction and one audit entry."""

from django.db import transaction

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.display import plain
from liangxin.core.errors import FieldProblem
from liangxin.lists import access, entries, review
from liangxin.lists.codes import CONSUMER_CATEGORIES, DEMAND_KINDS, LISTS, STATUSES
from liangxin.plans.fields import FIELDS

MAX_ROWS = 5_000
IMPORTED = {  # the columns an import reads, by the form's Chinese names
    "supply": [f for f in entries.SUPPLY_LABELS if f != "honours"],
    "demand": list(entries.DEMAND_LABELS),
}
REQUIRED = {
    "supply": ["product", "category"],
    "demand": ["kind", "subject", "quantity", "amount", "wanted_by"],
}


def headers(list_code: str) -> list[str]:
    return [entries.LABELS[list_code][f] for f in IMPORTED[list_code]]


def _price(entry) -> str:
    low, high = entry.price_min, entry.price_max
    if low is None and high is None:
        return "面议"
    if low is None or high is None or low == high:
        return f"{plain(low if high is None else high)}"
    return f"{plain(low)}–{plain(high)}"


def export(list_code: str, found) -> bytes:
    workbook = excel.new_workbook(write_only=True)
    common = ["状态", "录入部门", "联系人", "联系电话", "审核意见"]
    if list_code == "supply":
        rows = (
            [
                e.unit.name,
                e.unit.credit_code,
                e.product,
                e.category.name,
                e.specification,
                e.certifications,
                e.capacity,
                e.price_min,
                e.price_max,
                *_common(e),
            ]
            for e in found
        )
        names = ["企业", "统一社会信用代码", *(entries.SUPPLY_LABELS[f] for f in IMPORTED["supply"][1:-2])]
        excel.add_sheet(workbook, LISTS.label("supply"), names + common, rows)
    else:
        rows = (
            [
                DEMAND_KINDS.label(e.kind),
                e.unit.name if e.unit else "",
                e.town.name if e.town else "",
                e.subject,
                FIELDS.label(e.field) if e.field else "",
                e.category.name if e.category else "",
                CONSUMER_CATEGORIES.label(e.consumer_category) if e.consumer_category else "",
                e.specification,
                e.quantity,
                e.measure,
                e.amount,
                e.wanted_by.strftime("%Y-%m"),
                *_common(e),
            ]
            for e in found
        )
        names = [entries.DEMAND_LABELS[f] for f in IMPORTED["demand"][:-2]]
        excel.add_sheet(workbook, LISTS.label("demand"), names + common, rows)
    return excel.to_bytes(workbook)


def _common(entry) -> list:
    return [
        STATUSES.label(entry.status),
        entry.department.short_name if entry.department else "企业填报",
        entry.contact_name,
        entry.contact_phone_masked,
        entry.review_note or entry.withdrawn_reason,
    ]


PUBLIC_HEADERS = [
    "企业",
    "所在街道/镇",
    "产品名称",
    "产品类别",
    "规格型号与技术参数",
    "资质认证与荣誉",
    "产能",
    "参考价格（万元）",
]


def public_row(entry) -> list:
    """A published entry as the 名录 shows it: no contact person, no phone."""
    return [
        entry.unit.name,
        entry.unit.town.short_name if entry.unit.town else "",
        entry.product,
        entry.category.name,
        entry.specification,
        entry.certifications,
        entry.capacity,
        _price(entry),
    ]


def export_public(found) -> bytes:
    workbook = excel.new_workbook(write_only=True)
    rows = (public_row(e) for e in found.select_related("unit__town"))
    excel.add_sheet(workbook, "优势产品供给名录", PUBLIC_HEADERS, rows, [30, 12, 30, 18, 40, 30, 16, 16])
    return excel.to_bytes(workbook)


@transaction.atomic
def import_file(user: User, list_code: str, data: bytes, submit: bool = False) -> int:
    """The number of entries added; EntryInvalid listing every faulty row, saving nothing."""
    access.require_enter(user)
    labels = entries.LABELS[list_code]
    rows = excel.read_sheet(data, [labels[f] for f in REQUIRED[list_code]])
    if len(rows) > MAX_ROWS:
        raise entries.EntryInvalid(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行")
    if not rows:
        raise entries.EntryInvalid("文件中没有数据行")
    by_header = {labels[f]: f for f in IMPORTED[list_code]}
    problems: list[FieldProblem] = []
    planned = []
    for number, cells in rows:
        row = {by_header[h]: v for h, v in cells.items() if h in by_header}
        try:
            cleaned = entries.CLEAN[list_code](user, row, row=number)
            planned.append((cleaned, entries.new_entry(user, list_code, cleaned)))
        except entries.EntryInvalid as exc:
            problems += exc.problems
    if problems:
        raise entries.EntryInvalid(f"导入文件有 {len(problems)} 处错误，未导入任何一行", problems)
    for cleaned, entry in planned:
        entries.save_new(entry, cleaned, user, list_code)
        if submit:
            review.submit(user, entry)
    chain.record(
        f"{list_code}.import",
        object_type=f"lists.{access.MODELS[list_code].__name__.lower()}",
        object_repr=LISTS.label(list_code),
        after={"created": len(planned), "submitted": submit},
    )
    return len(planned)
