from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Body, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from liangxin.accounts import scope
from liangxin.core import excel, jsonout
from liangxin.core.downloads import written_file
from liangxin.core.schemas import ErrorOut, Page, page
from liangxin.subsidies import access, applications, exports, imports, payouts, programmes, reasons, review
from liangxin.subsidies.models import Application, ImportJob, Programme

router = Router(tags=["补贴"])


class ProgrammeOut(Schema):
    code: str
    name: str
    department: str
    kind: str
    applicant: str
    year: int
    window_start: date
    window_end: date
    open_until: date
    budget: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal


class FlagOut(Schema):
    code: str
    message: str
    related: list[str]


class ApplicationOut(Schema):
    id: str
    programme: str
    status: str
    name: str
    id_number: str
    phone: str
    category: str
    grade: str
    price: Decimal | None
    amount: Decimal
    explanation: str
    flags: list[FlagOut]


class DecisionIn(Schema):
    outcome: str
    reason: str


class BatchIn(Schema):
    programme: str
    idempotency_key: str


class ResultIn(Schema):
    application: str
    paid: bool
    note: str = ""


def _programme_out(p: Programme) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department.code,
        "kind": p.kind,
        "applicant": p.applicant,
        "year": p.year,
        "window_start": p.window_start,
        "window_end": p.window_end,
        "open_until": p.open_until,
        "budget": p.budget,
        "committed": p.committed,
        "paid": p.paid,
        "remaining": p.budget - p.committed,
    }


def application_out(app: Application) -> dict:
    """Always masked: the whole value only through the audited reveal."""
    from liangxin.core.identifiers import mask_name

    return {
        "id": str(app.public_id),
        "programme": app.programme.code,
        "status": app.status,
        "name": mask_name(app.applicant_name),
        "id_number": app.id_number_masked,
        "phone": app.phone_masked,
        "category": app.category,
        "grade": app.grade,
        "price": app.price,
        "amount": app.amount,
        "explanation": app.explanation,
        "flags": [{"code": f.code, "message": f.message, "related": f.related} for f in app.flags.all()],
    }


def _application(request, public_id: str) -> Application:
    return get_object_or_404(
        access.applications_for(request.user).select_related("programme"), public_id=public_id
    )


@router.get("/subsidy/programmes", response=Page[ProgrammeOut], summary="补贴项目与预算执行")
def list_programmes(request, limit: int = 100, offset: int = 0):
    found = page(access.programmes_for(request.user).select_related("department"), limit, offset)
    return jsonout.response(found | {"items": [_programme_out(p) for p in found["items"]]})


# One programme, and its editing by the programme's department's approver: the same programmes.update as
# the web form, checked by the same validation as a programme file.


class RuleLineOut(Schema):
    label: str
    text: str


class ProgrammeDetailOut(ProgrammeOut):
    department_name: str
    funding_source: str
    indicator: str | None
    rules: dict[str, Any]
    rules_text: list[RuleLineOut]
    can_edit: bool


class ProgrammeChanges(Schema):
    """Only the fields to change. rules is merged parameter by parameter into the programme's rules (a
    parameter given replaces it whole; null removes an optional one such as price_ceiling); the formula
    follows the programme's kind."""

    name: str | None = None
    funding_source: str | None = None
    window_start: date | None = None
    window_end: date | None = None
    open_until: date | None = None
    budget: Decimal | None = None
    rules: dict[str, Any] | None = None


class FieldProblemOut(Schema):
    field: str
    label: str
    message: str


class ProblemsOut(Schema):
    detail: str
    errors: list[FieldProblemOut]


def _programme_detail_out(p: Programme, user) -> dict:
    return _programme_out(p) | {
        "department_name": p.department.name,
        "funding_source": p.funding_source,
        "indicator": p.indicator.code if p.indicator else None,
        "rules": p.rules,
        "rules_text": [{"label": k, "text": v} for k, v in programmes.describe_rules(p.rules)],
        "can_edit": access.may_edit_programme(user, p),
    }


def _programme(request, code: str) -> Programme:
    return get_object_or_404(
        access.programmes_for(request.user).select_related("department", "indicator"), code=code
    )


