"""Totals of the reserve: equipment investment by field and year, granted money by channel, projects by
stage and by street/town."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from liangxin.projects.codes import FIELDS, STAGES
from liangxin.projects.models import Funding


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
