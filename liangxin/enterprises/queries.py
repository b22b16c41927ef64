"""Finding units in the register: the search people type (a name or part of it, a 统一社会信用代码) and the
filters of the list, for the page, the export and the API alike."""

from django.db.models import Count, Q

from liangxin.accounts.models import User
from liangxin.enterprises import access


def matching(user: User, q: str = "", kind: str = "", town: str = "", honour: str = ""):
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
        found = found.filter(honours__kind__code=honour, honours__withdrawn_at__isnull=True).distinct()
    return found.annotate(
        honours_in_force=Count("honours", filter=Q(honours__withdrawn_at__isnull=True), distinct=True)
    ).order_by("name", "id")
