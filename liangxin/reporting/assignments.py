"""Who reports what: each indicator has one reporting department (the plan file's
`reporting_department`, else the first department its task names); every department that leads or
shares a task writes that task's narrative, in its one submission per period."""

from liangxin.accounts.models import Department
from liangxin.plans.models import Indicator, Plan, Task, TaskLead
from liangxin.reporting.models import Period, Submission


def reporting_department_id(indicator: Indicator, first_lead: dict[int, int]) -> int | None:
    if indicator.reporting_department_id:
        return indicator.reporting_department_id
    return first_lead.get(indicator.task_id)


def _first_leads(plan: Plan) -> dict[int, int]:
    first: dict[int, int] = {}
    for lead in TaskLead.objects.filter(task__plan=plan).order_by("task_id", "position"):
        first.setdefault(lead.task_id, lead.department_id)
    return first


def indicator_owners(plan: Plan) -> dict[int, int | None]:
    """indicator id → reporting department id, for the whole plan in two queries."""
    first = _first_leads(plan)
    return {i.pk: reporting_department_id(i, first) for i in plan.indicators.all()}


def indicators_reported_by(plan: Plan, department: Department) -> list[Indicator]:
    owners = indicator_owners(plan)
    ids = [pk for pk, owner in owners.items() if owner == department.pk]
    return list(plan.indicators.filter(pk__in=ids).select_related("task").prefetch_related("targets"))


def tasks_narrated_by(plan: Plan, department: Department) -> list[Task]:
    return list(plan.tasks.filter(leads__department=department).order_by("position").distinct())


def responsible_departments(plan: Plan) -> list[Department]:
    """Departments that owe a submission each period, in the plan's own order."""
    owing = set(TaskLead.objects.filter(task__plan=plan).values_list("department_id", flat=True))
    owing |= {owner for owner in indicator_owners(plan).values() if owner}
    ordered = plan.plandepartment_set.select_related("department").order_by("position")
    return [pd.department for pd in ordered if pd.department_id in owing]


def submission_for(period: Period, department: Department) -> Submission | None:
    """The department's submission for the period, created empty the first time it is asked for; None
    for a department that owes this plan no report (nothing is created for it)."""
    existing = Submission.objects.filter(period=period, department=department).first()
    if existing is not None:
        return existing
    if department not in responsible_departments(period.plan):
        return None
    submission, _ = Submission.objects.get_or_create(period=period, department=department)
    return submission