@router.get(
    "/subsidy/programmes/{code}",
    response={200: ProgrammeDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="补贴项目详情（预算执行、交易期、补贴规则及其中文说明）",
)
def programme_detail(request, code: str):
    return jsonout.response(_programme_detail_out(_programme(request, code), request.user))


@router.patch(
    "/subsidy/programmes/{code}",
    response={200: ProgrammeDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="修改补贴项目（只给出要改的字段；仅限项目主管部门的复审人员；预算不得低于已承诺金额；"
    "修改规则只影响此后提交的申请；修改前后记入审计日志）",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": ProgrammeChanges.model_json_schema()}},
            "required": True,
        }
    },
)
def update_programme(request, code: str, body: dict[str, Any] = Body(...)):
    from liangxin.plans.planfile import PlanFileInvalid

    programme = _programme(request, code)
    access.require_programme_edit(request.user, programme)
    try:
        programme, _changed = programmes.update(programme, body)
    except PlanFileInvalid as exc:
        errors = [
            {"field": p.path, "label": programmes.field_label(p.path), "message": p.message}
            for p in exc.problems
        ]
        return jsonout.response({"detail": "补贴项目未修改：内容有误", "errors": errors}, status=422)
    return jsonout.response(_programme_detail_out(programme, request.user))


@router.get(
    "/subsidy/applications", response=Page[ApplicationOut], summary="申请列表（按项目、状态、核查标记筛选）"
)
def list_applications(
    request,
    programme: str | None = None,
    status: str | None = None,
    flag: str | None = None,
    limit: int = 100,
    offset: int = 0,
):
    result = page(exports.matching(request.user, programme, status, flag), limit, offset)
    return jsonout.response(result | {"items": [application_out(a) for a in result["items"]]})


@router.post(
    "/subsidy/applications",
    response={201: ApplicationOut, 200: ApplicationOut, 422: dict},
    summary="提交一份申请（同一申请重复提交不会重复受理）",
)
def create_application(request, body: dict[str, Any] = Body(...)):
    programme = get_object_or_404(
        access.programmes_to_apply(request.user), code=str(body.get("programme", ""))
    )
    try:
        app, created = applications.submit(request.user, programme, body, source="api")
    except applications.ApplicationInvalid as exc:
        return jsonout.response(
            {
                "detail": "申请内容有误",
                "errors": [{"field": p.field, "message": str(p)} for p in exc.problems],
            },
            status=422,
        )
    return jsonout.response(application_out(app), status=201 if created else 200)


class ExportIn(Schema):
    programme: str | None = None
    status: str | None = None
    flag: str | None = None
    reason: str


@router.get(
    "/subsidy/applications/export",
    summary="导出申请清单 Excel（筛选同列表；个人信息脱敏；导出记入审计）",
    openapi_extra={"responses": {200: {"content": {excel.XLSX_TYPE: {}}}, 403: {}}},
)
def export_applications(
    request, programme: str | None = None, status: str | None = None, flag: str | None = None
):
    return _export(request, {"programme": programme, "status": status, "flag": flag}, "")


@router.post(
    "/subsidy/applications/export",
    summary="导出含完整个人信息的申请清单 Excel（须有查看个人信息的权限并填写理由 reason；记入审计）",
    openapi_extra={"responses": {200: {"content": {excel.XLSX_TYPE: {}}}, 403: {}, 422: {}}},
)
def export_applications_whole(request, body: ExportIn):
    if wrong := reasons.problem(body.reason):
        return jsonout.response({"detail": f"导出完整个人信息{wrong}（reason）"}, status=422)
    return _export(
        request, {"programme": body.programme, "status": body.status, "flag": body.flag}, body.reason
    )


def _export(request, filters: dict, reason: str):

    found = exports.matching(request.user, **filters)
    return written_file(
        lambda path: exports.write(request.user, found, path, reason, filters),
        "补贴申请.xlsx",
        excel.XLSX_TYPE,
        no_store=True,
    )


@router.get("/subsidy/applications/{public_id}", response=ApplicationOut, summary="申请详情（个人信息脱敏）")
def application_detail(request, public_id: str):
    return jsonout.response(application_out(_application(request, public_id)))


@router.post(
    "/subsidy/applications/{public_id}/first-decision",
    response={200: ApplicationOut, 409: ErrorOut},
    summary="初审（经办）",
)
def first_decision(request, public_id: str, body: DecisionIn):
    try:
        app = review.first_decision(request.user, _application(request, public_id), body.outcome, body.reason)
    except review.ReviewError as exc:
        return jsonout.response({"detail": str(exc)}, status=409)
    return jsonout.response(application_out(app))


@router.post(
    "/subsidy/applications/{public_id}/second-decision",
    response={200: ApplicationOut, 409: ErrorOut},
    summary="复审（不能由初审同一人办理；批准即占用预算）",
)
def second_decision(request, public_id: str, body: DecisionIn):
    try:
        app = review.second_decision(
            request.user, _application(request, public_id), body.outcome, body.reason
        )
    except review.ReviewError as exc:
        return jsonout.response({"detail": str(exc)}, status=409)
    return jsonout.response(application_out(app))


