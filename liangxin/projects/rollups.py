"""Totals of the reserve: equipment investment by field and year (planned, and completed against the
2023 baseline), granted money by channel, projects by stage and by street/town."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from liangxin.plans.fields import FIELDS
from liangxin.projects import progress
from liangxin.projects.baselines import BASELINE_YEAR
from liangxin.projects.codes import STAGES
from liangxin.projects.models import EquipmentBaseline, Funding, ProjectProgress


def by_field_and_year(projects) -> tuple[list[int], list[tuple[str, list[Decimal], Decimal]]]:
    """Equipment investment (万元) of the projects not 退出, by field and by year of planned start."""
    rows = (
        projects.exclude(stage="exited")
        .annotate(year=ExtractYear("start"))
        .values("field", "year")
        .annotate(total=Sum("equipment_investment"))
    )
    table: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        table[row["field"]][row["year"]] = row["total"]
    years = sorted({y for found in table.values() for y in found})
    lines = []
    for field in FIELDS:
        if field.code in table:
            values = [table[field.code].get(y, Decimal(0)) for y in years]
            lines.append((field.label, values, sum(values, Decimal(0))))
    return years, lines


def by_channel(projects) -> list[tuple[str, Decimal, Decimal]]:
    rows = (
        Funding.objects.filter(project__in=projects)
        .values("channel__name", "channel__position", "kind")
        .annotate(total=Sum("amount"))
        .order_by("channel__position")
    )
    found: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        found.setdefault(row["channel__name"], {})[row["kind"]] = row["total"]
    return [(name, v.get("request", Decimal(0)), v.get("grant", Decimal(0))) for name, v in found.items()]


def by_stage(projects) -> list[tuple[str, int, Decimal]]:
    rows = {
        r["stage"]: r
        for r in projects.values("stage").annotate(n=Count("id"), total=Sum("equipment_investment"))
    }
    ordered = sorted(STAGES, key=lambda s: s.order or 99)
    return [(s.label, rows[s.code]["n"], rows[s.code]["total"]) for s in ordered if s.code in rows]


def by_town(projects) -> list[tuple[str, int, Decimal]]:
    rows = (
        projects.exclude(stage="exited")
        .values("town__short_name")
        .annotate(n=Count("id"), total=Sum("equipment_investment"))
        .order_by("-total")
    )
    return [(r["town__short_name"] or "（未填）", r["n"], r["total"]) for r in rows]


@dataclass(frozen=True)
class AgainstBaseline:
    label: str
    baseline: Decimal | None  # the field's 2023 figure, None until the coordinator enters it
    completed: list[Decimal]  # equipment investment completed in each year, from accepted progress
    growth: Decimal | None  # the last year against the baseline, per cent (one decimal)


def growth(value: Decimal, baseline: Decimal | None) -> Decimal | None:
    if not baseline:
        return None
    return ((value - baseline) / baseline * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def equipment_against_baseline(projects) -> tuple[list[int], list[AgainstBaseline], AgainstBaseline]:
    """Equipment investment completed by field and year (accepted monthly progress) against each field's
    2023 baseline, with the growth of the latest year; and the same for the goal's seven fields together."""
    reported = ProjectProgress.objects.filter(project__in=projects, submission__status="accepted")
    years = sorted(
        {end.year for end in reported.values_list("submission__period__end", flat=True).distinct()}
    )
    fields = dict(projects.values_list("pk", "field"))
    done: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for year in years:
        for pk, (_, equipment) in progress.completed_in(
            projects.values("pk"), year, date(year, 12, 31)
        ).items():
            done[fields[pk]][year] += equipment
    baselines = dict(EquipmentBaseline.objects.filter(year=BASELINE_YEAR).values_list("field", "amount"))
    lines = []
    for field in FIELDS:
        if field.code in done or field.code in baselines:
            values = [done[field.code][y] for y in years]
            last = values[-1] if values else Decimal(0)
            lines.append(
                AgainstBaseline(
                    field.label, baselines.get(field.code), values, growth(last, baselines.get(field.code))
                )
            )
    goal = [f.code for f in FIELDS if f.in_goal]
    goal_values = [sum((done[c][y] for c in goal), Decimal(0)) for y in years]
    goal_base = sum((baselines[c] for c in goal if c in baselines), Decimal(0)) or None
    total = AgainstBaseline(
        "目标涉及的七个领域",
        goal_base,
        goal_values,
        growth(goal_values[-1] if years else Decimal(0), goal_base),
    )
    return years, lines, total
