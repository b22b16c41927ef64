"""The coordinator's 调度 message from the period page and the API: the overdue list by short name with a
link back, to every department's group (the local receiver) and every reporter's bell; audited; refused
to anyone but the coordinator and when nobody is overdue."""

import json
from datetime import date

import pytest
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.audit.models import AuditEntry
from liangxin.notifications import channel_setup
from liangxin.notifications.models import Notification
from liangxin.notifications.tests.receiver import serving
from liangxin.notifications.tests.test_channels import KEY
from liangxin.plans.models import Plan
from liangxin.reporting import dispatch, workflow
from liangxin.reporting.steps import WorkflowError

pytestmark = pytest.mark.django_db

PAGE = "/plans/taishan-2024/periods/2026-11/"
API = "/api/v1/plans/taishan-2024/periods/2026-11/dispatch"


@pytest.fixture
def receiver():
    server, receiver = serving()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def period(monkeypatch):
    opened = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 6))
    return opened


@pytest.fixture
def groups(receiver):
    """A 企业微信 group of two departments, one of them (卫健局) overdue, the other (发改局) not owing."""
    for code in ("wjj", "fgj"):
        channel_setup.add(None, Department.objects.get(code=code), "wecom", receiver.base, KEY)
    return receiver


def test_the_message_names_the_overdue_departments_by_short_name_and_links_back(period):
    overdue = workflow.overdue_departments(period)
    text = dispatch.text_of(period, overdue)
    assert text.startswith("【调度】2026年11月的调度数据报送期限（2026年12月05日）已过")
    assert f"尚有 {len(overdue)} 个部门未报送：" in text and "卫健局" in text
    assert dispatch.period_url(period) == PAGE


def test_coordinator_sends_it_from_the_page_to_every_group_and_reporter(
    login, period, groups, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://lx.taishan.gov.cn"
    client = login("fgj_coordinator")
    page = client.get(PAGE).content.decode()
    assert 'data-action="dispatch"' in page and "发送调度消息" in page and "confirm(" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{PAGE}dispatch/", follow=True).content.decode()
    reporters = User.objects.filter(role_assignments__role="reporter", is_active=True).distinct().count()
    assert f"2 个通知渠道、{reporters} 位填报人员的站内通知" in done
    assert len(groups.requests) == 2
    content = groups.requests[0].body["markdown"]["content"]
    assert "调度消息" in content and "卫健局" in content and f"(https://lx.taishan.gov.cn{PAGE})" in content
    note = Notification.objects.get(recipient__username="wjj_reporter", kind="dispatch")
    assert note.url == PAGE and "卫健局" in note.text
    entry = AuditEntry.objects.filter(action="period.dispatch").get()
    assert entry.after["channels"] == 2 and "wjj" in entry.after["overdue"]


def test_only_the_coordinator_may_send_it(login, period, groups):
    for name in ("wjj_reporter", "leader"):
        client = login(name)
        assert 'data-action="dispatch"' not in client.get(PAGE).content.decode()
        assert client.post(f"{PAGE}dispatch/").status_code == 403
    assert groups.requests == [] and not Notification.objects.filter(kind="dispatch").exists()
    with pytest.raises(Exception, match="只有统筹协调角色"):
        dispatch.send(User.objects.get(username="wjj_reporter"), period, workflow.overdue_departments(period))


def test_nothing_is_sent_when_nobody_is_overdue(period):
    coordinator = User.objects.get(username="fgj_coordinator")
    with pytest.raises(WorkflowError, match="没有逾期未报送的部门"):
        dispatch.send(coordinator, period, [])
    assert not AuditEntry.objects.filter(action="period.dispatch").exists()


def test_the_api_sends_it_and_refuses_others(
    client, api_token, period, groups, django_capture_on_commit_callbacks
):
    coordinator, reporter = api_token("fgj_coordinator"), api_token("wjj_reporter")
    client.logout()
    assert client.post(API, **reporter).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, **coordinator)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert "卫健局" in body["overdue"] and body["channels"] == 2 and body["people"] >= 1
    assert len(groups.requests) == 2
