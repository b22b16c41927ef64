"""Finding entries: the search people type (a product or a need, a unit's name or 统一社会信用代码) and the
lists' filters (status, category, unit, town), over what the user may see; and the published 名录."""

from django.db.models import Q

from liangxin.lists import access
from liangxin.lists.models import SupplyEntry

FILTERS = ("q", "status", "category", "kind", "unit", "town")


def _search(found, q: str, words: tuple[str, ...]):
    q = (q or "").strip()
    if not q:
        return found
    match = Q(unit__name__icontains=q) | Q(unit__credit_code=q.upper()) | Q(specification__icontains=q)
    for word in words:
        match |= Q(**{f"{word}__icontains": q})
    return found.filter(match)


def supply(user, q="", status="", category="", unit="", town="", **_):
    found = access.entries_for(user, "supply").select_related("unit", "unit__town", "category", "department")
    found = _search(found, q, ("product", "certifications", "category__name"))
    for key, value in (
        ("status", status),
        ("category__code", category),
        ("unit_id", unit),
        ("unit__town__code", town),
    ):
        if value:
            found = found.filter(**{key: value})
    return found.order_by("-updated_at", "-id")


def demand(user, q="", status="", category="", kind="", unit="", town="", **_):
    found = access.entries_for(user, "demand").select_related("unit", "town", "category", "department")
    found = _search(found, q, ("subject",))
    if category:  # a consumer category's code, or a supply category an equipment need asks for
        found = found.filter(Q(consumer_category=category) | Q(category__code=category))
    for key, value in (("status", status), ("kind", kind), ("unit_id", unit), ("town__code", town)):
        if value:
            found = found.filter(**{key: value})
    return found.order_by("-updated_at", "-id")


FIND = {"supply": supply, "demand": demand}


def published(q="", category=""):
    """The 名录: accepted supply entries, for everyone (no login)."""
    found = SupplyEntry.objects.filter(status="accepted").select_related("unit", "category")
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(product__icontains=q) | Q(unit__name__icontains=q) | Q(specification__icontains=q)
        )
    if category:
        found = found.filter(category__code=category)
    return found.order_by("category__position", "unit__name", "product", "id")
