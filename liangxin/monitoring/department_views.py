"""A department's page (我的任务 for its own staff): its tasks and indicators with their status. It lives in
monitoring rather than plans because it shows the status engine's verdicts and the reported progress."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.monitoring.department import department_progress
from liangxin.plans import access as plans_access
from liangxin.reporting.access import submissions_for


@login_required
def department_page(request, code, department):
    plan = plans_access.plan_or_404(request.user, code)
    dept = get_object_or_404(scope.departments_for(request.user), code=department)
    as_of = timezone.localdate()
    tasks, indicators = department_progress(plan, dept, as_of, submissions_for(request.user))
    return render(
        request,
        "monitoring/department.html",
        {
            "plan": plan,
            "department": dept,
            "as_of": as_of,
            "tasks": tasks,
            "indicators": indicators,
            "goals": [i for i in indicators if i.is_goal],
            "sole": sum(1 for t in tasks if t.task.responsibility == "sole"),
        },
    )
