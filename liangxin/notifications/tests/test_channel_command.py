"""`liangxin channel add` (the secret from standard input) and `liangxin channel test`, which queues a
test message to each of the department's channels and exits when they are sent or have failed."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liangxin.audit.models import AuditEntry
from liangxin.notifications import delivery
from liangxin.notifications.models import Channel, Delivery
from liangxin.notifications.tests.receiver import serving
from liangxin.notifications.tests.test_channels import KEY, SIGNING, TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(monkeypatch):
    server, receiver = serving()

    # the test runs in one transaction that never commits: a delivery is handed to the queue (run at once in
    # the tests) as soon as it is made. Only the delivery's hand-over: running every on_commit callback at
    # once would also move the audit anchor forward past entries the test then rolls back.
    def queue_at_once(deliveries):
        for made in deliveries:
            delivery.deliver(made.pk)
        return deliveries

    monkeypatch.setattr(delivery, "queue", queue_at_once)
    yield receiver
    server.shutdown()
    server.server_close()


def add(monkeypatch, *args, secret: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(secret))
    out = StringIO()
    call_command("channel", "add", *args, stdout=out)
    return out.getvalue()


def test_add_reads_the_secret_from_stdin_and_shows_it_masked(monkeypatch, receiver):
    out = add(
        monkeypatch, "wjj", "--kind", "dingtalk", "--url", receiver.base, secret=f"{TOKEN}\n{SIGNING}\n"
    )
    channel = Channel.objects.get()
    assert out.startswith(f"已新增钉钉自定义机器人渠道 {channel.pk}：{receiver.base} a1b****9d0")
    assert TOKEN not in out and channel.department.code == "wjj"
    assert AuditEntry.objects.filter(action="channel.create").latest("seq").via == "cli"
    with pytest.raises(CommandError, match="secret：钉钉自定义机器人的密钥应逐行给出"):
        add(monkeypatch, "wjj", "--kind", "dingtalk", "--url", receiver.base, secret=TOKEN)
    with pytest.raises(CommandError, match="部门 nowhere 不存在"):
        add(monkeypatch, "nowhere", "--kind", "wecom", "--url", receiver.base, secret=KEY)


def test_test_sends_to_each_channel_and_reports_each_outcome(monkeypatch, receiver):
    add(monkeypatch, "wjj", "--kind", "wecom", "--url", receiver.base, secret=KEY)
    add(monkeypatch, "wjj", "--kind", "email", "--url", "mailto:wjj@taishan.gov.cn")
    out = StringIO()
    call_command("channel", "test", "wjj", "--timeout", "5", stdout=out)
    assert "已向 2 个渠道发送测试消息" in out.getvalue()
    assert f"企业微信群机器人 {receiver.base}：已发送" in out.getvalue()
    assert "电子邮件 mailto:wjj@taishan.gov.cn：已发送" in out.getvalue()
    assert len(receiver.requests) == 1 and set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_test_fails_when_a_channel_could_not_send(monkeypatch, receiver, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    receiver.answers = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    add(monkeypatch, "wjj", "--kind", "wecom", "--url", receiver.base, secret=KEY)
    out = StringIO()
    with pytest.raises(CommandError, match="有渠道未能发出测试消息"):
        call_command("channel", "test", "wjj", "--timeout", "5", stdout=out)
    assert "发送失败（服务拒绝：93000 invalid webhook url）" in out.getvalue()
    with pytest.raises(CommandError, match="还没有启用的通知渠道"):
        call_command("channel", "test", "gxj", stdout=out)


def test_a_persons_own_channel_is_added_and_tested_with_user(monkeypatch, receiver):
    out = add(
        monkeypatch, "--user", "wjj_reporter", "--kind", "email", "--url", "mailto:zhang@taishan.gov.cn"
    )
    channel = Channel.objects.get()
    assert channel.user.username == "wjj_reporter" and channel.department is None
    assert out.startswith(f"已新增电子邮件渠道 {channel.pk}：mailto:zhang@taishan.gov.cn")
    out = StringIO()
    call_command("channel", "test", "--user", "wjj_reporter", "--timeout", "5", stdout=out)
    assert "电子邮件 mailto:zhang@taishan.gov.cn：已发送" in out.getvalue()
    with pytest.raises(CommandError, match="请给出部门代码或 --user 账号，二者选一"):
        add(monkeypatch, "wjj", "--user", "wjj_reporter", "--kind", "email", "--url", "mailto:a@b.cn")
    with pytest.raises(CommandError, match="账号 nobody 不存在或已停用"):
        call_command("channel", "test", "--user", "nobody", stdout=out)
