"""Downloads of a period's 调度通报 (Word) and its data (Excel): at once, or, for a period with more
values than settings.JOB_INLINE_ROWS, built by the queue and offered on the job's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from liangxin.monitoring import access, bulletin
from liangxin.queue import jobs


def _download(request, code, key, fmt):
    period = access.bulletin_period_or_404(request.user, code, key)
    if jobs.is_big(bulletin.size(period)):
        job = jobs.start(request.user, "bulletin", {"plan": code, "period": key, "format": fmt})
        return redirect("queue:job", job_id=job.pk)
    return bulletin.download(period, fmt)


@login_required
def report_docx(request, code, key):
    return _download(request, code, key, "docx")


@login_required
def report_xlsx(request, code, key):
    return _download(request, code, key, "xlsx")
