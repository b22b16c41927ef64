from datetime import date

import pytest
from django.utils import timezone

from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.queue import periodic
from liangxin.reporting import assignments, deadlines, workflow
from liangxin.reporting.models import Period, Reminder
from liangxin.reporting.tests.test_workflow import fill, user

pytestmark = pytest.mark.django_db


def opened(deadline: date) -> Period:
    plan = Plan.objects.get(code="taishan-2024")
    return workflow.open_period(user("fgj_coordinator"), plan, "2026-11", deadline)


@pytest.fixture
def period():
    return opened(date(2026, 12, 5))


def test_reminders_go_before_on_and_after_the_deadline_to_those_who_have_not_sent(period, settings):
    settings.REMIND_DAYS_BEFORE, settings.REMIND_DAYS_AFTER = {3}, {1, 3}
    wjj = assignments.submission_for(period, user("wjj_reporter").department)
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    assert deadlines.send(today=date(2026, 12, 1)) == 0  # four days before: nothing
    owing = len(deadlines.unsent(period))
    assert owing > 0 and deadlines.send(today=date(2026, 12, 2)) == owing
    sent = Reminder.objects.filter(period=period)
    assert "wjj" not in {r.department.code for r in sent} and "gxj" in {r.department.code for r in sent}
    assert sent.first().message == "2026年11月的调度数据将于 2026年12月05日 截止报送，还有 3 天，请按时报送。"
    assert sent.first().sent_by is None
    assert deadlines.send(today=date(2026, 12, 2)) == 0  # once, however often it runs
    assert deadlines.message(period, date(2026, 12, 5)).startswith("今天（2026年12月05日）是2026年11月")
    assert deadlines.message(period, date(2026, 12, 6)) == (
        "2026年11月的调度数据已逾期 1 天（报送期限 2026年12月05日），请尽快报送。"
    )
    assert deadlines.message(period, date(2026, 12, 7)) is None
    Period.objects.filter(pk=period.pk).update(status=Period.Status.CLOSED)
    assert deadlines.send(today=date(2026, 12, 5)) == 0  # a closed period is not reminded of


def test_the_periodic_task_records_what_it_sent_and_the_trail_names_it():
    period = opened(timezone.localdate())  # due today
    run = periodic.run("deadline_reminders")
    assert run.outcome == "ok" and run.message == f"已发送 {len(deadlines.unsent(period))} 条报送提醒"
    entry = AuditEntry.objects.filter(action="period.remind").latest("seq")
    assert (entry.actor_name, entry.via, entry.after["automatic"]) == (
        "定时任务：报送期限提醒",
        "queue",
        True,
    )
    assert periodic.run("deadline_reminders").message == "今天没有需要发送的报送提醒"
