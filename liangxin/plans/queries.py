"""Read-side functions over the plan, shared by pages and API. Callers pass a queryset already cut by
accounts.scope, so these never widen what a user may see."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from liangxin.accounts.models import Department
from liangxin.plans.models import Indicator, Plan, PlanDepartment, Section, Target, Task, TaskLead

_INDICATORS = Prefetch(
    "indicators",
    queryset=Indicator.objects.prefetch_related(Prefetch("targets", queryset=Target.objects.all())),
)
_LEADS = Prefetch("leads", queryset=TaskLead.objects.select_related("department"))


def default_plan(plans: QuerySet[Plan]) -> Plan | None:
    if settings.LIANGXIN_DEFAULT_PLAN:
        chosen = plans.filter(code=settings.LIANGXIN_DEFAULT_PLAN).first()
        if chosen is not None:
            return chosen
    return plans.first()


def tasks_of(plan: Plan) -> QuerySet[Task]:
    return plan.tasks.select_related("section").prefetch_related(_LEADS, _INDICATORS).order_by("position")


def filter_tasks(tasks: QuerySet[Task], *, section: int | None = None, department: str | None = None):
    if section is not None:
        tasks = tasks.filter(section__number=section)
    if department:
        tasks = tasks.filter(leads__department__code=department)
    return tasks.distinct()


def tasks_led_by(plan: Plan, department: Department) -> QuerySet[Task]:
    return filter_tasks(tasks_of(plan), department=department.code)


def goals_of(plan: Plan) -> QuerySet[Indicator]:
    return plan.indicators.filter(task__isnull=True).prefetch_related("targets")


@dataclass(frozen=True)
class SectionCount:
    section: Section
    tasks: int
    indicators: int
    targets: int


def counts_by_section(plan: Plan) -> list[SectionCount]:
    tasks = Counter(plan.tasks.values_list("section_id", flat=True))
    indicators = Counter(
        plan.indicators.filter(task__isnull=False).values_list("task__section_id", flat=True)
    )
    targets = Counter(
        Target.objects.filter(indicator__plan=plan, indicator__task__isnull=False).values_list(
            "indicator__task__section_id", flat=True
        )
    )
    return [SectionCount(s, tasks[s.pk], indicators[s.pk], targets[s.pk]) for s in plan.sections.all()]


def lead_departments_of(plan: Plan) -> list[Department]:
    """Departments that lead at least one task, in the plan's own order, for filters."""
    leading = TaskLead.objects.filter(task__plan=plan).values("department_id")
    return [
        pd.department
        for pd in PlanDepartment.objects.filter(plan=plan, department_id__in=leading).select_related(
            "department"
        )
    ]
