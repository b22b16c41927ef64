"""The coordinator's 调度 message, sent from a period's page: one short Chinese text with the period's
overdue list (department short names only, no personal data) and a link back to the period page, to
every department's channels and to the bell of every reporter. The channels' own machinery queues, rate-
limits and retries each delivery."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import Role
from liangxin.audit import chain
from liangxin.notifications import delivery, inbox
from liangxin.reporting import access
from liangxin.reporting.models import Period
from liangxin.reporting.steps import WorkflowError


@dataclass(frozen=True)
class Dispatched:
    overdue: list[str]  # the short names the message lists
    channels: int  # channel messages queued
    people: int  # bell notifications


def text_of(period: Period, overdue: list[Department]) -> str:
    names = "、".join(d.short_name for d in overdue)
    return (
        f"【调度】{period}的调度数据报送期限（{period.deadline:%Y年%m月%d日}）已过，"
        f"尚有 {len(overdue)} 个部门未报送：{names}。请以上部门尽快报送。"
    )


def period_url(period: Period) -> str:
    return reverse("reporting:period", args=[period.plan.code, period.key])


@transaction.atomic
def send(user: User, period: Period, overdue: list[Department]) -> Dispatched:
    """Send the 调度 message of a period whose deadline has passed with `overdue` departments unsent."""
    period = Period.objects.select_for_update().select_related("plan").get(pk=period.pk)
    access.require_action(user, period, "dispatch")
    if not overdue:
        raise WorkflowError(f"{period}没有逾期未报送的部门，无需发送调度消息")
    departments = list(Department.objects.all())
    reporters = list(inbox.people(Role.REPORTER))
    channels = delivery.channels_for(reporters, departments).count()
    text = text_of(period, overdue)
    told = inbox.notify(reporters, "dispatch", text, period_url(period), obj=period, departments=departments)
    names = [d.short_name for d in overdue]
    chain.record(
        "period.dispatch",
        obj=period,
        after={"overdue": [d.code for d in overdue], "channels": channels, "people": len(told)},
    )
    return Dispatched(names, channels, len(told))
