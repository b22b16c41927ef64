"""The plan's event indicators computed from the records (issue 12 §4): `events.held` counts the events
of one kind marked held with their held day inside the window (a year's, or from the plan's start), and
names them, so that 汽车促销巡展 and 家电以旧换新促销 need no figure typed by hand."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from liangxin.events.codes import EVENT_KINDS
from liangxin.events.models import Event
from liangxin.plans.sources import Param, RecordRef, Source, Window, register


def kind_choices() -> dict[str, str]:
    return {k.code: k.label for k in EVENT_KINDS}


def _held(params: dict, window: Window):
    found = Event.objects.filter(kind=params["kind"], status="held", held_on__lte=window.end)
    return found.filter(held_on__gte=window.start) if window.start else found


def held_count(params: dict, window: Window) -> Decimal:
    return Decimal(_held(params, window).count())


def held_records(params: dict, window: Window, limit: int) -> list[RecordRef]:
    found = _held(params, window).order_by("held_on", "id")[:limit]
    return [
        RecordRef(f"{e.title} · 举办 {e.held_on.isoformat()}", reverse("events:detail", args=[e.pk]))
        for e in found
    ]


def held_list_url(params: dict, window: Window) -> str:
    """The event list filtered to exactly the events counted: the kind, held, the window's days."""
    query = {"kind": params["kind"], "status": "held"}
    if window.start and window.start.year == window.end.year:
        query["year"] = str(window.end.year)
    if window.start:
        query["since"] = window.start.isoformat()
    query["until"] = window.end.isoformat()
    return f"{reverse('events:list')}?{urlencode(query)}"


HELD = Source(
    code="events.held",
    label="已举办的活动场次",
    params=(Param("kind", "活动类型", choices=kind_choices),),
    value=held_count,
    records=held_records,
    records_url=held_list_url,
    models=("events.Event",),
)


def register_sources() -> None:
    register(HELD)
