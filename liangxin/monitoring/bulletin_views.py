"""Downloads of a period's 调度通报 (Word) and its data (Excel)."""

from django.contrib.auth.decorators import login_required

from liangxin.monitoring import access, bulletin


@login_required
def report_docx(request, code, key):
    return bulletin.download(access.bulletin_period_or_404(request.user, code, key), "docx")


@login_required
def report_xlsx(request, code, key):
    return bulletin.download(access.bulletin_period_or_404(request.user, code, key), "xlsx")
