"""Finding projects: the search people type (a name or part of it, a 项目代码, a unit) and the list's filters,
among them the ones a computed figure of the plan links to (建设性质, several fields, the year the project
started, the year its department reported progress in)."""

import re
from datetime import date

from django.db.models import Q

from liangxin.enterprises.models import Unit
from liangxin.plans.fields import FIELDS
from liangxin.projects import access
from liangxin.projects.models import ProjectProgress, StageChange

FILTERS = ("q", "field", "stage", "department", "town", "construction", "started", "progress")
_YEARS = re.compile(r"([0-9]{4})(?:-([0-9]{4}))?")


def fields_of(value: str) -> list[str]:
    """A field filter: one code, several separated by commas, or "goal" (the seven fields of the goal)."""
    if value == "goal":
        return [f.code for f in FIELDS if f.in_goal]
    return [code for code in (value or "").split(",") if code]


def years_of(value: str) -> tuple[date, date] | None:
    """ "2026" or "2024-2026": the days from 1 January of the first to 31 December of the last."""
    match = _YEARS.fullmatch((value or "").strip())
    if not match:
        return None
    first, last = int(match[1]), int(match[2] or match[1])
    if not 1 <= first <= last:  # year 0 is no date; a range backwards holds no day
        return None
    return date(first, 1, 1), date(last, 12, 31)


def started_in(first: date, last: date):
    """Projects whose move to 开工 took effect between the two days."""
    return StageChange.objects.filter(
        to_stage="started", status=StageChange.Status.DONE, on__gte=first, on__lte=last
    ).values("project_id")


def matching(user, q: str = "", **filters):
    found = access.projects_for(user).select_related("owner", "department", "town")
    q = (q or "").strip()
    if q:
        # the units are few: matching them first spares the join on every project row
        owners = Unit.objects.filter(Q(name__icontains=q) | Q(credit_code=q.upper())).values("pk")
        found = found.filter(Q(name__icontains=q) | Q(code=q) | Q(owner_id__in=owners))
    if fields := fields_of(filters.get("field", "")):
        found = found.filter(field__in=fields)
    for key, value in (
        ("stage", filters.get("stage")),
        ("department__code", filters.get("department")),
        ("town__code", filters.get("town")),
        ("construction", filters.get("construction")),
    ):
        if value:
            found = found.filter(**{key: value})
    if filters.get("started"):
        window = years_of(filters["started"])
        found = found.filter(pk__in=started_in(*window)) if window else found.none()
    if filters.get("progress"):
        window = years_of(filters["progress"])
        if window is None:
            found = found.none()
        else:
            reported = ProjectProgress.objects.filter(
                submission__status="accepted", submission__period__end__range=window
            ).values("project_id")
            found = found.filter(pk__in=reported)
    return found.order_by("-created_at", "-id")
