"""A problem a periodic task finds reaches whom it concerns: a broken audit chain the auditor's bell."""

from types import SimpleNamespace

import pytest
from django.db import connection

from liangxin.accounts.models import User
from liangxin.audit import chain, tasks
from liangxin.audit.models import AuditEntry
from liangxin.notifications.models import Notification
from liangxin.queue import periodic

pytestmark = pytest.mark.django_db


def test_a_broken_audit_chain_is_told_to_the_auditor(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    chain.record("export", after={"what": "test"})
    assert periodic.run("audit_verify").outcome == "ok"
    assert not Notification.objects.exists()  # a sound chain tells nobody
    target = AuditEntry.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = %s WHERE seq = %s", ["mallory", target.seq])
    assert periodic.run("audit_verify").outcome == "problem"
    [note] = Notification.objects.all()
    assert note.recipient == User.objects.get(username="auditor")
    assert (note.kind, note.url) == ("periodic_problem", "/audit/")
    assert note.text.startswith("审计链校验发现问题：审计链校验失败：") and "内容被修改" in note.text


def test_a_failing_announcer_does_not_fail_the_run(monkeypatch):
    def broken(role, text, link):
        raise RuntimeError("通知服务不可用")

    monkeypatch.setattr(periodic, "ANNOUNCERS", [broken])
    monkeypatch.setattr(tasks, "verify", lambda: SimpleNamespace(ok=False, problem="第 3 条缺失", checked=2))
    assert periodic.run("audit_verify").outcome == "problem"
