"""The dashboard's figures, computed once per request and shared by the page, its tables and its Excel
export: overall completion, status by area, the department ranking, and indicator trends."""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils import timezone

from liangxin.core.display import target_words, value_unit
from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting.assignments import responsible_departments
from liangxin.reporting.models import Period, ReportedValue, Submission, SubmissionVersion

from . import computed
from .growth import year_share
from .rollup import roll_up
from .service import PlanStatus, cached_plan_status, spec_for
from .status import evaluate
from .status_codes import STATUSES, group_counts
from .targets import Observation


def timeliness(plan: Plan, as_of: date) -> dict[int, tuple[int, int]]:
    """department id → (periods reported by the deadline, periods due) for periods due by as_of.

    A report counts once it has been submitted and not returned; its time is that of its first
    submission, so resubmitting after a return does not turn an on-time report into a late one."""
    due = list(Period.objects.filter(plan=plan, deadline__lt=as_of).values_list("pk", "deadline"))
    deadlines = dict(due)
    first_submit = dict(
        SubmissionVersion.objects.filter(submission__period_id__in=deadlines, action="submit")
        .values("submission_id")
        .annotate(at=Min("at"))
        .values_list("submission_id", "at")
    )
    on_time: dict[int, int] = defaultdict(int)
    sent = (
        Submission.objects.filter(period_id__in=deadlines, submitted_at__isnull=False)
        .exclude(status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED])
        .values_list("pk", "department_id", "period_id", "submitted_at")
    )
    for pk, department_id, period_id, submitted_at in sent:
        if timezone.localtime(first_submit.get(pk, submitted_at)).date() <= deadlines[period_id]:
            on_time[department_id] += 1
    return {d.pk: (on_time[d.pk], len(due)) for d in responsible_departments(plan)}


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dashboard_data(plan: Plan, as_of: date, year: int | None) -> dict:
    result: PlanStatus = cached_plan_status(plan, as_of, year)
    sections = list(plan.sections.all())
    counts = result.plan["counts"]
    groups = group_counts(counts)
    total = result.plan["total"]
    timely = timeliness(plan, as_of)
    departments = {d.pk: d for d in responsible_departments(plan)}
    ranking = []
    for pk, dept in departments.items():
        rolled = result.departments.get(pk)
        by_group = group_counts(rolled["counts"] if rolled else {})
        on_time, due = timely.get(pk, (0, 0))
        ranking.append(
            {
                "code": dept.code,
                "name": dept.short_name,
                "full_name": dept.name,
                "targets": rolled["total"] if rolled else 0,
                "progress": rolled["percent"] if rolled else None,
                "done": by_group["done"],
                "lagging": by_group["lagging"],
                "on_time": on_time,
                "due": due,
                "on_time_rate": _percent(on_time, due),
            }
        )
    ranking.sort(
        key=lambda r: (r["progress"] is None, -(r["progress"] or 0), -(r["on_time_rate"] or 0), r["code"])
    )
    by_section = []
    for section in sections:
        rolled = result.sections.get(section.number) or roll_up([])
        by_section.append(
            {
                "number": section.number,
                "title": section.title,
                "counts": rolled["counts"],
                "total": rolled["total"],
                "progress": rolled["percent"],
            }
        )
    goals = result.goals
    by_section.insert(
        0,
        {
            "number": 0,
            "title": "工作目标",
            "counts": goals["counts"],
            "total": goals["total"],
            "progress": goals["percent"],
        },
    )
    return {
        "as_of": as_of,
        "year": year,
        "status": result,
        "summary": {
            "total": total,
            **groups,
            "at_risk": result.plan["at_risk"],
            "progress": result.plan["percent"],
            "done_rate": _percent(groups["done"], total),
        },
        "status_counts": [
            {"status": code, "label": STATUSES[code].label, "colour": STATUSES[code].colour, "count": n}
            for code, n in counts.items()
        ],
        "sections": by_section,
        "ranking": ranking,
    }