@router.post(
    "/subsidy/payout-batches",
    response={201: dict, 200: dict, 409: ErrorOut},
    summary="生成拨付批次（同一幂等键只生成一次）",
)
def create_batch(request, body: BatchIn):
    programme = get_object_or_404(access.programmes_for(request.user), code=body.programme)
    try:
        batch, created = payouts.build_batch(request.user, programme, body.idempotency_key)
    except payouts.PayoutError as exc:
        return jsonout.response({"detail": str(exc)}, status=409)
    items = [
        {"application": str(i.application.public_id), "amount": i.amount, "status": i.status}
        for i in batch.items.select_related("application")
    ]
    return jsonout.response(
        {"id": batch.pk, "programme": programme.code, "items": items}, status=201 if created else 200
    )


@router.post(
    "/subsidy/payout-batches/{batch_id}/results",
    response={200: dict, 409: ErrorOut},
    summary="登记银行结果（成功或失败；重复登记不重复拨付）",
)
def record_result(request, batch_id: int, body: ResultIn):
    from liangxin.subsidies.models import PayoutBatch

    batch = get_object_or_404(
        PayoutBatch.objects.filter(programme__in=access.programmes_for(request.user)), pk=batch_id
    )
    try:
        item = payouts.record_result(request.user, batch, body.application, body.paid, body.note)
    except payouts.PayoutError as exc:
        return jsonout.response({"detail": str(exc)}, status=409)
    ledger = payouts.ledger(batch.programme)
    return jsonout.response(
        {"application": body.application, "status": item.status, "ledger": ledger.__dict__}
    )


def _payout_batch(request, batch_id: int):
    from liangxin.subsidies.models import PayoutBatch

    scope.require(request.user, "subsidy.pay")
    return get_object_or_404(
        PayoutBatch.objects.filter(programme__in=access.programmes_for(request.user)), pk=batch_id
    )


@router.get(
    "/subsidy/payout-batches/{batch_id}/bank-file",
    summary="下载银行拨付文件（Excel；可查看个人信息的财政人员得到完整户名、证件号和账号，导出留痕）",
    openapi_extra={"responses": {200: {"content": {excel.XLSX_TYPE: {}}}, 403: {}, 404: {}}},
)
def bank_file(request, batch_id: int):
    from urllib.parse import quote

    from django.http import HttpResponse

    batch = _payout_batch(request, batch_id)
    response = HttpResponse(payouts.bank_file(request.user, batch), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'拨付批次{batch.pk}.xlsx')}"
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/subsidy/payout-batches/{batch_id}/result-file",
    response={200: dict, 422: ErrorOut},
    summary="导入银行回单（Excel，列：申请编号、结果、备注）；逐行登记，有误的行按行号列出",
)
def record_result_file(request, batch_id: int, file: UploadedFile = File(...)):
    batch = _payout_batch(request, batch_id)
    try:
        recorded = payouts.record_results_file(request.user, batch, file.read())
    except excel.SpreadsheetInvalid as exc:
        return jsonout.response({"detail": f"银行回单有误：{exc}"}, status=422)
    return jsonout.response(recorded.__dict__ | {"ledger": payouts.ledger(batch.programme).__dict__})


@router.post(
    "/subsidy/applications/{public_id}/resubmit",
    response={200: ApplicationOut, 422: dict},
    summary="补正退回的申请并重新提交",
)
def resubmit(request, public_id: str, body: dict[str, Any] = Body(...)):
    scope.require(request.user, "subsidy.apply")
    try:
        app = applications.resubmit(request.user, _application(request, public_id), body)
    except applications.ApplicationInvalid as exc:
        return jsonout.response(
            {
                "detail": "申请内容有误",
                "errors": [{"field": p.field, "message": str(p)} for p in exc.problems],
            },
            status=422,
        )
    return jsonout.response(application_out(app))


# Bulk imports: the same functions as the web pages (imports.store_upload, launch, stalled, write_result),
# the same permissions (seeing a job: access.imports_for; uploading or resuming: also
# subsidy.import).


class ImportJobOut(Schema):
    id: int
    programme: str
    file_name: str
    status: str
    status_label: str
    rows_done: int
    total_rows: int | None
    percent: int | None
    accepted: int
    flagged: int
    refused: int
    error: str
    stalled: bool
    created_at: datetime
    finished_at: datetime | None


