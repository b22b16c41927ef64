from datetime import date

from django.http import HttpResponse
from ninja import Router, Schema

from liangxin.core.errors import NotFound
from liangxin.core.schemas import ErrorOut, Page, page
from liangxin.plans import access, planfile
from liangxin.plans.loader import export_plan

router = Router(tags=["工作方案"])


class PlanSummary(Schema):
    code: str
    title: str
    document_number: str
    issuer: str
    issued_on: date
    start_year: int
    end_year: int


@router.get("/plans", response=Page[PlanSummary], summary="工作方案列表")
def plans(request, limit: int = 100, offset: int = 0):
    return page(access.plans_for(request.user), limit, offset)


@router.get(
    "/plans/{code}",
    response={200: planfile.PlanFile, 404: ErrorOut},
    summary="一个工作方案的全部内容（与 liangxin plan export --format json 相同）",
)
def plan_detail(request, code: str):
    plan = access.plans_for(request.user).filter(code=code).first()
    if plan is None:
        raise NotFound(f"方案 {code} 不存在")
    body = planfile.dump(export_plan(plan).canonical(), "json")
    return HttpResponse(body, content_type="application/json; charset=utf-8")
