"""From the database to the status engine: every target of a plan as of a date, with roll-ups to task,
department, section and plan. A fixed handful of queries whatever the plan's size (its indicators with
their targets, its task leads, its periods and its accepted values); the rest is the pure engine in
status.py. bench/status.py times it on a province-sized instance."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery

from liangxin.core.display import target_words
from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan, RecordsVersion, TaskLead
from liangxin.reporting.assignments import reporting_department_id
from liangxin.reporting.models import Period, ReportedValue, Submission

from . import computed
from .rollup import roll_up
from .status import evaluate_all
from .targets import Observation, TargetSpec, TargetStatus


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    year: int
    target: object
    note: str
    status: TargetStatus

    @property
    def records_url(self) -> str | None:
        """A computed indicator's list of the records behind the figure the status is based on."""
        if self.status.period_end is None or not sources.is_computed(self.indicator):
            return None
        return sources.records_url(self.indicator, self.status.period_end)

    @property
    def words(self) -> str:
        """The target as the plan writes it, with its unit: ≥60 个, 较2023年增长≥15%, 大幅提升."""
        return target_words(self.target, self.note, self.indicator)


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
    """Accepted values up to as_of, oldest first, per indicator; a computed indicator's figure for each
    period instead (computed.py), standing as an accepted value would."""
    # The period's end comes from a dict of the plan's few periods rather than with every value: a
    # date column costs a conversion per row, and there are (indicators × periods) rows.
    ends = dict(Period.objects.filter(plan=plan, end__lte=as_of).values_list("pk", "end"))
    rows = (
        ReportedValue.objects.filter(
            submission__period__plan=plan,
            submission__status=Submission.Status.ACCEPTED,
            submission__period__end__lte=as_of,
        )
        .order_by("submission__period__end")
        .values_list("indicator_id", "submission__period_id", "value", "stage", "reference")
    )
    found: dict[int, list[Observation]] = defaultdict(list)
    for indicator_id, period_id, value, stage, reference in rows:
        found[indicator_id].append(
            Observation(
                period_end=_period_end(ends, period_id), value=value, stage=stage or None, reference=reference
            )
        )
    found.update(computed.computed_observations(plan, as_of))
    return found


def _period_end(ends: dict[int, date], period_id: int) -> date:
    if (end := ends.get(period_id)) is None:  # a period that came in between the two queries
        end = ends[period_id] = Period.objects.values_list("end", flat=True).get(pk=period_id)
    return end


def _owners(plan: Plan, indicators: list[Indicator]) -> dict[int, int | None]:
    """indicator id → reporting department id, as assignments.indicator_owners, for indicators already
    loaded: one query for the first lead of each task."""
    first_lead: dict[int, int] = {}
    leads = TaskLead.objects.filter(task__plan=plan).order_by("task_id", "position")
    for task_id, department_id in leads.values_list("task_id", "department_id"):
        first_lead.setdefault(task_id, department_id)
    return {i.pk: reporting_department_id(i, first_lead) for i in indicators}


def spec_for(indicator: Indicator, target, plan: Plan) -> TargetSpec:
    return TargetSpec(
        kind=indicator.kind,
        accumulation=indicator.accumulation,
        comparison=indicator.comparison,
        year=target.year,
        value=target.value,
        plan_start=date(plan.start_year, 1, 1),
        tolerance=indicator.tolerance,
        baseline_value=indicator.baseline_value
        if indicator.baseline_value is not None
        else sources.baseline(indicator),
        unit=indicator.unit,
        baseline_year=indicator.baseline_year,
        note=target.note,
        milestones=tuple(
            (other.year, other.value)
            for other in indicator.targets.all()
            if other.year < target.year and other.value is not None
        ),
    )


def plan_status(plan: Plan, as_of: date, year: int | None = None) -> PlanStatus:
    indicators = list(plan.indicators.select_related("task__section").prefetch_related("targets"))
    seen = observations(plan, as_of)
    owners = _owners(plan, indicators)
    rows = []
    for indicator in indicators:
        targets = [t for t in indicator.targets.all() if year is None or t.year == year]
        specs = [spec_for(indicator, target, plan) for target in targets]
        statuses = evaluate_all(specs, seen.get(indicator.pk, []), as_of)
        for target, status in zip(targets, statuses, strict=True):
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


STATUS_CACHE_SECONDS = 3600


def data_version(plan: Plan) -> str:
    """Everything a plan's status depends on changes one of these: the plan file (updated_at), the set of
    accepted reports (accepted values are never edited; a report only becomes accepted), the periods (one
    more observation of each computed indicator) or the records computed indicators count
    (plans.sources.records_version). One query: it runs on every cached page."""
    accepted = Submission.objects.filter(period__plan=OuterRef("pk"), status=Submission.Status.ACCEPTED)
    periods = Period.objects.filter(plan=OuterRef("pk"))
    found = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            n_accepted=_per_plan(accepted, "period__plan", Count("pk")),
            last_accepted=_per_plan(accepted, "period__plan", Max("accepted_at")),
            n_periods=_per_plan(periods, "plan", Count("pk")),
            last_end=_per_plan(periods, "plan", Max("end")),
            records=Subquery(RecordsVersion.objects.filter(pk=1).values("version")),
        )
        .values("n_accepted", "last_accepted", "n_periods", "last_end", "records")
        .get()
    )
    last = found["last_accepted"].isoformat() if found["last_accepted"] else "-"
    figures = f"{found['n_periods'] or 0}|{found['last_end']}|{found['records'] or 0}"
    return f"{plan.updated_at.isoformat()}|{found['n_accepted'] or 0}|{last}|{figures}"


def _per_plan(rows, plan_field: str, aggregate) -> Subquery:
    return Subquery(rows.order_by().values(plan_field).annotate(x=aggregate).values("x"))


def cached(kind: str, plan: Plan, as_of: date, year: int | None, compute):
    """compute() once per plan, date, year and data version; leaders opening the dashboard between two
    acceptances all get the same answer without recomputing it."""
    key = f"liangxin:{kind}:{plan.pk}:{as_of.isoformat()}:{year}:{data_version(plan)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=STATUS_CACHE_SECONDS)
    return found


def cached_plan_status(plan: Plan, as_of: date, year: int | None = None) -> PlanStatus:
    return cached("status", plan, as_of, year, lambda: plan_status(plan, as_of, year))
