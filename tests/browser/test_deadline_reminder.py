"""A period's deadline passes: the day's reminder reaches the bell of the department's reporter and the
department's 企业微信 group (a local receiver on 127.0.0.1), and the reporter follows the notification to
the submission form."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver():
    from liangxin.notifications.tests.receiver import serving

    server, receiver = serving()
    yield receiver
    server.shutdown()
    server.server_close()


def test_a_passed_deadline_reaches_the_bell_and_the_group_and_leads_to_the_form(
    page: Page, log_in, screenshot, receiver, settings, live_server, demo
):
    from django.utils import timezone

    from liangxin.accounts.models import Department, User
    from liangxin.notifications import channel_setup
    from liangxin.notifications.tests.test_channels import KEY
    from liangxin.plans.models import Plan
    from liangxin.reporting import deadlines, workflow

    settings.REMIND_DAYS_AFTER = {1}
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    coordinator = User.objects.get(username="fgj_coordinator")
    period = workflow.open_period(
        coordinator, Plan.objects.get(code="taishan-2024"), "2026-11", today - timedelta(days=1)
    )
    channel_setup.add(None, Department.objects.get(code="wjj"), "wecom", receiver.base, KEY)

    # the periodic task's work for today; the queue runs immediately in tests, after the commit
    assert deadlines.send(today=today) >= 1

    form = f"/plans/taishan-2024/periods/{period.key}/submissions/wjj/"
    [message] = receiver.requests
    assert message.query == {"key": KEY} and message.body["msgtype"] == "markdown"
    content = message.body["markdown"]["content"]
    assert "报送期限提醒" in content and "已逾期 1 天" in content
    assert f"({live_server.url}{form})" in content

    log_in("wjj_reporter")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("bell").click()
    note = page.get_by_test_id("notification").filter(has_text="已逾期 1 天")
    expect(note).to_contain_text("报送期限提醒")
    screenshot(page, "deadline_reminder_bell")
    note.get_by_role("button", name="查看").click()
    expect(page).to_have_url(f"{live_server.url}{form}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("区卫生健康局")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
