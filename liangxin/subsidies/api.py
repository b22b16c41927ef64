from datetime import date
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema

from liangxin import jsonout
from liangxin.accounts import scope
from liangxin.schemas import ErrorOut, Page, page
from liangxin.subsidies import applications, payouts, review
from liangxin.subsidies.models import Application, Programme

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
    from liangxin.subsidies.identifiers import mask_name

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
        scope.applications_for(request.user).select_related("programme"), public_id=public_id
    )


@router.get("/subsidy/programmes", response=Page[ProgrammeOut], summary="补贴项目与预算执行")
def list_programmes(request, limit: int = 100, offset: int = 0):
    found = page(scope.programmes_for(request.user).select_related("department"), limit, offset)
    return jsonout.response(found | {"items": [_programme_out(p) for p in found["items"]]})


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
    found = scope.applications_for(request.user).select_related("programme").prefetch_related("flags")
    if programme:
        found = found.filter(programme__code=programme)
    if status:
        found = found.filter(status=status)
    if flag:
        found = found.filter(flags__code=flag).distinct()
    result = page(found, limit, offset)
    return jsonout.response(result | {"items": [application_out(a) for a in result["items"]]})


@router.post(
    "/subsidy/applications",
    response={201: ApplicationOut, 200: ApplicationOut, 422: dict},
    summary="提交一份申请（同一申请重复提交不会重复受理）",
)
def create_application(request, body: dict[str, Any] = Body(...)):
    scope.require(request.user, "subsidy.apply")
    programme = get_object_or_404(scope.programmes_for(request.user), code=str(body.get("programme", "")))
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
    programme = get_object_or_404(scope.programmes_for(request.user), code=body.programme)
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
        PayoutBatch.objects.filter(programme__in=scope.programmes_for(request.user)), pk=batch_id
    )
    try:
        item = payouts.record_result(request.user, batch, body.application, body.paid, body.note)
    except payouts.PayoutError as exc:
        return jsonout.response({"detail": str(exc)}, status=409)
    ledger = payouts.ledger(batch.programme)
    return jsonout.response(
        {"application": body.application, "status": item.status, "ledger": ledger.__dict__}
    )


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
