"""API of applications: filing one, the list and its export, one application, and resubmitting it."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Body, Field, Router, Schema

from liangxin.core import excel, jsonout, reasons
from liangxin.core.downloads import written_file
from liangxin.core.errors import Invalid
from liangxin.core.identifiers import mask_name
from liangxin.core.schemas import Number, Page, page
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications, exports
from liangxin.subsidies.models import Application

router = Router(tags=["补贴"])


class FlagOut(Schema):
    code: str
    message: str
    related: list[str]


class ApplicationOut(Schema):
    id: str
    number: str  # 申请编号 SQ-2025-000123, unique in its programme and year
    programme: str
    status: str
    name: str
    id_number: str
    phone: str
    category: str
    grade: str
    price: Number | None
    amount: Number
    explanation: str
    flags: list[FlagOut]


def application_out(app: Application) -> dict:
    """Always masked: the whole value only through the audited reveal."""
    return {
        "id": str(app.public_id),
        "number": app.number,
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


@router.get(
    "/subsidy/applications",
    response=Page[ApplicationOut],
    summary="申请列表（按项目、状态、核查标记、申请编号筛选；q 按姓名、身份证号、手机号、发票号、序列号、VIN、申请编号搜索）",
)
def list_applications(
    request,
    programme: str | None = None,
    status: str | None = None,
    flag: str | None = None,
    q: str | None = None,
    number: str | None = None,
    limit: int = 100,
    offset: int = 0,
):
    result = page(exports.matching(request.user, programme, status, flag, q, number), limit, offset)
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
    app, created = applications.submit(request.user, programme, body, source="api")
    return jsonout.response(application_out(app), status=201 if created else 200)


class ExportIn(Schema):
    programme: str | None = None
    status: str | None = None
    flag: str | None = None
    # the schema says what the answer checks: a reason a person would write, never empty
    reason: str = Field(
        json_schema_extra={"minLength": 2, "pattern": r"\S"},
        description="导出理由：至少 2 个汉字或 4 个字母",
    )


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
        raise Invalid(f"导出完整个人信息{wrong}（reason）")
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
    return jsonout.response(application_out(access.application_or_404(request.user, public_id)))


@router.post(
    "/subsidy/applications/{public_id}/resubmit",
    response={200: ApplicationOut, 422: dict},
    summary="补正退回的申请并重新提交",
)
def resubmit(request, public_id: str, body: dict[str, Any] = Body(...)):
    app = access.application_or_404(request.user, public_id, "resubmit")
    app = applications.resubmit(request.user, app, body)
    return jsonout.response(application_out(app))
