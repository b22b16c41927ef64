from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from liangxin.accounts.models import Department
from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut
from liangxin.monitoring import access, bulletin
from liangxin.monitoring.service import PlanStatus, cached, plan_status
from liangxin.plans import access as plans_access

router = Router(tags=["监测调度"])


class RollUpOut(Schema):
    total: int
    counts: dict[str, int]
    worst: str | None
    percent: float | None
    at_risk: int


class TargetStatusOut(Schema):
    indicator: str
    name: str
    year: int
    target: float | None
    actual: float | None
    expected: float | None
    projection: float | None
    percent: float | None
    status: str
    label: str
    reason: str
    at_risk: bool
    records_url: str | None  # a computed indicator: the list of the records behind `actual`


class StatusOut(Schema):
    as_of: date
    year: int | None
    targets: list[TargetStatusOut]
    tasks: list[dict]
    departments: list[dict]
    sections: list[dict]
    goals: RollUpOut
    plan: RollUpOut


def status_document(result: PlanStatus, plan, year) -> dict:
    departments = Department.objects.in_bulk(list(result.departments))
    sections = {s.number: s.title for s in plan.sections.all()}
    return {
        "as_of": result.as_of,
        "year": year,
        "targets": [
            {
                "indicator": row.indicator.code,
                "name": row.indicator.name,
                "year": row.year,
                "target": row.target,
                "actual": row.status.actual,
                "expected": row.status.expected,
                "projection": row.status.projection,
                "percent": row.status.percent,
                "status": row.status.status,
                "label": row.status.label,
                "reason": row.status.reason,
                "at_risk": row.status.at_risk,
                "records_url": row.records_url,
            }
            for row in result.rows
        ],
        "tasks": [{"number": n} | r for n, r in result.tasks.items()],
        "departments": [
            {"code": departments[pk].code, "name": departments[pk].name} | r
            for pk, r in result.departments.items()
        ],
        "sections": [{"number": n, "title": sections[n]} | r for n, r in result.sections.items()],
        "goals": result.goals,
        "plan": result.plan,
    }


@router.get("/plans/{code}/status", response=StatusOut, summary="各项目标截至某日的完成状态及汇总")
def status(request, code: str, as_of: date | None = None, year: int | None = None):
    plan = plans_access.plan_or_404(request.user, code)
    as_of = as_of or timezone.localdate()
    body = cached(
        "status-json",
        plan,
        as_of,
        year,
        lambda: jsonout.dumps(status_document(plan_status(plan, as_of, year), plan, year)),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


# --- the 调度通报 as files ---------------------------------------------------------------------------


def _file_responses(fmt: str, what: str) -> dict:
    """OpenAPI for a file download: the file on 200, the usual error body on 404."""
    error = {"application/json": {"schema": ErrorOut.model_json_schema()}}
    return {
        "responses": {
            200: {
                "description": what,
                "content": {bulletin.FORMATS[fmt]: {"schema": {"type": "string", "format": "binary"}}},
            },
            404: {"description": "方案或期次不存在，或不在您的数据范围内", "content": error},
        }
    }


def _report_file(request, code: str, period: str, fmt: str):
    return bulletin.download(access.bulletin_period_or_404(request.user, code, period), fmt)


@router.get(
    "/plans/{code}/periods/{period}/report.docx",
    summary="某期调度通报（Word）",
    openapi_extra=_file_responses("docx", "调度通报 .docx 文件"),
)
def report_docx(request, code: str, period: str):
    return _report_file(request, code, period, "docx")


@router.get(
    "/plans/{code}/periods/{period}/report.xlsx",
    summary="某期调度数据（Excel）",
    openapi_extra=_file_responses("xlsx", "调度数据 .xlsx 文件：目标完成情况、分领域、填报数值、报送情况"),
)
def report_xlsx(request, code: str, period: str):
    return _report_file(request, code, period, "xlsx")
