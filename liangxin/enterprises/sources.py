"""The plan's honour counts computed from the register (plans/sources.py): `enterprises.honours` counts
the honours of a kind (and a level, exact or at least) recognised within the window's years and in force
on its last day; the unit list filtered the same way shows the units behind the figure."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.enterprises.codes import LEVELS
from liangxin.enterprises.models import Honour, HonourKind
from liangxin.plans.sources import Param, RecordRef, Source, Window


def _kinds() -> dict[str, str]:
    return dict(HonourKind.objects.values_list("code", "name"))


def _levels() -> dict[str, str]:
    return {level.code: level.label for level in LEVELS}


def honours_matching(
    kind: str, level: str = "", min_level: str = "", from_year: int | None = None, to_year: int | None = None
) -> Q:
    """Honours of a kind, of exactly `level` and at least `min_level` (省级 counts 国家级 too), recognised
    in from_year..to_year (each bound optional). An unknown level matches nothing."""
    found = Q(kind__code=kind)
    if level:
        found &= Q(level=level)
    if min_level:
        rank = LEVELS[min_level].rank if min_level in LEVELS else None
        found &= Q(level__in=[lv.code for lv in LEVELS if rank is not None and lv.rank >= rank])
    if from_year is not None:
        found &= Q(year__gte=from_year)
    if to_year is not None:
        found &= Q(year__lte=to_year)
    return found


def _counted(params: dict, window: Window):
    """The honours behind the figure: recognised within the window's years, not withdrawn by its end."""
    after_end = timezone.make_aware(datetime.combine(window.end + timedelta(days=1), time()))
    start_year = window.start.year if window.start else None
    matching = honours_matching(
        params["kind"], params.get("level", ""), params.get("min_level", ""), start_year, window.end.year
    )
    in_force = Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=after_end)
    return Honour.objects.filter(matching & in_force)


def count(params: dict, window: Window) -> Decimal:
    return Decimal(_counted(params, window).count())


def listed(params: dict, window: Window, limit: int) -> list[RecordRef]:
    found = _counted(params, window).select_related("unit", "kind").order_by("-year", "unit__name", "id")
    return [
        RecordRef(
            f"{h.unit.name} · {h.year}年{LEVELS.label(h.level)}{h.kind.name} · {h.document_number}",
            reverse("enterprises:unit", args=[h.unit_id]),
        )
        for h in found[:limit]
    ]


def list_url(params: dict, window: Window) -> str:
    query = {"honour": params["kind"]}
    for key in ("level", "min_level"):
        if params.get(key):
            query[f"honour_{key}"] = params[key]
    if window.start is not None:
        query["honour_from"] = window.start.year
    query["honour_to"] = window.end.year
    return f"{reverse('enterprises:list')}?{urlencode(query)}"


HONOURS = Source(
    code="enterprises.honours",
    label="在有效期内的荣誉数",
    params=(
        Param("kind", "荣誉类型", choices=_kinds),
        Param("level", "级别（仅此级别）", required=False, choices=_levels),
        Param("min_level", "最低级别（此级别及以上）", required=False, choices=_levels),
    ),
    value=count,
    records=listed,
    records_url=list_url,
    models=("enterprises.Honour",),
)
