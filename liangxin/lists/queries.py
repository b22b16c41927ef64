"""Finding entries: the search people type (a product or a need, a unit's name or 统一社会信用代码) and the
lists' filters (status, category, unit, town), over what the user may see; and the published 名录."""

from django.db.models import Q

from liangxin.core.text import UNPRINTABLE
from liangxin.lists import access
from liangxin.lists.models import SupplyEntry

FILTERS = ("q", "status", "category", "kind", "unit", "town")


def _plain(value) -> str:
    """A filter as typed, without control characters (PostgreSQL refuses a NUL in a query)."""
    return UNPRINTABLE.sub("", str(value or "")).strip()


def _filtered(found, filters: tuple):
    for key, value in filters:
        value = _plain(value)
        if key == "unit_id" and value and not value.isdigit():
            return found.none()
        if value:
            found = found.filter(**{key: value})
    return found


def _search(found, q: str, words: tuple[str, ...]):
    q = _plain(q)
    if not q:
        return found
    match = Q(unit__name__icontains=q) | Q(unit__credit_code=q.upper()) | Q(specification__icontains=q)
    for word in words:
        match |= Q(**{f"{word}__icontains": q})
    return found.filter(match)


def supply(user, q="", status="", category="", unit="", town="", **_):
    found = access.entries_for(user, "supply").select_related("unit", "unit__town", "category", "department")
    found = _search(found, q, ("product", "certifications", "category__name"))
    found = _filtered(
        found,
        (("status", status), ("category__code", category), ("unit_id", unit), ("unit__town__code", town)),
    )
    return found.order_by("-updated_at", "-id")


def demand(user, q="", status="", category="", kind="", unit="", town="", **_):
    found = access.entries_for(user, "demand").select_related("unit", "town", "category", "department")
    found = _search(found, q, ("subject",))
    category = _plain(category)
    if category:  # a consumer category's code, or a supply category an equipment need asks for
        found = found.filter(Q(consumer_category=category) | Q(category__code=category))
    found = _filtered(found, (("status", status), ("kind", kind), ("unit_id", unit), ("town__code", town)))
    return found.order_by("-updated_at", "-id")


FIND = {"supply": supply, "demand": demand}


def published(q="", category=""):
    """The 名录: accepted supply entries, for everyone (no login)."""
    found = SupplyEntry.objects.filter(status="accepted").select_related("unit", "category")
    q, category = _plain(q), _plain(category)
    if q:
        found = found.filter(
            Q(product__icontains=q) | Q(unit__name__icontains=q) | Q(specification__icontains=q)
        )
    if category:
        found = found.filter(category__code=category)
    return found.order_by("category__position", "unit__name", "product", "id")
