"""Who may see plans: every role that works on the plan (accounts' `plan.view`)."""

from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.scope import require
from liangxin.plans.models import Plan


def plans_for(user: User):
    require(user, "plan.view")
    return Plan.objects.all()


def plan_or_404(user: User, code: str) -> Plan:
    return get_object_or_404(plans_for(user), code=code)
