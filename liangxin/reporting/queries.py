"""Read-side helpers for the reporting pages and API."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.plans import sources
from liangxin.plans.models import Indicator, Task
from liangxin.reporting import assignments
from liangxin.reporting.models import Period, ReportedValue, Submission


@dataclass(frozen=True)
class ComputedFigure:
    """A computed indicator's figure for a period (plans/sources.py): shown, never typed."""

    source: str  # the source's label: 在有效期内的荣誉数
    value: Decimal
    records: list[sources.RecordRef]
    records_url: str


RECORDS_SHOWN = 20


def computed_figure(indicator: Indicator, period: Period) -> ComputedFigure | None:
    found = sources.declared(indicator)
    if found is None:
        return None
    return ComputedFigure(
        source=found[0].label,
        value=sources.computed(indicator, period.end),
        records=sources.records(indicator, period.end, RECORDS_SHOWN),
        records_url=sources.records_url(indicator, period.end),
    )


@dataclass
class FormRow:
    indicator: Indicator
    value: object  # what is shown in the input: the typed text, the saved value or the stage
    reference: object
    note: str
    last_accepted: object
    targets: list
    computed: ComputedFigure | None = None  # a computed indicator: shown read-only, not an input


@dataclass
class NarrativeRow:
    task: Task
    progress: str
    problems: str
    next_steps: str


def last_accepted_values(period: Period, indicator_ids) -> dict[int, ReportedValue]:
    rows = ReportedValue.objects.filter(
        indicator_id__in=indicator_ids,
        submission__status=Submission.Status.ACCEPTED,
        submission__period__plan=period.plan,
        submission__period__end__lt=period.end,
    ).order_by("submission__period__end")
    return {rv.indicator_id: rv for rv in rows}


def form_rows(submission: Submission, typed: dict | None = None) -> tuple[list[FormRow], list[NarrativeRow]]:
    period, department = submission.period, submission.department
    indicators = assignments.indicators_reported_by(period.plan, department)
    saved = {rv.indicator_id: rv for rv in submission.values.all()}
    last = last_accepted_values(period, [i.pk for i in indicators])
    typed = typed or {}
    rows = []
    for ind in indicators:
        rv = saved.get(ind.pk)
        shown = rv.stage if rv and ind.kind == "milestone" else (rv.value if rv else None)
        prior = last.get(ind.pk)
        figure = computed_figure(ind, period)
        if figure is not None:
            rows.append(FormRow(ind, figure.value, None, "", None, list(ind.targets.all()), figure))
            continue
        rows.append(
            FormRow(
                indicator=ind,
                value=typed.get(f"value-{ind.code}", shown),
                reference=typed.get(f"reference-{ind.code}", rv.reference if rv else None),
                note=typed.get(f"note-{ind.code}", rv.note if rv else ""),
                last_accepted=(prior.stage or prior.value) if prior else None,
                targets=list(ind.targets.all()),
            )
        )
    narratives = {n.task_id: n for n in submission.narratives.all()}
    texts = []
    for task in assignments.tasks_narrated_by(period.plan, department):
        n = narratives.get(task.pk)
        texts.append(
            NarrativeRow(
                task=task,
                **{
                    f: typed.get(f"{f}-{task.number}", getattr(n, f) if n else "")
                    for f in ("progress", "problems", "next_steps")
                },
            )
        )
    return rows, texts


UNSENT = frozenset({Submission.Status.DRAFT, Submission.Status.RETURNED})


def is_late(period: Period, submission: Submission | None, today: date | None = None) -> bool:
    """Whether a department's report for the period is late (逾期): sent after the deadline (the day it was
    last sent, in the district's time zone), or not sent (none, a draft, returned) once the deadline has
    passed. The same rule as `workflow.overdue_departments` for the unsent ones."""
    today = today or timezone.localdate()
    if submission is None or submission.status in UNSENT or submission.submitted_at is None:
        return today > period.deadline
    return timezone.localtime(submission.submitted_at).date() > period.deadline


@dataclass
class DepartmentProgress:
    department: Department
    submission: Submission | None
    overdue: bool  # owes the report and has not sent it by the deadline
    late: bool  # overdue, or sent after the deadline: the 逾期 badge


def period_board(
    period: Period, overdue_ids: set[int], today: date | None = None
) -> list[DepartmentProgress]:
    submissions = {s.department_id: s for s in period.submissions.all()}
    return [
        DepartmentProgress(
            d, submissions.get(d.pk), d.pk in overdue_ids, is_late(period, submissions.get(d.pk), today)
        )
        for d in assignments.responsible_departments(period.plan)
    ]


@dataclass
class OwnReport:
    period: Period
    submission: Submission | None
    late: bool


def own_reports(periods: list[Period], department: Department | None, submissions) -> list[OwnReport] | None:
    """A department's report for each of a plan's periods, with the 逾期 flag, for the periods list; None
    for a user without a department or one that owes the plan no report. `submissions` is the user's
    scope (access.submissions_for)."""
    if department is None or not periods:
        return None
    if department not in assignments.responsible_departments(periods[0].plan):
        return None
    found = {s.period_id: s for s in submissions.filter(period__in=periods, department=department)}
    return [OwnReport(p, found.get(p.pk), is_late(p, found.get(p.pk))) for p in periods]
