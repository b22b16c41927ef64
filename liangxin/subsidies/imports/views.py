"""Pages of bulk imports: upload, progress, resume and the row-by-row result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts import scope
from liangxin.core import excel, paging, reasons
from liangxin.core.downloads import attachment, written_file
from liangxin.subsidies import access, lists
from liangxin.subsidies.imports import heartbeat, pipeline, template
from liangxin.subsidies.models import ImportJob


@login_required
def import_list(request):
    programmes = access.programmes_for(request.user)
    jobs = lists.find_imports(
        access.imports_for(request.user).select_related("programme"),
        request.GET.get("q"),
        request.GET.get("status"),
    )
    pager = paging.paginate(jobs, request.GET)
    return render(
        request,
        "subsidies/imports.html",
        {
            "jobs": pager.page,
            "pager": pager,
            "params": request.GET,
            "statuses": ImportJob.Status.choices,
            "programmes": programmes,
            "can_import": scope.has_perm(request.user, "subsidy.import"),
            "importable": access.programmes_for(request.user, "import")
            if scope.has_perm(request.user, "subsidy.import")
            else [],
            "headers": list(pipeline.HEADERS),
        },
    )


@login_required
@require_POST
def import_upload(request):
    programme = get_object_or_404(
        access.programmes_for(request.user, "import"), code=request.POST.get("programme", "")
    )
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 CSV 或 XLSX 文件")
        return redirect("subsidies:imports")
    try:
        job, created = pipeline.store_upload(programme, upload.name, upload.chunks(), request.user)
    except pipeline.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:imports")
    if created:
        pipeline.launch(job)
    else:
        messages.info(request, "这个文件已经上传过，以下是它的导入情况。")
    return redirect("subsidies:import", job_id=job.pk)


@login_required
def import_detail(request, job_id):
    job = access.import_job_or_404(request.user, job_id)
    template = (
        "subsidies/_import_progress.html" if request.headers.get("HX-Request") else "subsidies/import.html"
    )
    return render(
        request,
        template,
        {
            "job": job,
            "stalled": heartbeat.stalled(job),
            "actions": access.allowed_actions(request.user, job),
            "percent": pipeline.percent(job),
            "reading": pipeline.reading(job),
            "refused_rows": pipeline.refused_rows(job),
            "refused_shown": pipeline.REFUSED_SHOWN,
        },
    )


@login_required
@require_POST
def import_resume(request, job_id):
    job = access.import_job_or_404(request.user, job_id, "resume")
    if "resume" in access.allowed_actions(request.user, job):
        pipeline.resume(request.user, job)
        messages.success(request, f"已从第 {job.rows_done + 2} 行继续导入。")
    return redirect("subsidies:import", job_id=job.pk)


@login_required
def import_result(request, job_id):
    from pathlib import Path

    job = access.import_job_or_404(request.user, job_id)
    if "result" not in access.allowed_actions(request.user, job):
        messages.error(request, "导入尚未完成，完成后才能下载逐行结果。")
        return redirect("subsidies:import", job_id=job.pk)
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST" and (wrong := reasons.problem(reason)):
        messages.error(request, f"下载完整信息{wrong}")
        return redirect("subsidies:import", job_id=job.pk)
    return written_file(
        lambda path: pipeline.export_result(request.user, job, path, reason),
        f"{Path(job.file_name).stem}-导入结果{'（完整信息）' if reason.strip() else ''}.xlsx",
        excel.XLSX_TYPE,
        no_store=True,
    )


@login_required
def import_template(request, code, fmt):
    """The programme's import template (CSV or XLSX), for those who may import into it."""
    programme = get_object_or_404(access.programmes_for(request.user, "import"), code=code)
    if fmt == "csv":
        return attachment(
            template.template_csv(programme),
            f"{programme.name}-导入模板.csv",
            "text/csv; charset=utf-8",
            ascii_name=f"import-template-{programme.code}.csv",
        )
    return attachment(
        template.template_xlsx(programme),
        f"{programme.name}-导入模板.xlsx",
        excel.XLSX_TYPE,
        ascii_name=f"import-template-{programme.code}.xlsx",
    )


def import_template_csv(request, code):
    return import_template(request, code, "csv")


def import_template_xlsx(request, code):
    return import_template(request, code, "xlsx")
