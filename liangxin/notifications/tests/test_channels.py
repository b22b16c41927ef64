"""Each channel against a local receiver on 127.0.0.1 that checks the body and the signature; the secret
stored encrypted and shown masked; rate limiting, retry with back-off and the delivery log; notifications
sent on to the recipients' departments' channels, without personal data."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from liangxin.accounts.models import Department, User
from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Invalid
from liangxin.notifications import channel_setup, delivery, inbox
from liangxin.notifications.models import Channel, Delivery
from liangxin.notifications.tests.mail_receiver import smtp_serving
from liangxin.notifications.tests.receiver import serving

pytestmark = pytest.mark.django_db
KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
LATER = datetime.now() + timedelta(days=1)  # noqa: DTZ005 - the queue keeps naive local times (utc off)
TOKEN, SIGNING = "a1b2c3d4e5f6a7b8c9d0", "SEC0123456789abcdef0123456789"


@pytest.fixture
def receiver():
    server, receiver = serving()
    yield receiver
    server.shutdown()
    server.server_close()


def wjj() -> Department:
    return Department.objects.get(code="wjj")


def sent_once(channel: Channel) -> Delivery:
    test = channel_setup.send_test(None, channel)
    delivery.attempt(test.pk)
    test.refresh_from_db()
    return test


def test_wecom_posts_markdown_with_its_key(receiver, settings):
    settings.SITE_URL = "https://lx.taishan.gov.cn"
    channel = channel_setup.add(None, wjj(), "wecom", receiver.base, KEY)
    assert sent_once(channel).status == "sent"
    got = receiver.requests[0]
    assert got.path == "/cgi-bin/webhook/send" and got.query == {"key": KEY}
    assert got.body["msgtype"] == "markdown"
    assert got.body["markdown"]["content"] == (
        "**渠道测试**\n这是一条测试消息：两新平台的通知将发送到这里。\n"
        "[查看详情](https://lx.taishan.gov.cn/notifications/)"
    )


def test_govwecom_speaks_the_wecom_protocol_at_its_own_address(receiver):
    channel = channel_setup.add(None, wjj(), "govwecom", f"{receiver.base}/zwwx", KEY)
    assert sent_once(channel).status == "sent"
    assert receiver.requests[0].path == "/zwwx/cgi-bin/webhook/send"
    assert receiver.requests[0].query == {"key": KEY}


def test_dingtalk_signs_the_timestamp_with_its_secret(receiver):
    channel = channel_setup.add(None, wjj(), "dingtalk", receiver.base, f"{TOKEN}\n{SIGNING}")
    assert sent_once(channel).status == "sent"
    got = receiver.requests[0]
    assert got.path == "/robot/send" and got.query["access_token"] == TOKEN
    stamp = got.query["timestamp"]
    assert abs(int(stamp) - time.time() * 1000) < 60_000
    expected = hmac.new(SIGNING.encode(), f"{stamp}\n{SIGNING}".encode(), hashlib.sha256).digest()
    assert got.query["sign"] == base64.b64encode(expected).decode()  # parse_qsl undid the url-encoding
    assert got.body["msgtype"] == "markdown" and got.body["markdown"]["title"] == "渠道测试"


def test_a_robot_refusal_is_logged_with_why_and_retried_until_the_attempts_run_out(receiver, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    receiver.answers = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"}), (500, {})]
    channel = channel_setup.add(None, wjj(), "wecom", receiver.base, KEY)
    test = channel_setup.send_test(None, channel)
    assert delivery.attempt(test.pk).retry
    test.refresh_from_db()
    assert (test.status, test.attempts, test.error) == ("queued", 1, "服务拒绝：93000 invalid webhook url")
    assert not delivery.attempt(test.pk).retry
    test.refresh_from_db()
    assert (test.status, test.attempts, test.error) == ("failed", 2, "服务返回 HTTP 500")


def test_the_queue_task_retries_a_failure_with_back_off(receiver):
    receiver.answers = [(502, {}), (502, {})]
    test = channel_setup.send_test(None, channel_setup.add(None, wjj(), "wecom", receiver.base, KEY))
    HUEY.flush()
    try:
        delivery.deliver(test.pk)  # the queue runs tasks at once in the tests; a retry is scheduled
        [retry] = HUEY.read_schedule(LATER)
        assert (retry.retries, retry.retry_delay) == (3, 60)  # 30 s, then 60 s, 120 s …
        retry.eta = None  # its time has come
        HUEY.execute(retry)
        [retry] = HUEY.read_schedule(LATER)
        assert (retry.retries, retry.retry_delay) == (2, 120)
        retry.eta = None  # its time has come
        HUEY.execute(retry)
        assert HUEY.read_schedule(LATER) == []
    finally:
        HUEY.flush()
    test.refresh_from_db()
    assert (test.status, test.attempts, len(receiver.requests)) == ("sent", 3, 3)


def test_an_unreachable_service_is_a_failure_with_its_reason():
    channel = channel_setup.add(None, wjj(), "wecom", "http://127.0.0.1:9", KEY)
    test = channel_setup.send_test(None, channel)
    assert delivery.attempt(test.pk).retry
    test.refresh_from_db()
    assert test.error.startswith("无法连接")


def test_a_channel_at_its_rate_limit_waits_without_trying(receiver, settings):
    settings.NOTIFY_RATE_PER_MINUTE = 3
    channel = channel_setup.add(None, wjj(), "wecom", receiver.base, KEY)
    now = timezone.now()
    for seconds in (50, 20, 10):
        Delivery.objects.create(
            channel=channel,
            kind="deadline",
            text="x",
            status="sent",
            sent_at=now - timedelta(seconds=seconds),
        )
    test = channel_setup.send_test(None, channel)
    outcome = delivery.attempt(test.pk)
    assert 9 <= outcome.wait <= 11 and receiver.requests == []
    test.refresh_from_db()
    assert (test.status, test.attempts) == ("queued", 0)
    Delivery.objects.filter(channel=channel, sent_at__lt=now - timedelta(seconds=40)).update(
        sent_at=now - timedelta(minutes=2)
    )
    assert delivery.attempt(test.pk).wait is None and len(receiver.requests) == 1


def aliyun_signed(secret: str, form: dict[str, str]) -> str:
    """The signature 阿里云's documentation prescribes, computed here from its description."""
    enc = lambda v: urllib.parse.quote(v, safe="~")  # noqa: E731
    query = "&".join(f"{enc(k)}={enc(form[k])}" for k in sorted(form) if k != "Signature")
    to_sign = "POST&%2F&" + enc(query)
    return base64.b64encode(hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


def test_sms_is_off_by_default_and_speaks_aliyuns_signed_sendsms_when_on(receiver, settings):
    settings.SITE_URL = "https://lx.taishan.gov.cn"
    secret = "LTAI5tExampleKeyId\nExampleKeySecret0123\n13800138000,13900139000"
    channel = channel_setup.add(None, wjj(), "sms", receiver.base, secret)
    assert channel.secret_masked == "LTA****yId / Exa****123 / 138****8000,139****9000"
    assert "13800138000" not in channel.secret_enc
    off = sent_once(channel)
    assert off.status == "queued" and off.error.startswith("短信渠道未启用") and receiver.requests == []
    settings.NOTIFY_SMS_ENABLED, settings.NOTIFY_SMS_TEMPLATE = True, "SMS_480150001"
    receiver.answers = [(200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"})]
    delivery.attempt(off.pk)
    off.refresh_from_db()
    assert off.status == "sent"
    got = receiver.requests[0]
    form = dict(urllib.parse.parse_qsl(got.raw.decode()))
    assert got.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert (form["Action"], form["Version"], form["SignatureMethod"]) == (
        "SendSms",
        "2017-05-25",
        "HMAC-SHA1",
    )
    assert form["AccessKeyId"] == "LTAI5tExampleKeyId" and form["PhoneNumbers"] == "13800138000,13900139000"
    assert (form["SignName"], form["TemplateCode"]) == ("两新平台", "SMS_480150001")
    assert json.loads(form["TemplateParam"]) == {
        "title": "渠道测试",
        "text": "这是一条测试消息：两新平台的通知将发送到这里。",
        "link": "https://lx.taishan.gov.cn/notifications/",
    }
    assert form["Signature"] == aliyun_signed("ExampleKeySecret0123", form)


def test_an_sms_refusal_names_aliyuns_code(receiver, settings):
    settings.NOTIFY_SMS_ENABLED, settings.NOTIFY_SMS_TEMPLATE, settings.NOTIFY_MAX_ATTEMPTS = True, "SMS_1", 1
    receiver.answers = [(400, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控"})]
    channel = channel_setup.add(
        None, wjj(), "sms", receiver.base, "LTAI5tExampleKeyId\nSecret0123456\n13800138000"
    )
    failed = sent_once(channel)
    assert (failed.status, failed.error) == (
        "failed",
        "服务返回 HTTP 400：isv.BUSINESS_LIMIT_CONTROL 触发分钟级流控",
    )


def test_an_sms_text_is_cut_to_a_template_variables_35_characters(receiver, settings):
    settings.NOTIFY_SMS_ENABLED, settings.NOTIFY_SMS_TEMPLATE = True, "SMS_1"
    receiver.answers = [(200, {"Code": "OK"})] * 2
    channel = channel_setup.add(
        None, wjj(), "sms", receiver.base, "LTAI5tExampleKeyId\nSecret0123456\n13800138000"
    )
    for text in ("短" * 35, "长" * 36):
        delivery.attempt(Delivery.objects.create(channel=channel, kind="deadline", text=text, url="/").pk)
    sent = [
        json.loads(dict(urllib.parse.parse_qsl(r.raw.decode()))["TemplateParam"]) for r in receiver.requests
    ]
    assert [v["text"] for v in sent] == ["短" * 35, "长" * 34 + "…"]


@pytest.fixture
def smtp(settings):
    with smtp_serving() as receiver:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", receiver.port
        settings.DEFAULT_FROM_EMAIL = "两新平台 <liangxin@taishan.gov.cn>"
        yield receiver


def test_email_reaches_the_smtp_server_with_subject_text_and_link(smtp, settings):
    settings.SITE_URL = "https://lx.taishan.gov.cn"
    channel = channel_setup.add(None, wjj(), "email", "mailto:wjj@taishan.gov.cn, office@taishan.gov.cn")
    assert sent_once(channel).status == "sent"
    [(sender, recipients)] = smtp.envelopes
    assert sender == "liangxin@taishan.gov.cn"
    assert recipients == ["wjj@taishan.gov.cn", "office@taishan.gov.cn"]
    [message] = smtp.messages
    assert message["Subject"] == "[两新平台] 渠道测试"
    body = message.get_content()
    assert "这是一条测试消息" in body and "https://lx.taishan.gov.cn/notifications/" in body


def test_a_refused_mailbox_is_a_failure_with_the_servers_reason(smtp, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    smtp.refuse = {"gone@taishan.gov.cn"}
    channel = channel_setup.add(None, wjj(), "email", "mailto:gone@taishan.gov.cn")
    failed = sent_once(channel)
    assert failed.status == "failed" and failed.error.startswith("邮件未能发出")
    assert "mailbox unavailable" in failed.error and smtp.messages == []


def test_a_channel_is_checked_stored_encrypted_shown_masked_and_audited(receiver):
    with pytest.raises(Invalid) as wrong:
        channel_setup.add(None, wjj(), "dingtalk", receiver.base, TOKEN)
    assert wrong.value.problems[0].field == "secret"
    with pytest.raises(Invalid) as wrong:
        channel_setup.add(None, wjj(), "wecom", "file:///etc/passwd", KEY)
    assert wrong.value.problems[0].field == "url"
    with pytest.raises(Invalid):
        channel_setup.add(None, wjj(), "fax", receiver.base, KEY)
    channel = channel_setup.add(None, wjj(), "dingtalk", receiver.base, f"{TOKEN}\n{SIGNING}")
    assert TOKEN not in channel.secret_enc and SIGNING not in channel.secret_enc
    assert channel.secret_masked == "a1b****9d0 / SEC****789"
    entry = AuditEntry.objects.filter(action="channel.create").latest("seq")
    assert entry.after["secret"] == "a1b****9d0 / SEC****789" and TOKEN not in str(entry.after)
    assert delivery.secret_parts(channel) == [TOKEN, SIGNING]
    with pytest.raises(Exception, match="统筹协调"):
        channel_setup.add(User.objects.get(username="wjj_reporter"), wjj(), "wecom", receiver.base, KEY)


def test_a_notification_reaches_the_departments_channels_once(receiver, django_capture_on_commit_callbacks):
    channel = channel_setup.add(None, wjj(), "wecom", receiver.base, KEY)
    channel_setup.add(None, Department.objects.get(code="gxj"), "wecom", receiver.base, KEY)
    reporters = [User.objects.get(username="wjj_reporter"), User.objects.get(username="wjj_reviewer")]
    with django_capture_on_commit_callbacks(execute=True):
        inbox.notify(reporters, "deadline", "2026年11月的调度数据已逾期 1 天", "/plans/")
    assert Delivery.objects.get().channel == channel
    assert len(receiver.requests) == 1 and Delivery.objects.get().status == "sent"
    assert "2026年11月的调度数据已逾期 1 天" in receiver.requests[0].body["markdown"]["content"]
    channel_setup.set_enabled(None, channel, False)
    inbox.notify(reporters, "deadline", "再次提醒", "/plans/")
    assert Delivery.objects.count() == 1
