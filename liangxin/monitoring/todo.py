"""Monitoring's part of the home page's to-do list (core.todo), for the leader, who reads rather than
enters: this year's targets that need attention (behind, seriously behind, or on track but heading to miss
at the deadline), with the dashboard to look into them."""

from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.roles import Role
from liangxin.core.todo import Todo, contribute
from liangxin.plans.access import plans_for

from .service import PlanStatus, cached_plan_status

ATTENTION = ("seriously_behind", "behind")


def needing_attention(status: PlanStatus) -> list:
    """The target rows behind their path, or heading to miss it at the deadline."""
    return [r for r in status.rows if r.status.status in ATTENTION or r.status.at_risk]


@contribute("monitoring", "目标进展", order=5)
def monitoring_todos(user) -> list[Todo]:
    if Role.LEADER not in user.role_codes:
        return []
    today = timezone.localdate()
    items = []
    for plan in plans_for(user):
        rows = needing_attention(cached_plan_status(plan, today, today.year))
        names = "、".join(dict.fromkeys(r.indicator.name for r in rows[:6]))
        items.append(
            Todo(
                code="attention",
                label=f"{today.year}年需要关注的目标（滞后或有完不成风险）",
                count=len(rows),
                url=reverse("monitoring:dashboard", args=[plan.code]),
                detail=names + ("等" if len(rows) > 6 else ""),
            )
        )
    return items
