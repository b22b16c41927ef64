"""The register as Excel: the export, and an import that checks every row before it saves any (a file
with faults saves nothing and names each fault by row and column), then adds new units and updates the
ones it names by 统一社会信用代码, in one transaction and one audit entry."""

from django.db import transaction

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.errors import FieldProblem
from liangxin.enterprises import access, industries
from liangxin.enterprises.codes import UNIT_KINDS
from liangxin.enterprises.models import Unit
from liangxin.enterprises.units import (
    FIELDS,
    UnitInvalid,
    apply_cleaned,
    check_department,
    clean,
    snapshot,
    stored_phone,
)

COLUMNS = list(FIELDS)
HEADERS = [FIELDS[c] for c in COLUMNS]
REQUIRED_HEADERS = [FIELDS["name"], FIELDS["credit_code"]]
MAX_ROWS = 20_000


def export(units) -> bytes:
    workbook = excel.new_workbook(write_only=True)
    rows = (
        [
            UNIT_KINDS.label(u.kind),
            u.name,
            u.credit_code,
            u.industry_code,
            u.industry_name or industries.section_name(u.industry_code),
            "是" if u.above_scale else "否",
            u.town.name if u.town else "",
            u.department.name if u.department else "",
            u.contact_name,
            u.contact_phone_masked,
        ]
        for u in units.select_related("town", "department")
    )
    excel.add_sheet(workbook, "企业与单位名录", HEADERS, rows, [14, 36, 22, 10, 24, 10, 14, 24, 10, 14])
    return excel.to_bytes(workbook)


@transaction.atomic
def import_file(user: User, data: bytes) -> dict:
    """{"created": n, "updated": n, "unchanged": n}; UnitInvalid listing every faulty row, saving nothing."""
    access.require_unit_action(user, None, "create")
    rows = excel.read_sheet(data, REQUIRED_HEADERS)
    if len(rows) > MAX_ROWS:
        raise UnitInvalid(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行")
    by_header = {FIELDS[c]: c for c in COLUMNS}
    problems: list[FieldProblem] = []
    planned: list[tuple[int, Unit, object, dict | None]] = []
    seen: dict[str, int] = {}
    existing = {u.credit_code: u for u in Unit.objects.select_related("town", "department")}
    for number, cells in rows:
        data_row = {by_header[h]: v for h, v in cells.items() if h in by_header}
        try:
            unit, cleaned, before = _planned(data_row, number, existing, seen)
            check_department(user, unit, row=number)
            planned.append((number, unit, cleaned, before))
        except UnitInvalid as exc:
            problems += exc.problems
    if problems:
        raise UnitInvalid(f"导入文件有 {len(problems)} 处错误，未导入任何一行", problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for _, unit, cleaned, before in planned:
        if before is None:
            counts["created"] += 1
        elif snapshot(unit) != before or cleaned.phone is not None:
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        unit.save()
    chain.record("unit.import", object_type="enterprises.unit", object_repr="企业与单位名录", after=counts)
    return counts


def _planned(data_row: dict, number: int, existing: dict, seen: dict):
    """The unit a row makes or changes (not yet saved), its cleaned fields and the unit as it was."""
    code = clean({"credit_code": data_row.get("credit_code")}, row=number, partial=True).values["credit_code"]
    if code in seen:
        message = f"统一社会信用代码：{code} 与第 {seen[code]} 行重复"
        raise UnitInvalid(message, [FieldProblem("credit_code", message, number)])
    seen[code] = number
    unit = existing.get(code)
    if unit is None:
        cleaned = clean(data_row, row=number)
        unit, before = Unit(), None
    else:
        if str(data_row.get("contact_phone") or "").strip() == unit.contact_phone_masked:
            data_row.pop("contact_phone")  # the export's mask given back: the phone stays
        cleaned = clean(data_row, row=number, partial=True)
        if cleaned.phone is not None and cleaned.phone == stored_phone(unit, unit.contact_phone_enc):
            cleaned.phone = None
        before = snapshot(unit)
    apply_cleaned(unit, cleaned)
    return unit, cleaned, before
