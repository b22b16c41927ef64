"""API of bulk imports: upload, list, progress, the row-by-row result and resuming."""

from datetime import datetime
from typing import Literal

from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from liangxin.core import excel, jsonout, reasons
from liangxin.core.downloads import written_file
from liangxin.core.errors import Invalid
from liangxin.core.schemas import ErrorOut, Page, page
from liangxin.subsidies import access, lists
from liangxin.subsidies.imports import heartbeat, pipeline
from liangxin.subsidies.models import ImportJob

router = Router(tags=["补贴"])


class ImportJobOut(Schema):
    id: int
    programme: str
    file_name: str
    status: str
    status_label: str
    rows_done: int
    rows_read: int
    total_rows: int | None
    percent: int | None
    accepted: int
    flagged: int
    refused: int
    error: str
    stalled: bool
    created_at: datetime
    finished_at: datetime | None


def import_job_out(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "programme": job.programme.code,
        "file_name": job.file_name,
        "status": job.status,
        "status_label": job.get_status_display(),
        "rows_done": job.rows_done,
        "rows_read": job.rows_read,
        "total_rows": job.total_rows,
        "percent": pipeline.percent(job),
        "accepted": job.accepted,
        "flagged": job.flagged,
        "refused": job.refused,
        "error": job.error,
        "stalled": heartbeat.stalled(job),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _jobs(request):
    return access.imports_for(request.user).select_related("programme")


@router.post(
    "/subsidy/imports",
    response={202: ImportJobOut, 200: ImportJobOut, 403: ErrorOut, 422: ErrorOut},
    summary="批量导入：上传 CSV 或 XLSX 文件（表单字段 programme 与 file）；新文件返回 202 并开始导入，"
    "同一文件再次上传返回 200 和原有任务，不重复导入",
)
def upload_import(request, programme: str = Form(...), file: UploadedFile = File(...)):
    found = access.programmes_for(request.user, "import").filter(code=programme).first()
    if found is None:
        raise Invalid(f"补贴项目 {programme} 不存在或不在您的数据范围内")
    job, created = pipeline.store_upload(found, file.name, file.chunks(), request.user)
    if created:
        pipeline.launch(job)
    job.refresh_from_db()
    if job.status == ImportJob.Status.FAILED:
        raise pipeline.ImportRefused(job.error)
    return jsonout.response(import_job_out(job), status=202 if created else 200)


@router.get(
    "/subsidy/imports",
    response=Page[ImportJobOut],
    summary="批量导入任务列表（新的在前；q 按文件名搜索，status 按状态筛选）",
)
def list_imports(request, q: str | None = None, status: str | None = None, limit: int = 100, offset: int = 0):
    found = page(lists.find_imports(_jobs(request), q, status), limit, offset)
    return jsonout.response(found | {"items": [import_job_out(j) for j in found["items"]]})


@router.get(
    "/subsidy/imports/{job_id}",
    response={200: ImportJobOut, 404: ErrorOut},
    summary="批量导入进度（状态、已处理行数、百分比、各结果行数；stalled 为真表示已中断，可继续）",
)
def import_detail(request, job_id: int):
    return jsonout.response(import_job_out(access.import_job_or_404(request.user, job_id)))


RESULT_TYPES = {"xlsx": excel.XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


@router.get(
    "/subsidy/imports/{job_id}/result",
    summary="下载逐行结果（行号、结果、原因、补贴金额和本行各列，个人信息脱敏；format=xlsx 或 csv）",
    openapi_extra={
        "responses": {
            200: {
                "description": "逐行结果文件",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in RESULT_TYPES.values()
                },
            },
            404: {
                "description": "导入任务不存在，或不在您的数据范围内",
                "content": {"application/json": {"schema": ErrorOut.model_json_schema()}},
            },
            409: {
                "description": "导入尚未完成或已失败，没有逐行结果",
                "content": {"application/json": {"schema": ErrorOut.model_json_schema()}},
            },
        }
    },
)
def import_result(request, job_id: int, fmt: Literal["xlsx", "csv"] = Query("xlsx", alias="format")):
    return _result_file(request, access.import_job_or_404(request.user, job_id), fmt, "")


class ImportResultIn(Schema):
    reason: str
    format: Literal["xlsx", "csv"] = "xlsx"


@router.post(
    "/subsidy/imports/{job_id}/result",
    summary="下载含完整个人信息的逐行结果（须有查看个人信息的权限并填写理由 reason；已受理各行的姓名、身份证号、"
    "手机号取自其申请，被拒绝的行未保存个人信息，仍为脱敏；记入审计）",
    openapi_extra={
        "responses": {200: {"content": {t: {} for t in RESULT_TYPES.values()}}, 403: {}, 409: {}, 422: {}}
    },
)
def import_result_whole(request, job_id: int, body: ImportResultIn):
    if wrong := reasons.problem(body.reason):
        raise Invalid(f"下载完整个人信息{wrong}（reason）")
    return _result_file(request, access.import_job_or_404(request.user, job_id), body.format, body.reason)


def _result_file(request, job: ImportJob, fmt: str, reason: str):
    from pathlib import Path

    return written_file(
        lambda path: pipeline.export_result(request.user, job, path, reason),
        f"{Path(job.file_name).stem}-导入结果.{fmt}",
        RESULT_TYPES[fmt],
        ascii_name=f"import-{job.pk}-result.{fmt}",
        no_store=True,
    )


@router.post(
    "/subsidy/imports/{job_id}/resume",
    response={202: ImportJobOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="继续已中断的导入（从已提交的下一行起）；已完成、已失败或仍在进行的返回 409",
)
def resume_import(request, job_id: int):
    job = access.import_job_or_404(request.user, job_id, "resume")
    pipeline.resume(request.user, job)
    job.refresh_from_db()
    return jsonout.response(import_job_out(job), status=202)
