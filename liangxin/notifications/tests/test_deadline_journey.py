"""A deadline passes: the periodic reminder appears in the reporter's bell and in the department's 企业微信
group (the local receiver), and the reporter follows the notification to the submission form."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.notifications import channel_setup
from liangxin.notifications.tests.receiver import serving
from liangxin.notifications.tests.test_channels import KEY
from liangxin.plans.models import Plan
from liangxin.queue import periodic
from liangxin.reporting import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    server, receiver = serving()
    yield receiver
    server.shutdown()
    server.server_close()


def test_an_overdue_period_reaches_the_bell_and_the_group_and_leads_to_the_form(
    login, receiver, settings, django_capture_on_commit_callbacks
):
    settings.REMIND_DAYS_AFTER = {1}
    settings.SITE_URL = "https://lx.taishan.gov.cn"
    coordinator = User.objects.get(username="fgj_coordinator")
    yesterday = timezone.localdate() - timedelta(days=1)
    period = workflow.open_period(coordinator, Plan.objects.get(code="taishan-2024"), "2026-11", yesterday)
    channel_setup.add(None, Department.objects.get(code="wjj"), "wecom", receiver.base, KEY)
    with django_capture_on_commit_callbacks(execute=True):
        assert periodic.run("deadline_reminders").outcome == "ok"
    form = f"/plans/taishan-2024/periods/{period.key}/submissions/wjj/"
    [message] = receiver.requests  # wjj's group once, however many of wjj are told
    assert message.query == {"key": KEY}
    assert "2026年11月的调度数据已逾期 1 天" in message.body["markdown"]["content"]
    assert f"(https://lx.taishan.gov.cn{form})" in message.body["markdown"]["content"]
    client = login("wjj_reporter")
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()
    listed = client.get("/notifications/", {"state": "unread"}).content.decode()
    assert "报送期限提醒" in listed and "已逾期 1 天" in listed
    note_id = int(re.search(r'action="/notifications/(\d+)/open/"', listed).group(1))
    followed = client.post(f"/notifications/{note_id}/open/", follow=True)
    assert followed.redirect_chain[-1][0] == form and followed.status_code == 200
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
