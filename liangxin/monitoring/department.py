"""A department's own work on the plan (its "我的任务" page): each task it leads or shares with the status
of the task's targets rolled up and the latest progress it reported, and each indicator it reports —
goal (工作目标) indicators assigned to it included — with its target's current status from the engine."""

from dataclasses import dataclass
from datetime import date

from liangxin.accounts.models import Department
from liangxin.plans import queries
from liangxin.plans.models import Indicator, Plan, Task
from liangxin.reporting import assignments
from liangxin.reporting.models import Narrative, Submission

from .service import TargetRow, cached_plan_status


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    current: TargetRow | None  # the target judged now: this year's, else the next one, else the last
    rows: list[TargetRow]  # every target of the indicator, by year

    @property
    def is_goal(self) -> bool:
        return self.indicator.task_id is None


@dataclass(frozen=True)
class TaskProgress:
    task: Task
    rollup: dict | None  # roll_up of the task's targets (None: the task has no target)
    narrative: Narrative | None  # the latest progress the department reported on it


def current_row(rows: list[TargetRow], year: int) -> TargetRow | None:
    """The target that speaks for the indicator in a given year: that year's, else the nearest later one
    (a final-year goal), else the latest earlier one."""
    if not rows:
        return None
    later = sorted((r for r in rows if r.year >= year), key=lambda r: r.year)
    return later[0] if later else max(rows, key=lambda r: r.year)


def _latest_narratives(plan: Plan, department: Department, submissions) -> dict[int, Narrative]:
    """task id → the department's latest reported progress on it, from its reports the user may read
    (sent ones first; a draft only if nothing was sent), newest period first."""
    found: dict[int, Narrative] = {}
    narratives = (
        Narrative.objects.filter(submission__in=submissions.filter(period__plan=plan, department=department))
        .exclude(progress="")
        .select_related("submission__period")
        .order_by("-submission__period__end")
    )
    drafts = {Submission.Status.DRAFT}
    for narrative in narratives:
        if narrative.submission.status in drafts:
            continue
        found.setdefault(narrative.task_id, narrative)
    return found


def department_progress(
    plan: Plan, department: Department, as_of: date, submissions
) -> tuple[list[TaskProgress], list[IndicatorProgress]]:
    """The department's tasks and the indicators it reports, with their status as of a date. `submissions`
    is the user's scope of reports (reporting.access.submissions_for)."""
    status = cached_plan_status(plan, as_of)
    reported = assignments.indicators_reported_by(plan, department)
    ids = {i.pk for i in reported}
    by_indicator: dict[int, list[TargetRow]] = {}
    for row in status.rows:
        if row.indicator.pk in ids:
            by_indicator.setdefault(row.indicator.pk, []).append(row)
    ordered = sorted(reported, key=lambda i: (i.task_id is not None, i.position))
    indicators = [
        IndicatorProgress(i, current_row(by_indicator.get(i.pk, []), as_of.year), by_indicator.get(i.pk, []))
        for i in ordered
    ]
    narratives = _latest_narratives(plan, department, submissions)
    tasks = [
        TaskProgress(task, status.tasks.get(task.number), narratives.get(task.pk))
        for task in queries.tasks_led_by(plan, department)
    ]
    return tasks, indicators
