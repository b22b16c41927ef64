"""A report sent after its deadline, or not sent past it, carries a 逾期 badge wherever it is listed: the
period's board, the periods list (the user's own department's column) and the home page's to-do list."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from liangxin.accounts.models import User
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, workflow

pytestmark = pytest.mark.django_db

PERIODS = "/plans/taishan-2024/periods"


@pytest.fixture
def late_report(monkeypatch):
    """2026-11's reports were due on 5 December; wjj's was sent on the 7th, gxj has sent nothing."""
    from django.utils import timezone

    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    reporter = User.objects.get(username="wjj_reporter")
    submission = assignments.submission_for(period, reporter.department)
    workflow.submit(reporter, submission)
    submission.submitted_at = datetime(2026, 12, 7, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    submission.save(update_fields=["submitted_at"])
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 8))
    return period


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_the_board_badges_a_report_sent_after_the_deadline(login, late_report):
    page = login("fgj_coordinator").get(f"{PERIODS}/2026-11/").content.decode()
    assert "逾期" in _row(page, "区卫生健康局")  # sent, but two days late
    assert "逾期" in _row(page, "区工业和信息化局")  # not sent at all


def test_the_periods_list_shows_the_own_report_with_its_badge(login, late_report):
    page = login("wjj_reporter").get(f"{PERIODS}/").content.decode()
    own = page[page.index('data-testid="own-report"') :]
    assert own.index("已报送") < own.index('data-testid="late"') < own.index("</td>")


def test_the_home_page_badges_the_late_report(login, late_report):
    page = login("wjj_reporter").get("/").content.decode()
    todo = page[page.index('data-testid="todo"') :]
    item = todo[todo.index("2026年11月调度填报") :]
    assert item.index('data-testid="late"') < item.index("</tr>")
