from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liangxin.core import paging
from liangxin.queue import access, periodic


@require_GET
@login_required
def periodic_list(request):
    """Each periodic task with its schedule and last run, and the runs so far (of one task if chosen)."""
    runs = access.runs_for(request.user)
    chosen = request.GET.get("name", "")
    pager = paging.paginate(runs.filter(name=chosen) if chosen else runs, request.GET)
    return render(
        request,
        "queue/periodic.html",
        {
            "tasks": periodic.latest(runs),
            "labels": {entry.code: entry.label for entry in periodic.PERIODIC},
            "chosen": chosen,
            "page": pager.page,
            "pager": pager,
        },
    )
