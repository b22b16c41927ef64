"""Finding units in the register: the search people type (a name or part of it, a 统一社会信用代码) and the
filters of the list, for the page, the export and the API alike."""

from django.db.models import Count, Q

from liangxin.accounts.models import User
from liangxin.enterprises import access, sources
from liangxin.enterprises.models import Honour

HONOUR_FILTERS = ("honour_level", "honour_min_level", "honour_from", "honour_to")


def _year(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def honour_filters(params) -> dict:
    """The honour filters of the list beyond its kind (level, at least a level, years: what a computed
    indicator's figure links to), from the query string."""
    return {name: params.get(name, "") for name in HONOUR_FILTERS}


def matching(
    user: User,
    q: str = "",
    kind: str = "",
    town: str = "",
    honour: str = "",
    honour_level: str = "",
    honour_min_level: str = "",
    honour_from: str = "",
    honour_to: str = "",
):
    found = access.units_for(user).select_related("town", "department")
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(name__icontains=q) | Q(credit_code=q.upper()) | Q(industry_code__istartswith=q)
        )
    if kind:
        found = found.filter(kind=kind)
    if town:
        found = found.filter(town__code=town)
    if honour:
        wanted = sources.honours_matching(
            honour, honour_level, honour_min_level, _year(honour_from), _year(honour_to)
        )
        held = Honour.objects.filter(wanted, withdrawn_at__isnull=True).values("unit_id")
        found = found.filter(pk__in=held)
    return found.annotate(
        honours_in_force=Count("honours", filter=Q(honours__withdrawn_at__isnull=True), distinct=True)
    ).order_by("name", "id")
