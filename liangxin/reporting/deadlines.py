"""Reminders of a period's deadline sent by the queue each day, without a coordinator's click: to the
departments that owe the period's submission and have not sent it, settings.REMIND_DAYS_BEFORE days
before the deadline, on the day, and settings.REMIND_DAYS_AFTER days after it. Each of these reminders
reaches a department once, however many consumers run the task or how often."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.audit import chain
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
