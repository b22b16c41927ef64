from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liangxin.core import paging
from liangxin.queue import access, jobs, periodic


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


@require_GET
@login_required
def job_page(request, job_id):
    """A long job's progress (polled while it runs, so a reload loses nothing) and, once done, its file."""
    job = jobs.job_for(request.user, job_id)
    template = "queue/_job_progress.html" if request.headers.get("HX-Request") else "queue/job.html"
    context = {"job": job, "label": jobs.JOB_KINDS[job.kind].label, "has_file": jobs.has_file(job)}
    return render(request, template, context | {"keep_days": settings.JOB_KEEP_DAYS})


@require_GET
@login_required
def my_jobs(request):
    """The user's own jobs, newest first: what each is, how far it got, its file while it is kept."""
    pager = paging.paginate(jobs.jobs_of(request.user), request.GET)
    rows = [(job, jobs.JOB_KINDS.label(job.kind), jobs.has_file(job)) for job in pager.page.object_list]
    return render(
        request,
        "queue/jobs.html",
        {"rows": rows, "page": pager.page, "pager": pager, "keep_days": settings.JOB_KEEP_DAYS},
    )


@require_GET
@login_required
def job_file(request, job_id):
    job, path = jobs.result_of(request.user, job_id)
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=job.file_name)  # noqa: SIM115 - closed by FileResponse
    response["Cache-Control"] = "no-store"
    return response