def _goal_line(
    indicator: Indicator, value: Decimal, year: int, observed: list[Observation]
) -> Decimal | None:
    """The target in the reported figure's own terms, where the chart draws its line: the value itself,
    or for a growth target the full-year total it asks for (the baseline year's total, from the plan or
    from the baseline figure a department reported alongside, grown by the target %). None when that
    total is not known."""
    if indicator.kind != "growth":
        return value
    base = indicator.baseline_value if indicator.baseline_value is not None else sources.baseline(indicator)
    if base is None:
        with_reference = [o for o in observed if o.reference is not None and o.reference > 0]
        if not with_reference:
            return None
        last = with_reference[-1]
        base = last.reference / year_share(last.period_end)
    return (base * (1 + value / 100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def trend(plan: Plan, indicator: Indicator, as_of: date) -> dict:
    """Accepted values by period, and for each numeric target the engine's expected value at the same
    dates (so the chart's path is exactly what the status compares against)."""
    rows = (
        ReportedValue.objects.filter(
            indicator=indicator,
            submission__status=Submission.Status.ACCEPTED,
            submission__period__end__lte=as_of,
        )
        .order_by("submission__period__end")
        .values_list("submission__period__end", "value", "stage", "reference")
    )
    observed = [
        Observation(period_end=end, value=value, stage=stage or None, reference=reference)
        for end, value, stage, reference in rows
    ]
    figured = sources.is_computed(indicator)
    if figured:
        observed = computed.observed(indicator, computed.period_ends(plan, as_of))
    paths = []
    for target in indicator.targets.all():
        if target.value is None or indicator.kind in ("milestone", "relative"):
            continue
        spec = spec_for(indicator, target, plan)
        growth = indicator.kind == "growth"
        yearly = indicator.accumulation == "annual" and not growth
        points = []
        for index, ob in enumerate(observed):
            if yearly and ob.period_end.year != target.year:
                continue
            if ob.period_end > spec.deadline:
                break
            expected = evaluate(spec, observed[: index + 1], ob.period_end).expected
            points.append({"date": ob.period_end, "expected": expected})
        paths.append(
            {
                "year": target.year,
                "target": target.value,
                "goal": _goal_line(indicator, target.value, target.year, observed),
                "words": target_words(target.value, target.note, indicator),
                "points": [p for p in points if p["expected"] is not None],
            }
        )
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": value_unit(indicator),
        "actual": [
            {"date": o.period_end, "value": o.value, "stage": o.stage, "reference": o.reference}
            | ({"url": sources.records_url(indicator, o.period_end)} if figured else {})
            for o in observed
        ],
        "paths": paths,
    }


SCREEN_ROWS = 8  # targets listed for an area on the large screen: what fits at 1920×1080 in large type


def screen_data(data: dict, area: int | None) -> dict:
    """The large screen's one page: the whole plan (area None) or one area (0 is the plan's 工作目标),
    with its headline figures and, for an area, its targets needing attention first."""
    sections = {s["number"]: s for s in data["sections"]}
    areas = [{"number": s["number"], "title": s["title"]} for s in data["sections"] if s["total"]]
    chosen = sections.get(area) if area is not None else None
    if chosen is None or not chosen["total"]:
        counts, total = data["status"].plan["counts"], data["summary"]["total"]
        progress, at_risk, rows = data["summary"]["progress"], data["summary"]["at_risk"], []
        area = None
    else:
        rows = [
            r
            for r in data["status"].rows
            if (r.indicator.task.section.number if r.indicator.task else 0) == area
        ]
        counts, total, progress = chosen["counts"], chosen["total"], chosen["progress"]
        at_risk = sum(1 for r in rows if r.status.at_risk)
        rows.sort(key=lambda r: (-STATUSES[r.status.status].severity, not r.status.at_risk, r.year))
    groups = group_counts(counts)
    numbers = [a["number"] for a in areas]
    following = [None, *numbers]
    position = following.index(area) if area in following else 0
    return {
        "area": area,
        "title": chosen["title"] if area is not None else "全部领域",
        "areas": areas,
        "next": following[(position + 1) % len(following)],
        "total": total,
        "groups": groups,
        "at_risk": at_risk,
        "progress": progress,
        "done_rate": _percent(groups["done"], total),
        "status_counts": [
            {"status": code, "label": STATUSES[code].label, "colour": STATUSES[code].colour, "count": n}
            for code, n in counts.items()
        ],
        "rows": rows[:SCREEN_ROWS],
        "more": max(len(rows) - SCREEN_ROWS, 0),
    }
