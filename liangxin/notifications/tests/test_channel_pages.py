"""Channels on the web and over the API: only the administrator and the coordinator configure a
department's, each person their own and nobody another's; the secret is never shown in clear, a fault names its field, and the delivery log shows
what was sent and why a message failed."""

import pytest
from django.core import mail

from liangxin.accounts.models import Department, User
from liangxin.notifications import channel_setup, delivery, inbox
from liangxin.notifications.models import Channel, Delivery
from liangxin.notifications.tests.test_channels import KEY

pytestmark = pytest.mark.django_db


def test_the_coordinator_adds_a_channel_on_the_web_and_the_secret_stays_masked(login):
    client = login("fgj_coordinator")
    form = {"department": "wjj", "kind": "wecom", "url": "https://qyapi.weixin.qq.com", "secret": KEY}
    response = client.post("/notifications/channels/", form)
    channel = Channel.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notifications/channels/{channel.pk}/"
    listed = client.get("/notifications/channels/", {"department": "wjj"}).content.decode()
    assert "企业微信群机器人" in listed and "693****aaa" in listed and KEY not in listed
    other = client.get("/notifications/channels/", {"department": "gxj"}).content.decode()
    assert "693****aaa" not in other and "还没有通知渠道" in other
    wrong = client.post("/notifications/channels/", form | {"kind": "dingtalk"})
    assert wrong.status_code == 422 and "钉钉自定义机器人的密钥应逐行给出" in wrong.content.decode()
    assert login("wjj_reporter").get("/notifications/channels/").status_code == 403


def test_the_channel_page_tests_switches_and_logs(login, django_capture_on_commit_callbacks):
    channel = channel_setup.add(
        None, Department.objects.get(code="wjj"), "email", "mailto:wjj@taishan.gov.cn"
    )
    client = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/notifications/channels/{channel.pk}/test/")
    assert len(mail.outbox) == 1
    page = client.get(f"/notifications/channels/{channel.pk}/").content.decode()
    assert "这是一条测试消息" in page and "已发送" in page
    client.post(f"/notifications/channels/{channel.pk}/enable/", {"enabled": "0"})
    channel.refresh_from_db()
    assert not channel.enabled


def test_the_api_adds_lists_tests_and_logs(client, api_token, django_capture_on_commit_callbacks):
    auth = api_token("fgj_coordinator")
    body = {"department": "wjj", "kind": "email", "url": "mailto:wjj@taishan.gov.cn"}
    created = client.post("/api/v1/notifications/channels", body, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["kind_label"] == "电子邮件"
    channel_id = created.json()["id"]
    listed = client.get("/api/v1/notifications/channels", {"department": "wjj"}, **auth).json()
    assert listed["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"/api/v1/notifications/channels/{channel_id}/test", **auth)
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    log = client.get("/api/v1/notifications/deliveries", {"channel": channel_id}, **auth).json()
    assert log["items"][0]["status_label"] == "已发送"
    off = client.post(
        f"/api/v1/notifications/channels/{channel_id}/enabled",
        {"enabled": False},
        content_type="application/json",
        **auth,
    )
    assert off.json()["enabled"] is False
    bad = client.post(
        "/api/v1/notifications/channels", body | {"url": "nobody"}, content_type="application/json", **auth
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    reporter = api_token("wjj_reporter")
    assert client.get("/api/v1/notifications/channels", **reporter).status_code == 403


def test_a_failed_delivery_shows_why(login, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    channel = channel_setup.add(None, Department.objects.get(code="wjj"), "wecom", "http://127.0.0.1:9", KEY)
    delivery.attempt(channel_setup.send_test(None, channel).pk)
    assert Delivery.objects.get().status == "failed"
    page = login("fgj_coordinator").get(f"/notifications/channels/{channel.pk}/").content.decode()
    assert "发送失败" in page and "无法连接" in page


def test_a_person_adds_their_own_channel_and_only_they_see_it(login, django_capture_on_commit_callbacks):
    reporter = login("wjj_reporter")
    assert "我的通知渠道" in reporter.get("/notifications/").content.decode()
    response = reporter.post(
        "/notifications/my-channels/", {"kind": "email", "url": "mailto:zhang@taishan.gov.cn"}
    )
    channel = Channel.objects.get()
    assert (
        response.status_code == 302 and channel.user.username == "wjj_reporter" and channel.department is None
    )
    page = reporter.get(f"/notifications/channels/{channel.pk}/").content.decode()
    assert "我的电子邮件" in page and "← 我的通知渠道" in page
    assert "zhang@taishan.gov.cn" in reporter.get("/notifications/my-channels/").content.decode()
    wrong = reporter.post("/notifications/my-channels/", {"kind": "email", "url": "zhang"})
    assert wrong.status_code == 422 and "地址应为 mailto:邮箱地址" in wrong.content.decode()

    coordinator = login("fgj_coordinator")
    assert "zhang@taishan.gov.cn" not in coordinator.get("/notifications/channels/").content.decode()
    assert coordinator.get(f"/notifications/channels/{channel.pk}/").status_code == 404
    assert coordinator.post(f"/notifications/channels/{channel.pk}/test/").status_code == 404
    assert login("gxj_reporter").post(f"/notifications/channels/{channel.pk}/enable/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        inbox.notify([User.objects.get(username="wjj_reporter")], "deadline", "期限将至", "/")
        inbox.notify([User.objects.get(username="gxj_reporter")], "deadline", "期限将至", "/")
    assert [m.to for m in mail.outbox] == [["zhang@taishan.gov.cn"]]


def test_the_api_keeps_a_persons_own_channels(client, api_token, django_capture_on_commit_callbacks):
    auth = api_token("enterprise")
    body = {"kind": "email", "url": "mailto:caiwu@example.com"}
    created = client.post("/api/v1/notifications/my-channels", body, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["department"] is None
    channel_id = created.json()["id"]
    assert client.get("/api/v1/notifications/my-channels", **auth).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/notifications/channels/{channel_id}/test", **auth).status_code == 202
    log = client.get("/api/v1/notifications/deliveries", {"channel": channel_id}, **auth).json()
    assert log["items"][0]["status_label"] == "已发送"
    assert client.get("/api/v1/notifications/deliveries", **auth).status_code == 403
    coordinator = api_token("fgj_coordinator")
    assert client.get("/api/v1/notifications/my-channels", **coordinator).json()["count"] == 0
    listed = client.get("/api/v1/notifications/channels", **coordinator).json()
    assert channel_id not in [c["id"] for c in listed["items"]]
