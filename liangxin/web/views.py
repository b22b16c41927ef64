from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.accounts.roles import ADMINISTRATOR_ROLES
from liangxin.plans import queries
from liangxin.plans.views import overview_context


def _greeting() -> str:
    hour = timezone.localtime().hour
    if 5 <= hour < 11:
        return "早上好"
    if 11 <= hour < 13:
        return "中午好"
    return "下午好" if 13 <= hour < 18 else "晚上好"


@login_required
def home(request):
    if scope.has_perm(request.user, "plan.view"):
        plan = queries.default_plan(scope.plans_for(request.user))
        if plan is not None:
            context = overview_context(request, plan) | {"greeting": _greeting()}
            return render(request, "plans/overview.html", context)
    is_administrator = bool(request.user.role_codes & ADMINISTRATOR_ROLES)
    return render(
        request, "web/home_admin.html", {"greeting": _greeting(), "is_administrator": is_administrator}
    )


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
