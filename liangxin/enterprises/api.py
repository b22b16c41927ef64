"""API of the register: units (search, one, add, change, reveal the contact's phone), their honours
(record, withdraw) and the honour kinds."""

from ninja import Router, Schema

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Page, ProblemsOut, page
from liangxin.enterprises import access, honours, queries, units
from liangxin.enterprises.models import Honour, Unit

router = Router(tags=["企业与单位"])


class UnitOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    credit_code: str
    industry_code: str
    industry_name: str
    above_scale: bool
    town: str | None
    department: str | None
    contact_name: str
    contact_phone: str  # masked
    honours_in_force: int


class UnitIn(Schema):
    kind: str = "enterprise"
    name: str
    credit_code: str
    industry_code: str = ""
    industry_name: str = ""
    above_scale: bool = False
    town: str | None = None
    department: str | None = None
    contact_name: str = ""
    contact_phone: str = ""


class UnitChanges(Schema):
    kind: str | None = None
    name: str | None = None
    credit_code: str | None = None
    industry_code: str | None = None
    industry_name: str | None = None
    above_scale: bool | None = None
    town: str | None = None
    department: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


class HonourOut(Schema):
    id: int
    unit: int
    kind: str
    kind_name: str
    level: str
    level_label: str
    year: int
    document_number: str
    title: str
    department: str
    in_force: bool
    withdrawn_reason: str


class HonourIn(Schema):
    kind: str
    level: str
    year: int
    document_number: str
    title: str = ""


class ReasonIn(Schema):
    reason: str


class PhoneOut(Schema):
    contact_phone: str


class HonourKindOut(Schema):
    code: str
    name: str


def _unit_out(unit: Unit, in_force: int | None = None) -> dict:
    return {
        "id": unit.pk,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "name": unit.name,
        "credit_code": unit.credit_code,
        "industry_code": unit.industry_code,
        "industry_name": unit.industry_name,
        "above_scale": unit.above_scale,
        "town": unit.town.code if unit.town else None,
        "department": unit.department.code if unit.department else None,
        "contact_name": unit.contact_name,
        "contact_phone": unit.contact_phone_masked,
        "honours_in_force": in_force
        if in_force is not None
        else unit.honours.filter(withdrawn_at__isnull=True).count(),
    }


def _honour_out(h: Honour) -> dict:
    return {
        "id": h.pk,
        "unit": h.unit_id,
        "kind": h.kind.code,
        "kind_name": h.kind.name,
        "level": h.level,
        "level_label": h.get_level_display(),
        "year": h.year,
        "document_number": h.document_number,
        "title": h.title,
        "department": h.department.code,
        "in_force": h.in_force,
        "withdrawn_reason": h.withdrawn_reason,
    }


@router.get(
    "/enterprises/units",
    response=Page[UnitOut],
    summary="企业与单位名录（按名称、代码搜索，按类型、街道/镇、荣誉筛选）",
)
def list_units(
    request, q: str = "", kind: str = "", town: str = "", honour: str = "", limit: int = 100, offset: int = 0
):
    found = page(queries.matching(request.user, q, kind, town, honour), limit, offset)
    return jsonout.response(found | {"items": [_unit_out(u, u.honours_in_force) for u in found["items"]]})


@router.post(
    "/enterprises/units",
    response={201: UnitOut, 403: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="登记单位",
)
def create_unit(request, body: UnitIn):
    unit = units.create(request.user, body.dict())
    return jsonout.response(_unit_out(unit), status=201)


@router.get(
    "/enterprises/units/{unit_id}", response={200: UnitOut, 404: ErrorOut}, summary="单位详情（联系电话脱敏）"
)
def unit_detail(request, unit_id: int):
    return jsonout.response(_unit_out(access.unit_or_404(request.user, unit_id)))


@router.patch(
    "/enterprises/units/{unit_id}",
    response={200: UnitOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="修改单位信息（只给出要改的字段；企业只能改行业和联系人）",
)
def update_unit(request, unit_id: int, body: UnitChanges):
    unit = access.unit_or_404(request.user, unit_id)
    unit, _ = units.update(request.user, unit, body.dict(exclude_unset=True))
    return jsonout.response(_unit_out(unit))


@router.post(
    "/enterprises/units/{unit_id}/reveal",
    response={200: PhoneOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="查看完整联系电话（须填写理由，记入审计）",
)
def reveal_phone(request, unit_id: int, body: ReasonIn):
    unit = access.unit_or_404(request.user, unit_id)
    return jsonout.response({"contact_phone": units.reveal_phone(request.user, unit, body.reason)})


@router.get(
    "/enterprises/units/{unit_id}/honours",
    response={200: list[HonourOut], 404: ErrorOut},
    summary="单位的荣誉（含已撤销）",
)
def unit_honours(request, unit_id: int):
    unit = access.unit_or_404(request.user, unit_id)
    found = access.honours_for(request.user).filter(unit=unit).select_related("kind", "department")
    return jsonout.response([_honour_out(h) for h in found])


@router.post(
    "/enterprises/units/{unit_id}/honours",
    response={201: HonourOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="登记荣誉（认定文件请在单位页面上传）",
)
def record_honour(request, unit_id: int, body: HonourIn):
    unit = access.unit_or_404(request.user, unit_id)
    return jsonout.response(_honour_out(honours.record(request.user, unit, body.dict())), status=201)


@router.post(
    "/enterprises/honours/{honour_id}/withdraw",
    response={200: HonourOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="撤销荣誉（须填写理由，记入审计）",
)
def withdraw_honour(request, honour_id: int, body: ReasonIn):
    honour = access.honour_or_404(request.user, honour_id)
    return jsonout.response(_honour_out(honours.withdraw(request.user, honour, body.reason)))


@router.get("/enterprises/honour-kinds", response=list[HonourKindOut], summary="荣誉类型")
def honour_kinds(request):
    access.units_for(request.user)  # the register's readers only
    return jsonout.response([{"code": k.code, "name": k.name} for k in access.honour_kinds()])
