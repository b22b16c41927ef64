from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.accounts.models import User
from liangxin.audit import access, registry
from liangxin.core import paging


def _day(value: str, end: bool):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a date, made aware below
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filter_entries(entries, params):
    """The entries an auditor asks for: by user (login name or full name), action, object (its name or
    id), result and the district's days from and to."""
    if actor := params.get("actor", "").strip():
        named = User.objects.filter(full_name__icontains=actor).values("pk")
        entries = entries.filter(Q(actor_name__icontains=actor) | Q(actor_id__in=named))
    if params.get("action"):
        entries = entries.filter(action=params["action"])
    if thing := params.get("object", "").strip():
        entries = entries.filter(Q(object_repr__icontains=thing) | Q(object_id=thing))
    if params.get("result"):
        entries = entries.filter(result=params["result"])
    if params.get("since") and (since := _day(params["since"], end=False)):
        entries = entries.filter(at__gte=since)
    if params.get("until") and (until := _day(params["until"], end=True)):
        entries = entries.filter(at__lte=until)
    return entries


@require_GET
@login_required
def audit_list(request):
    entries = filter_entries(access.audit_entries_for(request.user), request.GET)
    pager = paging.paginate(entries, request.GET)
    return render(
        request,
        "audit/list.html",
        {
            "page": pager.page,
            "pager": pager,
            "action_groups": registry.by_category(),
            "results": registry.RESULTS.choices(),
            "params": request.GET,
        },
    )


@require_GET
@login_required
def audit_detail(request, seq):
    entry = get_object_or_404(access.audit_entries_for(request.user), seq=seq)
    return render(request, "audit/detail.html", {"entry": entry})
