"""From the database to the status engine: every target of a plan as of a date, with roll-ups to task,
department, section and plan. Two queries for the plan's targets and its accepted values; the rest is
the pure engine in status.py."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from liangxin.plans.models import Indicator, Plan
from liangxin.reporting.assignments import indicator_owners
from liangxin.reporting.models import ReportedValue, Submission

from .status import Observation, TargetSpec, TargetStatus, evaluate, roll_up


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    year: int
    target: object
    note: str
    status: TargetStatus


@dataclass
class PlanStatus:
    as_of: date
    rows: list[TargetRow]
    tasks: dict[int, dict]  # task number → roll-up
    departments: dict[int, dict]  # department id → roll-up
    sections: dict[int, dict]  # section number → roll-up
    goals: dict
    plan: dict


def observations(plan: Plan, as_of: date) -> dict[int, list[Observation]]:
    """Accepted values up to as_of, oldest first, per indicator."""
    rows = (
        ReportedValue.objects.filter(
            submission__period__plan=plan,
            submission__status=Submission.Status.ACCEPTED,
            submission__period__end__lte=as_of,
        )
        .order_by("submission__period__end")
        .values_list("indicator_id", "submission__period__end", "value", "stage", "reference")
    )
    found: dict[int, list[Observation]] = defaultdict(list)
    for indicator_id, end, value, stage, reference in rows:
        found[indicator_id].append(
            Observation(period_end=end, value=value, stage=stage or None, reference=reference)
        )
    return found


def spec_for(indicator: Indicator, target, plan: Plan) -> TargetSpec:
    return TargetSpec(
        kind=indicator.kind,
        accumulation=indicator.accumulation,
        comparison=indicator.comparison,
        year=target.year,
        value=target.value,
        plan_start=date(plan.start_year, 1, 1),
        tolerance=indicator.tolerance,
        baseline_value=indicator.baseline_value,
        unit=indicator.unit,
        baseline_year=indicator.baseline_year,
    )


def plan_status(plan: Plan, as_of: date, year: int | None = None) -> PlanStatus:
    indicators = list(plan.indicators.select_related("task__section").prefetch_related("targets"))
    seen = observations(plan, as_of)
    owners = indicator_owners(plan)
    rows = []
    for indicator in indicators:
        for target in indicator.targets.all():
            if year is not None and target.year != year:
                continue
            status = evaluate(spec_for(indicator, target, plan), seen.get(indicator.pk, []), as_of)
            rows.append(TargetRow(indicator, target.year, target.value, target.note, status))
    by_task, by_department, by_section, goals = defaultdict(list), defaultdict(list), defaultdict(list), []
    for row in rows:
        task = row.indicator.task
        if task is None:
            goals.append(row.status)
        else:
            by_task[task.number].append(row.status)
            by_section[task.section.number].append(row.status)
        owner = owners.get(row.indicator.pk)
        if owner:
            by_department[owner].append(row.status)
    return PlanStatus(
        as_of=as_of,
        rows=rows,
        tasks={k: roll_up(v) for k, v in sorted(by_task.items())},
        departments={k: roll_up(v) for k, v in by_department.items()},
        sections={k: roll_up(v) for k, v in sorted(by_section.items())},
        goals=roll_up(goals),
        plan=roll_up([r.status for r in rows]),
    )
