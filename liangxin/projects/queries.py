"""Finding projects: the search people type (a name or part of it, a 项目代码, a unit) and the list's filters."""

from django.db.models import Q

from liangxin.projects import access


def matching(user, q: str = "", field: str = "", stage: str = "", department: str = "", town: str = ""):
    found = access.projects_for(user).select_related("owner", "department", "town")
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(name__icontains=q) | Q(code=q) | Q(owner__name__icontains=q) | Q(owner__credit_code=q.upper())
        )
    for key, value in (
        ("field", field),
        ("stage", stage),
        ("department__code", department),
        ("town__code", town),
    ):
        if value:
            found = found.filter(**{key: value})
    return found.order_by("-created_at", "-id")