def _percent(job: ImportJob) -> int | None:
    """0–100; None while the number of rows is unknown. total_rows counts the file's lines, blank ones
    too, so a finished job is 100 and a running one stays below it."""
    if job.status == ImportJob.Status.DONE:
        return 100
    if not job.total_rows:
        return None
    return min(job.rows_done * 100 // job.total_rows, 99)


def import_job_out(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "programme": job.programme.code,
        "file_name": job.file_name,
        "status": job.status,
        "status_label": job.get_status_display(),
        "rows_done": job.rows_done,
        "total_rows": job.total_rows,
        "percent": _percent(job),
        "accepted": job.accepted,
        "flagged": job.flagged,
        "refused": job.refused,
        "error": job.error,
        "stalled": imports.stalled(job),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _jobs(request):
    return access.imports_for(request.user).select_related("programme")


def _import_job(request, job_id: int) -> ImportJob:
    return get_object_or_404(_jobs(request), pk=job_id)


@router.post(
    "/subsidy/imports",
    response={202: ImportJobOut, 200: ImportJobOut, 403: ErrorOut, 422: ErrorOut},
    summary="批量导入：上传 CSV 或 XLSX 文件（表单字段 programme 与 file）；新文件返回 202 并开始导入，"
    "同一文件再次上传返回 200 和原有任务，不重复导入",
)
def upload_import(request, programme: str = Form(...), file: UploadedFile = File(...)):
    scope.require(request.user, "subsidy.import")
    found = access.programmes_for(request.user).filter(code=programme).first()
    if found is None:
        return jsonout.response({"detail": f"补贴项目 {programme} 不存在或不在您的数据范围内"}, status=422)
    try:
        job, created = imports.store_upload(found, file.name, file.chunks(), request.user)
        if created:
            imports.launch(job)
    except (imports.ImportRefused, excel.SpreadsheetInvalid) as exc:
        return jsonout.response({"detail": f"导入文件有误：{exc}"}, status=422)
    job.refresh_from_db()
    if job.status == ImportJob.Status.FAILED:
        return jsonout.response({"detail": f"导入文件有误：{job.error}"}, status=422)
    return jsonout.response(import_job_out(job), status=202 if created else 200)


@router.get("/subsidy/imports", response=Page[ImportJobOut], summary="批量导入任务列表（新的在前）")
def list_imports(request, limit: int = 100, offset: int = 0):
    found = page(_jobs(request), limit, offset)
    return jsonout.response(found | {"items": [import_job_out(j) for j in found["items"]]})


@router.get(
    "/subsidy/imports/{job_id}",
    response={200: ImportJobOut, 404: ErrorOut},
    summary="批量导入进度（状态、已处理行数、百分比、各结果行数；stalled 为真表示已中断，可继续）",
)
def import_detail(request, job_id: int):
    return jsonout.response(import_job_out(_import_job(request, job_id)))


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
    return _result_file(request, _import_job(request, job_id), fmt, "")


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
        return jsonout.response({"detail": f"下载完整个人信息{wrong}（reason）"}, status=422)
    return _result_file(request, _import_job(request, job_id), body.format, body.reason)


def _result_file(request, job: ImportJob, fmt: str, reason: str):
    from pathlib import Path

    if job.status == ImportJob.Status.FAILED:
        return jsonout.response({"detail": f"导入失败，没有逐行结果：{job.error}"}, status=409)
    if job.status != ImportJob.Status.DONE:
        return jsonout.response(
            {"detail": f"导入尚未完成（已处理 {job.rows_done} 行），完成后才能下载逐行结果"}, status=409
        )
    return written_file(
        lambda path: imports.export_result(request.user, job, path, reason),
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
    scope.require(request.user, "subsidy.import")
    job = _import_job(request, job_id)
    if not imports.stalled(job):
        if job.status == ImportJob.Status.DONE:
            detail = "导入已完成，无需继续"
        elif job.status == ImportJob.Status.FAILED:
            detail = f"导入失败：{job.error}；同一文件继续导入仍会失败，请修正文件后重新上传"
        else:
            detail = f"导入正在进行（已处理 {job.rows_done} 行），无需继续"
        return jsonout.response({"detail": detail}, status=409)
    try:
        imports.launch(job)
    except (imports.ImportRefused, excel.SpreadsheetInvalid) as exc:
        return jsonout.response({"detail": f"导入文件有误：{exc}"}, status=422)
    job.refresh_from_db()
    return jsonout.response(import_job_out(job), status=202)
