from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liangxin.notifications.models import Notification
from liangxin.queue import periodic
from liangxin.queue.tests.test_periodic import due
from liangxin.reporting import assignments, workflow
from liangxin.reporting.tests.test_deadline_reminders import opened
from liangxin.reporting.tests.test_workflow import fill, user

pytestmark = pytest.mark.django_db

AT_1000_IN_TAIAN_ON_5_DECEMBER = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
AT_1000_IN_TAIAN_ON_6_DECEMBER = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def run_at(monkeypatch, instant: datetime):
    """The overdue check as the consumer runs it when its schedule comes, the clock frozen at `instant`."""
    assert "periodic.overdue_check" in due(monkeypatch, instant)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return periodic.run("overdue_check")


def page(login, period) -> str:
    url = reverse("reporting:period", args=[period.plan.code, period.key])
    return login("fgj_coordinator").get(url).content.decode()


def test_the_check_after_the_deadline_records_who_has_not_sent_and_the_period_page_shows_it(
    monkeypatch, login
):
    period = opened(date(2026, 12, 5))
    wjj = assignments.submission_for(period, user("wjj_reporter").department)
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)

    on_the_day = run_at(monkeypatch, AT_1000_IN_TAIAN_ON_5_DECEMBER)
    assert (on_the_day.outcome, on_the_day.message) == ("ok", "没有逾期未报送的部门")
    assert 'data-testid="overdue-check"' not in page(
        login, period
    )  # a check before the deadline says nothing of it

    after = run_at(monkeypatch, AT_1000_IN_TAIAN_ON_6_DECEMBER)
    overdue = [d.short_name for d in workflow.overdue_departments(period, date(2026, 12, 6))]
    assert overdue and wjj.department.short_name not in overdue
    assert (after.outcome, after.message) == (
        "problem",
        f"2026年11月逾期未报送 {len(overdue)} 个部门：{'、'.join(overdue)}",
    )
    assert after.details == {"periods": {str(period.pk): overdue}}
    told = Notification.objects.get(recipient__username="fgj_coordinator", kind="periodic_problem")
    assert told.text == f"逾期未报送检查发现问题：{after.message}" and told.url == "/"
    assert not Notification.objects.filter(
        recipient__username="wjj_reporter", kind="periodic_problem"
    ).exists()
    html = page(login, period)
    assert f"定时检查（2026年12月6日 10:00）：逾期未报送 {len(overdue)} 个部门：{'、'.join(overdue)}" in html


def test_the_period_page_keeps_the_check_from_those_who_do_not_manage_periods(monkeypatch, login):
    period = opened(date(2026, 12, 5))
    run_at(monkeypatch, AT_1000_IN_TAIAN_ON_6_DECEMBER)
    assert 'data-testid="overdue-check"' in page(login, period)
    url = reverse("reporting:period", args=[period.plan.code, period.key])
    assert "定时检查" not in login("wjj_reporter").get(url).content.decode()


def test_a_closed_period_is_not_checked(monkeypatch):
    period = opened(date(2026, 12, 5))
    workflow.close_period(user("fgj_coordinator"), period)
    assert run_at(monkeypatch, AT_1000_IN_TAIAN_ON_6_DECEMBER).message == "没有逾期未报送的部门"
