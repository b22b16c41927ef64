from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from liangxin.plans import access, queries


def _plan(request, code):
    return access.plan_or_404(request.user, code)


def _default_plan_or_404(request):
    plan = queries.default_plan(access.plans_for(request.user))
    if plan is None:
        raise Http404("尚未载入工作方案")
    return plan


@login_required
def default_tasks(request):
    return redirect("plans:tasks", code=_default_plan_or_404(request).code)


@login_required
def default_policies(request):
    return redirect("plans:policies", code=_default_plan_or_404(request).code)


@login_required
def my_department(request):
    if request.user.department is None:
        raise Http404("您的账号不属于任何部门")
    plan = _default_plan_or_404(request)
    return redirect("monitoring:department", code=plan.code, department=request.user.department.code)


@login_required
def task_list(request, code):
    plan = _plan(request, code)
    section = request.GET.get("section") or None
    department = request.GET.get("department") or None
    try:
        section_number = int(section) if section else None
    except ValueError:
        section_number = None
    tasks = queries.filter_tasks(queries.tasks_of(plan), section=section_number, department=department)
    context = {
        "plan": plan,
        "tasks": tasks,
        "sections": plan.sections.all(),
        "departments": queries.lead_departments_of(plan),
        "selected_section": section_number,
        "selected_department": department,
    }
    template = "plans/_task_table.html" if request.headers.get("HX-Request") else "plans/task_list.html"
    return render(request, template, context)


@login_required
def task_detail(request, code, number):
    plan = _plan(request, code)
    task = get_object_or_404(queries.tasks_of(plan), number=number)
    return render(request, "plans/task_detail.html", {"plan": plan, "task": task})


@login_required
def policy_list(request, code):
    plan = _plan(request, code)
    policies = plan.policies.prefetch_related("leads__department")
    groups: dict[str, list] = {}
    for policy in policies:
        groups.setdefault(policy.group, []).append(policy)
    return render(request, "plans/policies.html", {"plan": plan, "groups": groups})
