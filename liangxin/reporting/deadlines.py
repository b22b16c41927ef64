"""Reminders of a period's deadline sent by the queue each day, without a coordinator's click: to the
departments that owe the period's submission and have not sent it, settings.REMIND_DAYS_BEFORE days
before the deadline, on the day, and settings.REMIND_DAYS_AFTER days after it. Each of these reminders
reaches a department once, however many consumers run the task or how often. And, each day, the list of
the departments overdue in each open period, recorded for the coordinator (the period page shows it)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.audit import chain
from liangxin.queue.models import PeriodicRun
from liangxin.reporting import notices
from liangxin.reporting.models import Period, Reminder
from liangxin.reporting.workflow import overdue_departments


def message(period: Period, today: date) -> str | None:
    """The reminder a period calls for today, or None."""
    deadline = f"{period.deadline:%Y年%m月%d日}"
    days = (period.deadline - today).days
    if days == 0:
        return f"今天（{deadline}）是{period}调度数据的报送期限，请今天内报送。"
    if days in settings.REMIND_DAYS_BEFORE:
        return f"{period}的调度数据将于 {deadline} 截止报送，还有 {days} 天，请按时报送。"
    if -days in settings.REMIND_DAYS_AFTER:
        return f"{period}的调度数据已逾期 {-days} 天（报送期限 {deadline}），请尽快报送。"
    return None


def unsent(period: Period) -> list[Department]:
    """Departments owing the period's submission that have not sent it (as judged after its deadline)."""
    return overdue_departments(period, today=period.deadline + timedelta(days=1))


@transaction.atomic
def send(today: date | None = None) -> int:
    """Today's reminders for every open period; the number sent."""
    today = today or timezone.localdate()
    sent = 0
    for period in Period.objects.filter(status=Period.Status.OPEN).select_related("plan"):
        text = message(period, today)
        if text is None:
            continue
        already = set(period.reminders.filter(message=text).values_list("department_id", flat=True))
        departments = [d for d in unsent(period) if d.pk not in already]
        for department in departments:
            Reminder.objects.create(department=department, period=period, message=text)
            notices.reminded(period, department, text)
        if departments:
            chain.record(
                "period.remind",
                obj=period,
                after={"departments": [d.code for d in departments], "automatic": True},
            )
        sent += len(departments)
    return sent


def overdue_lists(today: date | None = None) -> dict[Period, list[Department]]:
    """The open periods past their deadline with departments that have not sent, and those departments:
    the home page's 逾期未报送的部门, for every period at once."""
    today = today or timezone.localdate()
    lists = {}
    for period in Period.objects.filter(status=Period.Status.OPEN, deadline__lt=today).select_related("plan"):
        overdue = overdue_departments(period, today)
        if overdue:
            lists[period] = overdue
    return lists


def overdue_finding(lists: dict[Period, list[Department]]) -> tuple[str, dict]:
    """The overdue check's message and, per period (by id), the names of its overdue departments."""
    if not lists:
        return "没有逾期未报送的部门", {"periods": {}}
    text = "；".join(
        f"{period}逾期未报送 {len(departments)} 个部门：{'、'.join(d.short_name for d in departments)}"
        for period, departments in lists.items()
    )
    names = {str(period.pk): [d.short_name for d in departments] for period, departments in lists.items()}
    return text, {"periods": names}


@dataclass(frozen=True)
class OverdueCheck:
    """The last overdue check after a period's deadline: when it ran and whom it found overdue."""

    checked_at: datetime
    departments: list[str]


def last_overdue_check(runs, period: Period) -> OverdueCheck | None:
    """The last completed overdue check among `runs` (the periodic runs the user may see) since the day
    after the period's deadline, or None."""
    run = (
        runs.filter(name="overdue_check", outcome__in=[PeriodicRun.Outcome.OK, PeriodicRun.Outcome.PROBLEM])
        .filter(started_at__date__gt=period.deadline)
        .first()
    )
    if run is None:
        return None
    return OverdueCheck(run.finished_at, run.details.get("periods", {}).get(str(period.pk), []))
