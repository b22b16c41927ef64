"""The plan's counts of approved subsidy applications (plans/sources.py): `subsidies.approved` counts a
programme's applications that passed 复审 within the window and stand approved (复审通过 or 已拨付) on
its last day; the application list filtered the same way shows them."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.plans.sources import Param, RecordRef, Source, Window
from liangxin.subsidies.models import Application, Decision, Programme

APPROVED = (Application.Status.APPROVED, Application.Status.PAID)


def _programmes() -> dict[str, str]:
    return dict(Programme.objects.values_list("code", "name"))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def approved_between(start: date | None, end: date | None) -> Q:
    """Applications standing approved whose 复审 approval fell on start..end (district days, inclusive;
    either bound optional)."""
    decisions = Decision.objects.filter(step=Decision.Step.SECOND, outcome=Decision.Outcome.APPROVE)
    if start is not None:
        decisions = decisions.filter(at__gte=_midnight(start))
    if end is not None:
        decisions = decisions.filter(at__lt=_midnight(end + timedelta(days=1)))
    return Q(status__in=APPROVED, pk__in=decisions.values("application_id"))


def _counted(params: dict, window: Window):
    return Application.objects.filter(
        approved_between(window.start, window.end), programme__code=params["programme"]
    )


def count(params: dict, window: Window) -> Decimal:
    return Decimal(_counted(params, window).count())


def listed(params: dict, window: Window, limit: int) -> list[RecordRef]:
    found = _counted(params, window).select_related("programme").order_by("-created_at", "-id")
    return [
        RecordRef(
            f"{a.number or '（无编号）'} · {a.programme.name} · {a.get_status_display()}",
            reverse("subsidies:detail", args=[a.public_id]),
        )
        for a in found[:limit]
    ]


def list_url(params: dict, window: Window) -> str:
    query = {"programme": params["programme"], "approved_to": window.end.isoformat()}
    if window.start is not None:
        query["approved_from"] = window.start.isoformat()
    return f"{reverse('subsidies:list')}?{urlencode(query)}"


APPROVED_APPLICATIONS = Source(
    code="subsidies.approved",
    label="复审通过的补贴申请数",
    params=(Param("programme", "补贴项目", choices=_programmes),),
    value=count,
    records=listed,
    records_url=list_url,
    models=("subsidies.Decision",),  # an application's approval is a decision; 已拨付 changes no count
)
