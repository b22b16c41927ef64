"""Finding matches: the search people type (a demand, a product, a unit) and the 对接 list's filters."""

from django.db.models import Q

from liangxin.lists.matching import access

FILTERS = ("q", "state", "category")


def matching(user, q: str = "", state: str = "", category: str = ""):
    found = access.matches_for(user).select_related(
        "demand", "demand__unit", "demand__category", "supply", "supply__unit", "supply__category"
    )
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(demand__subject__icontains=q)
            | Q(supply__product__icontains=q)
            | Q(demand__unit__name__icontains=q)
            | Q(supply__unit__name__icontains=q)
        )
    if state:
        found = found.filter(state=state)
    if category:
        found = found.filter(supply__category__code=category)
    return found.order_by("-updated_at", "-id")
