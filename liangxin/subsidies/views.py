from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from liangxin.accounts import scope
from liangxin.core import excel
from liangxin.core.downloads import written_file
from liangxin.subsidies import access, applications, checks, exports, imports, payouts, reasons, review
from liangxin.subsidies.models import Application, ImportJob


def _application(request, public_id):
    return get_object_or_404(
        access.applications_for(request.user)
        .select_related("programme")
        .prefetch_related("flags", "decisions"),
        public_id=public_id,
    )


@login_required
def application_list(request):
    programmes = access.programmes_for(request.user)
    params = request.GET
    found = exports.matching(request.user, params.get("programme"), params.get("status"), params.get("flag"))
    page = Paginator(found, 50).get_page(params.get("page"))
    return render(
        request,
        "subsidies/list.html",
        {
            "page": page,
            "programmes": programmes,
            "statuses": Application.Status.choices,
            "params": params,
            "money": payouts.money_by_programme(programmes),
            "can_apply": scope.has_perm(request.user, "subsidy.apply"),
            "apply_to": access.programmes_to_apply(request.user)
            if scope.has_perm(request.user, "subsidy.apply")
            else [],
            "flag_labels": checks.LABELS,
            "can_reveal": scope.has_perm(request.user, "pii.reveal"),
            "query": params.urlencode(),
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
    found = exports.matching(request.user, params.get("programme"), params.get("status"), params.get("flag"))
    filters = {key: params.get(key) for key in ("programme", "status", "flag")}
    return written_file(
        lambda path: exports.write(request.user, found, path, reason, filters),
        "补贴申请（完整信息）.xlsx" if reason.strip() else "补贴申请.xlsx",
        excel.XLSX_TYPE,
        no_store=True,
    )


@login_required
def application_detail(request, public_id):
    app = _application(request, public_id)
    user = request.user
    return render(
        request,
        "subsidies/detail.html",
        {
            "app": app,
            "can_first": scope.has_perm(user, "subsidy.first") and app.status in ("pending", "flagged"),
            "can_second": scope.has_perm(user, "subsidy.second") and app.status == "first_approved",
            "can_reveal": scope.has_perm(user, "pii.reveal"),
            "revealed": None,
        },
    )


@login_required
@require_POST
def decide(request, public_id, step):
    app = _application(request, public_id)
    decide_fn = review.first_decision if step == "first" else review.second_decision
    try:
        decide_fn(request.user, app, request.POST.get("outcome", ""), request.POST.get("reason", ""))
        messages.success(request, f"{'初审' if step == 'first' else '复审'}意见已记录。")
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("subsidies:detail", public_id=public_id)


@login_required
@require_POST
def reveal(request, public_id):
    """Shows the whole value on this one response; it is never stored in the session or the page cache."""
    app = _application(request, public_id)
    field = request.POST.get("field", "")
    context = {"app": app, "can_reveal": True}
    try:
        value = applications.reveal(request.user, app, field, request.POST.get("reason", ""))
        context["revealed"] = {"field": applications.FIELD_NAMES.get(field, field), "value": value}
    except applications.ApplicationInvalid as exc:
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, "只能查看身份证号、手机号或收款账号")
    response = render(request, "subsidies/detail.html", context | {"can_first": False, "can_second": False})
    response["Cache-Control"] = "no-store"
    return response


def _job(request, job_id):
    return get_object_or_404(
        access.imports_for(request.user).select_related("programme"),
        pk=job_id,
    )


@login_required
def import_list(request):
    programmes = access.programmes_for(request.user)
    jobs = access.imports_for(request.user).select_related("programme")[:50]
    return render(
        request,
        "subsidies/imports.html",
        {
            "jobs": jobs,
            "programmes": programmes,
            "can_import": scope.has_perm(request.user, "subsidy.import"),
            "headers": list(imports.HEADERS),
        },
    )


@login_required
@require_POST
def import_upload(request):
    scope.require(request.user, "subsidy.import")
    programme = get_object_or_404(access.programmes_for(request.user), code=request.POST.get("programme", ""))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 CSV 或 XLSX 文件")
        return redirect("subsidies:imports")
    try:
        job, created = imports.store_upload(programme, upload.name, upload.chunks(), request.user)
    except (imports.ImportRefused, excel.SpreadsheetInvalid) as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:imports")
    if created:
        imports.launch(job)
    else:
        messages.info(request, "这个文件已经上传过，以下是它的导入情况。")
    return redirect("subsidies:import", job_id=job.pk)


@login_required
def import_detail(request, job_id):
    job = _job(request, job_id)
    template = (
        "subsidies/_import_progress.html" if request.headers.get("HX-Request") else "subsidies/import.html"
    )
    return render(
        request,
        template,
        {
            "job": job,
            "stalled": imports.stalled(job),
            "can_import": scope.has_perm(request.user, "subsidy.import"),
            "can_reveal": scope.has_perm(request.user, "pii.reveal"),
        },
    )


@login_required
@require_POST
def import_resume(request, job_id):
    scope.require(request.user, "subsidy.import")
    job = _job(request, job_id)
    if imports.stalled(job):
        imports.launch(job)
        messages.success(request, f"已从第 {job.rows_done + 2} 行继续导入。")
    return redirect("subsidies:import", job_id=job.pk)


@login_required
def import_result(request, job_id):
    from pathlib import Path

    job = _job(request, job_id)
    if job.status != ImportJob.Status.DONE:
        messages.error(request, "导入尚未完成，完成后才能下载逐行结果。")
        return redirect("subsidies:import", job_id=job.pk)
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST" and (wrong := reasons.problem(reason)):
        messages.error(request, f"下载完整信息{wrong}")
        return redirect("subsidies:import", job_id=job.pk)
    return written_file(
        lambda path: imports.export_result(request.user, job, path, reason),
        f"{Path(job.file_name).stem}-导入结果{'（完整信息）' if reason.strip() else ''}.xlsx",
        excel.XLSX_TYPE,
        no_store=True,
    )
