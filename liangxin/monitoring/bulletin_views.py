"""Downloads of a period's 调度通报 (Word) and its data (Excel)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from liangxin.accounts import scope
from liangxin.monitoring import bulletin
from liangxin.plans import access as plans_access
from liangxin.reporting.models import Period


def attachment(plan, period: Period, fmt: str) -> HttpResponse:
    """The bulletin as a download; shared by the pages and the API."""
    response = HttpResponse(bulletin.export(plan, period, fmt), content_type=bulletin.FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(bulletin.filename(period, fmt))}"
    return response


def bulletin_source(user, code: str, key: str) -> tuple:
    """The plan and period of a bulletin the user may read: it carries every department's figures and
    narratives, so only the district-wide roles get it."""
    plan = get_object_or_404(plans_access.plans_for(user), code=code)
    scope.require(user, "submission.view_all")
    period = get_object_or_404(Period.objects.select_related("plan").filter(plan=plan), key=key)
    return plan, period


def _download(request, code, key, fmt):
    return attachment(*bulletin_source(request.user, code, key), fmt)


@login_required
def report_docx(request, code, key):
    return _download(request, code, key, "docx")


@login_required
def report_xlsx(request, code, key):
    return _download(request, code, key, "xlsx")
