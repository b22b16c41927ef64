from datetime import UTC, datetime, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from huey import api as huey_api
from huey.contrib.djhuey import HUEY

from liangxin.audit import chain, tasks
from liangxin.audit.models import AuditEntry
from liangxin.queue import periodic
from liangxin.queue.management.commands import worker
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
        with pytest.raises(ImproperlyConfigured, match="LIANGXIN_PERIODIC_AUDIT_VERIFY"):
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
    assert "配置项 LIANGXIN_PERIODIC_AUDIT_VERIFY" in html  # the name an operator sets it by
    assert "中断导入的恢复" in html and "没有中断的导入任务" in html and "正常" in html
    only = login("fgj_coordinator").get("/queue/", {"name": "audit_verify"}).content.decode()
    assert "没有运行记录。" in only
    assert login("auditor").get("/queue/").status_code == 403


def test_quiet_runs_of_a_task_that_does_not_keep_them_replace_each_other(login):
    assert not periodic.PERIODIC["import_recovery"].keep_quiet_runs
    busy = PeriodicRun.objects.create(
        name="import_recovery", outcome="ok", message="已重新排队 1 个中断的导入任务：7"
    )
    older_quiet = PeriodicRun.objects.create(
        name="import_recovery", started_at=timezone.now() - timedelta(minutes=2), outcome="ok", quiet=True
    )
    runs = [periodic.run("import_recovery") for _ in range(3)]
    assert all(run.quiet and run.message == "没有中断的导入任务" for run in runs)
    kept = PeriodicRun.objects.filter(name="import_recovery")
    assert set(kept.values_list("pk", flat=True)) == {busy.pk, runs[-1].pk}
    assert not PeriodicRun.objects.filter(pk=older_quiet.pk).exists()
    last = {entry.code: run for entry, run in periodic.latest(PeriodicRun.objects.all())}
    assert last["import_recovery"] == runs[-1]
    html = login("fgj_coordinator").get("/queue/").content.decode()
    assert html.count("没有中断的导入任务") == 2  # the last run in the tasks' table, once in the history


def test_a_run_whose_consumer_died_is_marked_aborted_when_a_consumer_starts(settings, monkeypatch):
    settings.PERIODIC_RUN_MAX_MINUTES = 60
    now = timezone.now()
    dead = PeriodicRun.objects.create(name="audit_verify", started_at=now - timedelta(minutes=61))
    in_hand = PeriodicRun.objects.create(name="deadline_reminders", started_at=now - timedelta(minutes=59))
    ended = PeriodicRun.objects.create(
        name="audit_verify", started_at=now - timedelta(days=1), outcome="ok", finished_at=now
    )
    monkeypatch.setattr(worker, "call_command", lambda *args, **kwargs: None)  # not the consumer itself
    out = StringIO()
    call_command("worker", stdout=out)
    assert "已将 1 次未结束的定时任务运行标为中断" in out.getvalue()
    dead.refresh_from_db()
    assert (dead.outcome, dead.get_outcome_display(), dead.message) == (
        "aborted",
        "中断",
        "运行超过 60 分钟仍未结束，其消费进程已退出，本次运行中断",
    )
    assert PeriodicRun.objects.get(pk=in_hand.pk).outcome == "running"
    assert PeriodicRun.objects.get(pk=ended.pk).outcome == "ok"
    assert periodic.abort_stale() == 0
