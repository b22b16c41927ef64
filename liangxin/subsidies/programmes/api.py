"""API of subsidy programmes: the list with budget figures, one programme and its rules, and editing it."""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Body, Field, Router, Schema

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, page
from liangxin.subsidies import access
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import catalogue

router = Router(tags=["补贴"])


class FieldProblemOut(Schema):
    field: str
    label: str | None = (
        None  # the field's Chinese name, where an edit names its field (not on a malformed body)
    )
    message: str


class ProblemsOut(Schema):
    detail: str
    errors: list[FieldProblemOut]


class ProgrammeOut(Schema):
    code: str
    name: str
    department: str
    kind: str
    applicant: str
    settlement: str  # 结算对象: applicant (拨付申请人) or retailer (与销售商户结算)
    year: int
    window_start: date
    window_end: date
    open_until: date
    budget: Number
    committed: Number
    paid: Number
    remaining: Number


def _programme_out(p: Programme) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department.code,
        "kind": p.kind,
        "applicant": p.applicant,
        "settlement": p.settlement,
        "year": p.year,
        "window_start": p.window_start,
        "window_end": p.window_end,
        "open_until": p.open_until,
        "budget": p.budget,
        "committed": p.committed,
        "paid": p.paid,
        "remaining": p.budget - p.committed,
    }


@router.get("/subsidy/programmes", response=Page[ProgrammeOut], summary="补贴项目与预算执行")
def list_programmes(request, limit: int = 100, offset: int = 0):
    found = page(access.programmes_for(request.user).select_related("department"), limit, offset)
    return jsonout.response(found | {"items": [_programme_out(p) for p in found["items"]]})


class RuleLineOut(Schema):
    label: str
    text: str


class ProgrammeDetailOut(ProgrammeOut):
    department_name: str
    funding_source: str
    indicator: str | None
    rules: dict[str, Any]
    rules_text: list[RuleLineOut]
    reference_prices: dict[str, Number]
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
    budget: Number | None = None
    rules: dict[str, Any] | None = None
    reference_prices: dict[str, Number] | None = Field(
        None, description="型号指导价（元）：型号 → 价格，整体替换；{} 或 null 清空"
    )


def _programme_detail_out(p: Programme, user) -> dict:
    return _programme_out(p) | {
        "department_name": p.department.name,
        "funding_source": p.funding_source,
        "indicator": p.indicator.code if p.indicator else None,
        "rules": p.rules,
        "rules_text": [{"label": k, "text": v} for k, v in catalogue.describe_rules(p.rules)],
        "reference_prices": {model: Decimal(price) for model, price in (p.reference_prices or {}).items()},
        "can_edit": access.may_edit_programme(user, p),
    }


@router.get(
    "/subsidy/programmes/{code}",
    response={200: ProgrammeDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="补贴项目详情（预算执行、交易期、补贴规则及其中文说明）",
)
def programme_detail(request, code: str):
    return jsonout.response(_programme_detail_out(access.programme_or_404(request.user, code), request.user))


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
    programme = access.programme_or_404(request.user, code)
    access.require_programme_edit(request.user, programme)
    programme, _changed = catalogue.update(programme, body)
    return jsonout.response(_programme_detail_out(programme, request.user))
