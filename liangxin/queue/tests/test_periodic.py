from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from huey import api as huey_api
from huey.contrib.djhuey import HUEY

from liangxin.audit import chain, tasks
from liangxin.audit.models import AuditEntry
from liangxin.queue import periodic
from liangxin.queue.models import PeriodicRun

pytestmark = pytest.mark.django_db


def due(monkeypatch, instant: datetime) -> set[str]:
    """The periodic tasks the consumer's scheduler starts when the clock is frozen at `instant`: huey
    reads the process's local time (utc off), which Django sets to the district's zone."""
    clock = SimpleNamespace(now=lambda: instant.astimezone().replace(tzinfo=None))
    monkeypatch.setattr(huey_api, "datetime", SimpleNamespace(datetime=clock))
    return {task.name for task in HUEY.read_periodic(None)}


def test_each_schedule_comes_from_its_setting_and_runs_at_the_districts_time(monkeypatch):
    assert periodic.PERIODIC["audit_verify"].schedule == "30 2 * * *"
    every_minute = {"periodic.import_recovery"}
    at_0230_in_taian = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
    assert due(monkeypatch, at_0230_in_taian) == every_minute | {"periodic.audit_verify"}
    assert due(monkeypatch, at_0230_in_taian + timedelta(minutes=1)) == every_minute
    assert due(monkeypatch, datetime(2026, 12, 3, 2, 30, tzinfo=UTC)) == every_minute  # 02:30 UTC is not it
    at_0900_in_taian = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert due(monkeypatch, at_0900_in_taian) == every_minute | {"periodic.deadline_reminders"}


def test_a_schedule_that_is_no_crontab_is_refused_in_chinese():
    for text in ("30 2 * *", "61 2 * * *", "every night"):
        with pytest.raises(ImproperlyConfigured, match="PERIODIC_AUDIT_VERIFY"):
            periodic.crontab_of("PERIODIC_AUDIT_VERIFY", text)


def test_a_run_records_its_start_end_and_what_it_found(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    chain.record("export", after={"what": "test"})
    first = periodic.run("audit_verify")
    assert (first.outcome, first.finished_at >= first.started_at) == ("ok", True)
    assert first.message.startswith("审计链完好：共 ")

    target = AuditEntry.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = %s WHERE seq = %s", ["mallory", target.seq])
    broken = periodic.run("audit_verify")
    assert (
        broken.outcome == "problem" and "审计链校验失败" in broken.message and "内容被修改" in broken.message
    )


def test_a_failing_run_is_recorded_not_raised(monkeypatch):
    def fails():
        raise OSError("磁盘已满")

    monkeypatch.setattr(tasks, "verify", fails)
    run = periodic.run("audit_verify")
    assert (run.outcome, run.message) == ("failed", "OSError: 磁盘已满") and run.finished_at


def test_the_page_shows_each_task_its_schedule_and_last_run(login):
    PeriodicRun.objects.create(name="import_recovery", outcome="ok", message="没有中断的导入任务")
    html = login("fgj_coordinator").get("/queue/").content.decode()
    assert "审计链校验" in html and "30 2 * * *" in html and "尚未运行" in html
    assert "中断导入的恢复" in html and "没有中断的导入任务" in html and "正常" in html
    only = login("fgj_coordinator").get("/queue/", {"name": "audit_verify"}).content.decode()
    assert "没有运行记录。" in only
    assert login("auditor").get("/queue/").status_code == 403
