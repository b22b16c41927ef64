from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.accounts.roles import ADMINISTRATOR_ROLES
from liangxin.core.todo import todos_for
from liangxin.plans import access as plans_access
from liangxin.plans import queries
from liangxin.reporting import workflow


def _greeting() -> str:
    hour = timezone.localtime().hour
    if 5 <= hour < 11:
        return "早上好"
    if 11 <= hour < 13:
        return "中午好"
    return "下午好" if 13 <= hour < 18 else "晚上好"


def _overview_context(request, plan):
    user = request.user
    own_tasks = queries.tasks_led_by(plan, user.department) if user.department_id else []
    overdue = workflow.overdue_periods_of(user.department, plan) if user.department_id else []
    return {
        "plan": plan,
        "overdue_periods": overdue,
        "own_tasks": own_tasks,
        "goals": queries.goals_of(plan),
        "section_counts": queries.counts_by_section(plan),
    }


@login_required
def plan_overview(request, code):
    """A plan's front page: its goals and sections, with the user's own tasks and overdue reports."""
    plan = plans_access.plan_or_404(request.user, code)
    return render(request, "web/overview.html", _overview_context(request, plan))


@login_required
def home(request):
    """Every role's home page starts with its own work (the to-do list each app contributes, core.todo);
    those who read the plan then see its overview."""
    context = {"greeting": _greeting(), "todos": todos_for(request.user)}
    if scope.has_perm(request.user, "plan.view"):
        plan = queries.default_plan(plans_access.plans_for(request.user))
        if plan is not None:
            return render(request, "web/overview.html", _overview_context(request, plan) | context)
    context["is_administrator"] = bool(request.user.role_codes & ADMINISTRATOR_ROLES)
    return render(request, "web/home.html", context)


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure is "down"
        return JsonResponse(
            {"status": "error", "database": {"ok": False, "error": type(exc).__name__}}, status=503
        )
    return JsonResponse({"status": "ok", "database": {"ok": True, "vendor": connection.vendor}})
