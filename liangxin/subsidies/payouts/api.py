"""API of payout batches: creating one, recording results, the bank file and the bank's result file."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from liangxin.core import downloads, excel, jsonout
from liangxin.core.schemas import ErrorOut, ProblemsOut
from liangxin.subsidies import access
from liangxin.subsidies.payouts import batches

router = Router(tags=["补贴"])


class BatchIn(Schema):
    programme: str
    idempotency_key: str


class ReviewIn(Schema):
    approve: bool
    reason: str = ""  # required to return a batch


class ReviewOut(Schema):
    id: int
    review: str
    review_label: str
    reviewed_by: str
    reviewed_at: datetime
    reason: str


class ResultIn(Schema):
    application: str  # the application's id or its number (SQ-2025-000123)
    paid: bool
    note: str = ""


@router.post(
    "/subsidy/payout-batches",
    response={201: dict, 200: dict, 409: ErrorOut},
    summary="生成拨付批次（同一幂等键只生成一次；须经另一位财政人员复核后才能导出银行文件）",
)
def create_batch(request, body: BatchIn):
    programme = get_object_or_404(access.programmes_for(request.user), code=body.programme)
    batch, created = batches.build_batch(request.user, programme, body.idempotency_key)
    items = [
        {
            "application": str(i.application.public_id),
            "number": i.application.number,
            "amount": i.amount,
            "status": i.status,
        }
        for i in batch.items.select_related("application")
    ]
    return jsonout.response(
        {"id": batch.pk, "programme": programme.code, "review": batch.review, "items": items},
        status=201 if created else 200,
    )


@router.post(
    "/subsidy/payout-batches/{batch_id}/review",
    response={200: ReviewOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="复核拨付批次：通过，或写明理由退回（须由生成批次以外的财政人员复核；退回的批次作废）",
)
def review_batch(request, batch_id: int, body: ReviewIn):
    batch = batches.review_batch(
        request.user, access.payout_batch_or_404(request.user, batch_id), body.approve, body.reason
    )
    return {
        "id": batch.pk,
        "review": batch.review,
        "review_label": batch.get_review_display(),
        "reviewed_by": batch.reviewed_by.username,
        "reviewed_at": batch.reviewed_at,
        "reason": batch.review_reason,
    }


@router.post(
    "/subsidy/payout-batches/{batch_id}/results",
    response={200: dict, 409: ErrorOut},
    summary="登记银行结果（成功或失败；重复登记不重复拨付）",
)
def record_result(request, batch_id: int, body: ResultIn):
    batch = access.payout_batch_or_404(request.user, batch_id)
    item = batches.record_result(request.user, batch, body.application, body.paid, body.note)
    ledger = batches.ledger(batch.programme)
    return jsonout.response(
        {"application": body.application, "status": item.status, "ledger": ledger.__dict__}
    )


@router.get(
    "/subsidy/payout-batches/{batch_id}/bank-file",
    summary="下载银行拨付文件（Excel；可查看个人信息的财政人员得到完整户名、证件号和账号，导出留痕）",
    openapi_extra={"responses": {200: {"content": {excel.XLSX_TYPE: {}}}, 403: {}, 404: {}, 409: {}}},
)
def bank_file(request, batch_id: int):
    batch = access.payout_batch_or_404(request.user, batch_id)
    content = batches.bank_file(request.user, batch)
    return downloads.attachment(content, f"拨付批次{batch.pk}.xlsx", excel.XLSX_TYPE, no_store=True)


@router.post(
    "/subsidy/payout-batches/{batch_id}/result-file",
    response={200: dict, 409: ErrorOut, 422: ErrorOut},
    summary="导入银行回单（Excel，列：申请编号、结果、备注）；逐行登记，有误的行按行号列出",
)
def record_result_file(request, batch_id: int, file: UploadedFile = File(...)):
    batch = access.payout_batch_or_404(request.user, batch_id)
    recorded = batches.record_results_file(request.user, batch, file.read())
    return jsonout.response(recorded.__dict__ | {"ledger": batches.ledger(batch.programme).__dict__})
