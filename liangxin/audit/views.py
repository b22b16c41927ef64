from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.audit import access, registry


def _day(value: str, end: bool):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a date, made aware below
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filter_entries(entries, params):
    if params.get("actor"):
        entries = entries.filter(actor_name__icontains=params["actor"])
    if params.get("action"):
        entries = entries.filter(action=params["action"])
    if params.get("object"):
        entries = entries.filter(object_repr__icontains=params["object"])
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
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "action_groups": registry.by_category(),
            "params": request.GET,
            "query": query.urlencode(),
        },
    )


@require_GET
@login_required
def audit_detail(request, seq):
    entry = get_object_or_404(access.audit_entries_for(request.user), seq=seq)
    return render(request, "audit/detail.html", {"entry": entry})
