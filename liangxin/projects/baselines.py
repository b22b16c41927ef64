"""The equipment investment of each field in the baseline year (2023), entered by the coordinator: what
the plan's goal (设备投资规模 +28 % over 2023) and the roll-up's growth are measured against."""

from django.db import transaction

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core.display import plain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.plans.fields import FIELDS
from liangxin.projects import access
from liangxin.projects.models import EquipmentBaseline
from liangxin.projects.records import _amount

BASELINE_YEAR = 2023
FIRST_YEAR, LAST_YEAR = 2015, 2040


class BaselineInvalid(Invalid):
    summary = "基准数有误"


def clean(field: str, year, amount) -> tuple[str, int, object]:
    problems = []
    code = str(field or "").strip()
    entry = FIELDS.get(code) or next((f for f in FIELDS if f.label == code), None)
    if entry is None:
        problems.append(FieldProblem("field", f"领域：应为{'、'.join(f.label for f in FIELDS)}之一"))
    try:
        year = int(str(year if year not in (None, "") else BASELINE_YEAR).strip())
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
    except ValueError:
        problems.append(FieldProblem("year", f"年度：应为 {FIRST_YEAR} 至 {LAST_YEAR} 年之间的年份"))
    try:
        amount = _amount(amount)
    except ValueError as exc:
        problems.append(FieldProblem("amount", f"设备投资（万元）：{exc}"))
    if problems:
        raise BaselineInvalid(problems[0].message if len(problems) == 1 else "基准数有误", problems)
    return entry.code, year, amount


@transaction.atomic
def put(user: User, field: str, year, amount) -> EquipmentBaseline:
    """Set a field's figure for a year (a second entry for the same field and year replaces the first)."""
    access.require_confirm(user)
    field, year, amount = clean(field, year, amount)
    found = EquipmentBaseline.objects.select_for_update().filter(field=field, year=year).first()
    before = {"amount": plain(found.amount)} if found else None
    if found is None:
        found = EquipmentBaseline(field=field, year=year)
    found.amount, found.entered_by = amount, user
    found.save()
    chain.record(
        "project.baseline",
        obj=found,
        before=before,
        after={"field": field, "year": year, "amount": plain(amount)},
    )
    return found


def table(year: int = BASELINE_YEAR) -> list[tuple]:
    """Every field with its figure for the year (None where none was entered)."""
    found = dict(EquipmentBaseline.objects.filter(year=year).values_list("field", "amount"))
    return [(f, found.get(f.code)) for f in FIELDS]
