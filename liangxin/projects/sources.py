"""The plan's figures the reserve computes (plans.sources, issue 12 §4):

- `projects.started`: projects whose move to 开工 took effect in the window (optionally of one 建设性质
  and one field), not counting a project that had exited by the window's end. Annual windows count the
  year; cumulative windows start at the plan's start, so they count every start since then; a level
  window (no start) counts every start on or before its end.
- `projects.equipment_investment`: equipment investment completed within the year of the window's end up
  to that day, from accepted monthly progress, in the given fields (a list, or "goal": the seven fields
  of the plan's goal); its baseline is the coordinator's 2023 (or other year's) table.

Plain functions of (params, window); `register_all` hands them to plans.sources.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from liangxin.plans import sources as plan_sources
from liangxin.plans.fields import FIELDS
from liangxin.projects import progress
from liangxin.projects.codes import CONSTRUCTION_KINDS
from liangxin.projects.models import EquipmentBaseline, Project, StageChange
from liangxin.projects.queries import fields_of


def _fields(params: dict) -> list[str]:
    given = params.get("fields", "goal")
    codes = fields_of(given) if isinstance(given, str) else list(given)
    unknown = [c for c in codes if c not in FIELDS]
    if unknown or not codes:
        raise ValueError(f"领域“{'、'.join(unknown) or '（空）'}”不在项目领域之中")
    return codes


def _starts(params: dict, window):
    starts = StageChange.objects.filter(
        to_stage="started", status=StageChange.Status.DONE, on__lte=window.end
    )
    if window.start is not None:
        starts = starts.filter(on__gte=window.start)
    exited = StageChange.objects.filter(
        to_stage="exited", status=StageChange.Status.DONE, on__lte=window.end
    ).values("project_id")
    starts = starts.exclude(project_id__in=exited)
    if params.get("construction"):
        starts = starts.filter(project__construction=params["construction"])
    if params.get("field"):
        starts = starts.filter(project__field=params["field"])
    return starts


def started_value(params: dict, window) -> Decimal:
    return Decimal(_starts(params, window).values("project_id").distinct().count())


def started_records(params: dict, window, limit: int) -> list[tuple[str, str]]:
    """(label, url) of the projects behind the count, latest start first."""
    rows = _starts(params, window).select_related("project").order_by("-on", "-id")[:limit]
    return [
        (f"{row.project.name} · 开工 {row.on:%Y-%m-%d}", reverse("projects:detail", args=[row.project_id]))
        for row in rows
    ]


def started_url(params: dict, window) -> str:
    first = window.start.year if window.start else 2000
    years = str(window.end.year) if first == window.end.year else f"{first}-{window.end.year}"
    query = {"started": years}
    for key in ("construction", "field"):
        if params.get(key):
            query[key] = params[key]
    return f"{reverse('projects:list')}?{urlencode(query)}"


def _in_fields(params: dict):
    return Project.objects.filter(field__in=_fields(params))


def equipment_value(params: dict, window) -> Decimal:
    done = progress.completed_in(_in_fields(params).values("pk"), window.end.year, window.end)
    return sum((equipment for _, equipment in done.values()), Decimal(0))


def equipment_records(params: dict, window, limit: int) -> list[tuple[str, str]]:
    done = progress.completed_in(_in_fields(params).values("pk"), window.end.year, window.end)
    biggest = sorted(done.items(), key=lambda item: -item[1][1])[:limit]
    names = Project.objects.in_bulk([pk for pk, _ in biggest])
    return [
        (
            f"{names[pk].name} · {window.end.year}年设备投资 {equipment.normalize():f} 万元",
            reverse("projects:detail", args=[pk]),
        )
        for pk, (_, equipment) in biggest
    ]


def equipment_url(params: dict, window) -> str:
    given = params.get("fields", "goal")
    field = given if isinstance(given, str) else ",".join(given)
    return f"{reverse('projects:list')}?{urlencode({'field': field, 'progress': window.end.year})}"


def equipment_baseline(params: dict, year: int) -> Decimal | None:
    rows = EquipmentBaseline.objects.filter(field__in=_fields(params), year=year)
    return rows.aggregate(total=Sum("amount"))["total"]


def register_all() -> None:
    """Register both sources with plans.sources (issue 12 §4)."""

    def refs(records):
        return lambda params, window, limit: [
            plan_sources.RecordRef(label=label, url=url) for label, url in records(params, window, limit)
        ]

    plan_sources.register(
        plan_sources.Source(
            code="projects.started",
            label="开工的项目数",
            params=(
                plan_sources.Param(
                    "construction",
                    "建设性质",
                    required=False,
                    choices=lambda: {k.code: k.label for k in CONSTRUCTION_KINDS},
                ),
                plan_sources.Param(
                    "field", "领域", required=False, choices=lambda: {f.code: f.label for f in FIELDS}
                ),
            ),
            value=started_value,
            records=refs(started_records),
            records_url=started_url,
            models=("projects.Project", "projects.StageChange"),
        )
    )
    plan_sources.register(
        plan_sources.Source(
            code="projects.equipment_investment",
            label="项目完成设备投资（万元）",
            params=(plan_sources.Param("fields", "领域（列表，或 goal：目标涉及的七个领域）"),),
            value=equipment_value,
            records=refs(equipment_records),
            records_url=equipment_url,
            models=(
                "projects.Project",
                "projects.ProjectProgress",
                "projects.EquipmentBaseline",
                "reporting.Submission",  # progress counts once its submission is accepted
            ),
            baseline=equipment_baseline,
        )
    )
