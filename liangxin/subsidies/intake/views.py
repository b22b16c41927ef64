"""Pages of applications: the list with its filters and export, one application, and revealing its
personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from liangxin.accounts import scope
from liangxin.core import excel, paging, reasons
from liangxin.core.downloads import attachment, written_file
from liangxin.queue import jobs
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications, checks, exports, fields, invoices
from liangxin.subsidies.models import Application
from liangxin.subsidies.payouts import batches


@login_required
def application_list(request):
    programmes = access.programmes_for(request.user)
    params = request.GET
    found = exports.matching(
        request.user,
        params.get("programme"),
        params.get("status"),
        params.get("flag"),
        params.get("q"),
        params.get("number"),
        params.get("approved_from"),
        params.get("approved_to"),
    )
    pager = paging.paginate(found, params)
    return render(
        request,
        "subsidies/list.html",
        {
            "page": pager.page,
            "pager": pager,
            "programmes": programmes,
            "statuses": Application.Status.choices,
            "params": params,
            "money": batches.money_by_programme(programmes),
            "can_apply": scope.has_perm(request.user, "subsidy.apply"),
            "apply_to": access.programmes_to_apply(request.user)
            if scope.has_perm(request.user, "subsidy.apply")
            else [],
            "flag_labels": checks.LABELS,
            "can_reveal": scope.has_perm(request.user, "pii.reveal"),
            "query": pager.query,
        },
    )


@login_required
def application_export(request):
    """The list as Excel with the same filters: masked; with a stated reason (POST), whole for a user
    who may see personal data. Never cached."""

    params = request.POST if request.method == "POST" else request.GET
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST" and (wrong := reasons.problem(reason)):
        messages.error(request, f"导出完整个人信息{wrong}")
        return redirect(f"{reverse('subsidies:list')}?{params.get('query', '')}")
    found = exports.matching(request.user, *(params.get(key) for key in exports.FILTERS))
    if reason.strip():
        scope.require(request.user, "pii.reveal")
    if jobs.is_big(found.count()):  # built by a consumer; its page shows the progress and offers the file
        job = jobs.start(
            request.user,
            "application_export",
            {key: params.get(key) for key in exports.FILTERS} | {"reason": reason},
        )
        return redirect("queue:job", job_id=job.pk)
    filters = {key: params.get(key) for key in ("programme", "status", "flag", "q", "number")}
    return written_file(
        lambda path: exports.write(request.user, found, path, reason, filters),
        exports.file_name(reason),
        excel.XLSX_TYPE,
        no_store=True,
    )


def _detail(request, app: Application, revealed: dict | None = None):
    """The application's page: its data, flags (related applications by number), decisions, and what
    the user may do with it — the same after a reveal, which adds the one whole value."""
    flags = list(app.flags.all())
    related = {r for f in flags for r in f.related}
    found = dict(
        Application.objects.filter(public_id__in=[access.public_id_of(r) for r in related]).values_list(
            "public_id", "number"
        )
    )
    for flag in flags:
        flag.links = [(r, found.get(access.public_id_of(r)) or str(r)[:8]) for r in flag.related]
    context = {
        "app": app,
        "flags": flags,
        "actions": access.allowed_actions(request.user, app),
        "revealed": revealed,
    }
    return render(request, "subsidies/detail.html", context)


@login_required
def application_detail(request, public_id):
    return _detail(request, access.application_or_404(request.user, public_id))


@login_required
def invoice_download(request, public_id, invoice_id):
    """An invoice scan, to whoever may see its application; audited."""
    app = access.application_or_404(request.user, public_id)
    scan = get_object_or_404(app.invoices, pk=invoice_id)
    return attachment(invoices.read(scan), scan.original_name, invoices.content_type(scan), no_store=True)


@login_required
@require_POST
def reveal(request, public_id):
    """Shows the whole value on this one response; it is never stored in the session or the page cache."""
    app = access.application_or_404(request.user, public_id)
    field = request.POST.get("field", "")
    revealed = None
    try:
        value = applications.reveal(request.user, app, field, request.POST.get("reason", ""))
        revealed = {"field": fields.FIELD_NAMES.get(field, field), "value": value}
    except fields.ApplicationInvalid as exc:
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, "只能查看身份证号、手机号或收款账号")
    # the whole page, decision panel included: the caseworker decides without going back
    response = _detail(request, app, revealed)
    response["Cache-Control"] = "no-store"
    return response
