"""Reporting's part of the home page's to-do list (core.todo): the reporter's and the department
reviewer's own report for each open period, the reports waiting for the reviewer (审核) and for the
coordinator (采纳), and the departments overdue. Counted through `access.submissions_for`."""

from django.urls import reverse

from liangxin.accounts.scope import has_perm
from liangxin.core.todo import Todo, contribute
from liangxin.plans.access import plans_for
from liangxin.reporting import access, assignments, queries, workflow
from liangxin.reporting.models import Period, Submission

S = Submission.Status


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _form_url(period: Period, department_code: str) -> str:
    return reverse("reporting:submission", args=[period.plan.code, period.key, department_code])


def _period_url(period: Period) -> str:
    return reverse("reporting:period", args=[period.plan.code, period.key])


def _own_reports(user, plan, periods: list[Period]) -> list[Todo]:
    """The user's department's report for each open period: its status, the deadline, the form."""
    department = user.department
    if department is None or department not in assignments.responsible_departments(plan):
        return []
    found = {
        s.period_id: s for s in access.submissions_for(user).filter(period__in=periods, department=department)
    }
    items = []
    for period in periods:
        submission = found.get(period.pk)
        state = submission.get_status_display() if submission else "未开始"
        to_fill = has_perm(user, "submission.fill") and (
            submission is None or submission.status in queries.UNSENT
        )
        items.append(
            Todo(
                code="own_report",
                label=f"{period}调度填报" + ("：请填报并报送" if to_fill else ""),
                url=_form_url(period, department.code),
                detail=f"本部门状态：{state}；报送期限 {_day(period.deadline)}",
                late=queries.is_late(period, submission),
            )
        )
    return items


@contribute("reporting", "调度填报", order=10)
def reporting_todos(user) -> list[Todo]:
    if not has_perm(user, "plan.view"):
        return []
    items: list[Todo] = []
    for plan in plans_for(user):
        periods = list(plan.periods.filter(status=Period.Status.OPEN).order_by("-end"))
        if has_perm(user, "submission.fill") or has_perm(user, "submission.approve"):
            items += _own_reports(user, plan, periods)
        if has_perm(user, "submission.approve"):
            waiting = list(
                access.submissions_for(user)
                .filter(period__plan=plan, status=S.SUBMITTED, department_id=user.department_id)
                .select_related("period__plan", "department")
            )
            items.append(
                Todo(
                    code="to_approve",
                    label="待审核的本部门填报",
                    count=len(waiting),
                    url=_form_url(waiting[0].period, waiting[0].department.code) if waiting else "",
                    detail="、".join(str(s.period) for s in waiting),
                )
            )
        if has_perm(user, "submission.accept"):
            waiting = list(
                access.submissions_for(user)
                .filter(period__plan=plan, status=S.APPROVED)
                .select_related("period__plan", "department")
            )
            items.append(
                Todo(
                    code="to_accept",
                    label="待采纳的填报",
                    count=len(waiting),
                    url=_form_url(waiting[0].period, waiting[0].department.code) if waiting else "",
                    detail="、".join(str(s) for s in waiting[:8]) + ("等" if len(waiting) > 8 else ""),
                )
            )
            for period in periods:
                overdue = workflow.overdue_departments(period)
                if overdue:
                    items.append(
                        Todo(
                            code="overdue_departments",
                            label=f"{period}逾期未报送的部门",
                            count=len(overdue),
                            url=_period_url(period),
                            detail="、".join(d.short_name for d in overdue),
                            late=True,
                        )
                    )
    return items
