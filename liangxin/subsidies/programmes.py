"""Programmes as data: a YAML file validated with its paths (like a plan file), loaded in one
transaction, each create or change an audit entry."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from liangxin.accounts.models import Department
from liangxin.audit import chain
from liangxin.plans.planfile import PlanFileInvalid, PlanProblem, describe_error, error_path, read_file
from liangxin.subsidies import rules
from liangxin.subsidies.models import Programme

DEMO_FILE = Path(__file__).resolve().parent / "data" / "programmes-demo.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Window(_Strict):
    start: date
    end: date


class ProgrammeEntry(_Strict):
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    department: str
    kind: Literal["appliance", "car_scrap", "car_replace", "equipment", "farm_machinery"]
    applicant: Literal["individual", "enterprise"]
    funding_source: Annotated[str, Field(min_length=1, max_length=200)]
    year: Annotated[int, Field(ge=2000, le=2100)]
    window: Window
    open_until: date
    budget: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
    indicator: str | None = None
    rules: dict


class ProgrammeFile(_Strict):
    programmes: list[ProgrammeEntry]


def validate(data) -> ProgrammeFile:
    try:
        parsed = ProgrammeFile.model_validate(data)
    except ValidationError as exc:
        raise PlanFileInvalid(
            [PlanProblem(error_path(e["loc"]), describe_error(e)) for e in exc.errors(include_url=False)]
        ) from exc
    problems = []
    for i, entry in enumerate(parsed.programmes):
        where = f"programmes[{i}]"
        if not Department.objects.filter(code=entry.department).exists():
            problems.append(PlanProblem(f"{where}.department", f"部门代码 {entry.department} 不存在"))
        if entry.window.end < entry.window.start:
            problems.append(PlanProblem(f"{where}.window.end", "交易截止日早于开始日"))
        if entry.open_until < entry.window.start:
            problems.append(PlanProblem(f"{where}.open_until", "受理截止日早于交易开始日"))
        try:
            rules.from_data(entry.rules)
        except (rules.RuleError, KeyError, TypeError, ValueError, ArithmeticError) as exc:
            problems.append(PlanProblem(f"{where}.rules", f"补贴规则有误：{exc}"))
        existing = Programme.objects.filter(code=entry.code).first()
        if existing is not None and entry.budget < existing.committed:
            problems.append(
                PlanProblem(f"{where}.budget", f"预算 {entry.budget} 元低于已承诺的 {existing.committed} 元")
            )
    if problems:
        raise PlanFileInvalid(problems)
    return parsed


def _snapshot(p: Programme) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department.code,
        "budget": str(p.budget),
        "window": [p.window_start.isoformat(), p.window_end.isoformat()],
        "open_until": p.open_until.isoformat(),
        "rules": p.rules,
        "indicator": p.indicator.code if p.indicator else None,
    }


@transaction.atomic
def load_programmes(parsed: ProgrammeFile, plan=None) -> list[Programme]:
    loaded = []
    for entry in parsed.programmes:
        existing = Programme.objects.filter(code=entry.code).first()
        before = _snapshot(existing) if existing else None
        indicator = plan.indicators.filter(code=entry.indicator).first() if plan and entry.indicator else None
        programme, created = Programme.objects.update_or_create(
            code=entry.code,
            defaults={
                "name": entry.name,
                "department": Department.objects.get(code=entry.department),
                "kind": entry.kind,
                "applicant": entry.applicant,
                "funding_source": entry.funding_source,
                "year": entry.year,
                "window_start": entry.window.start,
                "window_end": entry.window.end,
                "open_until": entry.open_until,
                "budget": entry.budget,
                "rules": entry.rules,
                "indicator": indicator,
            },
        )
        after = _snapshot(programme)
        if after != before:
            chain.record(
                "programme.create" if created else "programme.update",
                obj=programme,
                before=before,
                after=after,
            )
        loaded.append(programme)
    return loaded


def load_file(path, plan=None) -> list[Programme]:
    return load_programmes(validate(read_file(path)), plan)
