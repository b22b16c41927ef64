"""Finding events: the search people type (a title, a place, a co-organiser, a participating unit), the
list's filters, and each event's summary figures, computed from its rows (never typed)."""

from datetime import date

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from liangxin.events import access
from liangxin.events.models import Outcome, Participant

FILTERS = ("q", "kind", "year", "status", "organiser", "since", "until")


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


def in_year(year: int) -> Q:
    """An event's year: the day it was held, or, not (yet) held, the day it starts."""
    return Q(held_on__year=year) | Q(held_on__isnull=True, start__year=year)


def _per_event(rows, aggregate, field):
    found = rows.filter(event=OuterRef("pk")).order_by().values("event").annotate(total=aggregate)
    return Coalesce(Subquery(found.values("total")), Value(0), output_field=field)


def with_figures(events):
    """Each event with participants, intentions, contracts and contract_value (万元) from its rows."""
    integer, amount = IntegerField(), DecimalField(max_digits=18, decimal_places=4)
    outcomes = Outcome.objects.all()
    return events.annotate(
        participant_count=_per_event(Participant.objects.all(), Count("pk"), integer),
        intentions=_per_event(outcomes.filter(kind="intention"), Count("pk"), integer),
        contracts=_per_event(outcomes.filter(kind="contract"), Count("pk"), integer),
        contract_value=_per_event(outcomes.filter(kind="contract"), Sum("value"), amount),
    )


def matching(
    user,
    q: str = "",
    kind: str = "",
    year: str = "",
    status: str = "",
    organiser: str = "",
    since: str = "",
    until: str = "",
):
    found = access.events_for(user).select_related("organiser")
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(title__icontains=q)
            | Q(place__icontains=q)
            | Q(co_organisers__icontains=q)
            | Q(pk__in=Participant.objects.filter(unit__name__icontains=q).values("event"))
        )
    for key, value in (("kind", kind), ("status", status), ("organiser__code", organiser)):
        if value:
            found = found.filter(**{key: value})
    if str(year).strip().isdigit() and len(str(year).strip()) == 4:
        found = found.filter(in_year(int(year)))
    if first := _day(since):
        found = found.filter(Q(held_on__gte=first) | Q(held_on__isnull=True, start__gte=first))
    if last := _day(until):
        found = found.filter(Q(held_on__lte=last) | Q(held_on__isnull=True, start__lte=last))
    return with_figures(found).order_by("-start", "-id")
