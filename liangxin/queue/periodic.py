"""Periodic tasks: each has a code, a Chinese label, its schedule as a setting (a crontab string in the
district's time, in the setting PERIODIC_<CODE>) and a function; every run is recorded (PeriodicRun) and the last one shown on the
periodic tasks page. Adding one is a few lines in an app's tasks.py:

    @periodic("audit_verify", "审计链校验")  # its schedule: settings.PERIODIC_AUDIT_VERIFY
    def verify_chain() -> Finding:
        ...
        return Finding("审计链完好：共 120 条记录")

The huey consumer (`liangxin worker`) runs each when its schedule matches; `at_start` ones also run when
a consumer starts. A task run often that mostly finds nothing says so with Finding(..., quiet=True) and
keep_quiet_runs=False: its quiet runs then replace each other (the latest kept, so the page's last run
stays right) instead of filling the history with a row a minute.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from liangxin.audit.context import Actor, acting_as
from liangxin.core.codes import Registry
from liangxin.queue.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """What a run found, in Chinese; a problem (a broken audit chain) is shown as such, and told to the
    holders of the role `tell` (with a link to where they look into it) by the ANNOUNCERS."""

    message: str
    problem: bool = False
    details: dict = field(default_factory=dict)
    tell: str = ""
    link: str = ""
    quiet: bool = False  # nothing found to do, nothing wrong


@dataclass(frozen=True)
class Periodic:
    code: str
    label: str
    function: Callable[[], Finding]
    at_start: bool = False
    keep_quiet_runs: bool = True

    @property
    def setting(self) -> str:
        return f"PERIODIC_{self.code.upper()}"

    @property
    def schedule(self) -> str:
        return getattr(settings, self.setting)


PERIODIC: Registry[Periodic] = Registry("定时任务")
# (role, Chinese text, link) -> None: who hears of a problem a run found; the notifications app adds
# itself when it starts (the queue sits below it)
ANNOUNCERS: list[Callable[[str, str, str], None]] = []


def crontab_of(setting: str, text: str):
    """huey's test of a datetime for a crontab string "minute hour day month weekday"."""
    fields = text.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(
            f"LIANGXIN_{setting} 应为五段 crontab（分 时 日 月 星期），而不是 {text!r}"
        )
    try:
        return crontab(*fields, strict=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"LIANGXIN_{setting} 不是有效的 crontab：{text!r}（{exc}）") from exc


def periodic(code: str, label: str, at_start: bool = False, keep_quiet_runs: bool = True):
    """Register the decorated function as a periodic task (see the module's docstring)."""

    def register(function: Callable[[], Finding]) -> Callable[[], Finding]:
        entry = PERIODIC.add(Periodic(code, label, function, at_start, keep_quiet_runs))

        def scheduled() -> None:
            run(entry.code)

        db_periodic_task(crontab_of(entry.setting, entry.schedule), name=f"periodic.{code}")(scheduled)
        return function

    return register


def run(code: str) -> PeriodicRun:
    """Run a periodic task now and record the run: its start and end, outcome and message. A failure is
    recorded and logged, not raised: the next run comes on schedule anyway."""
    entry = PERIODIC[code]
    record = PeriodicRun.objects.create(name=code, started_at=timezone.now())
    try:
        # what it changes is audited as the periodic task's doing
        with acting_as(Actor(None, f"定时任务：{entry.label}", "", "", "queue")):
            finding = entry.function()
    except Exception as exc:
        logger.exception("定时任务 %s 运行出错", code)
        record.outcome, record.message = PeriodicRun.Outcome.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        record.outcome = PeriodicRun.Outcome.PROBLEM if finding.problem else PeriodicRun.Outcome.OK
        record.message, record.details = finding.message, finding.details
        record.quiet = finding.quiet and not finding.problem
        if finding.problem and finding.tell:
            _announce(finding.tell, f"{entry.label}发现问题：{finding.message}", finding.link)
    record.message = record.message[:500]
    record.finished_at = timezone.now()
    record.save(update_fields=["outcome", "message", "details", "quiet", "finished_at"])
    if record.quiet and not entry.keep_quiet_runs:
        _forget_earlier_quiet_runs(record)
    return record


def _forget_earlier_quiet_runs(record: PeriodicRun) -> None:
    """Only the earlier ones: two consumers' quiet runs ending together leave the later one."""
    earlier = Q(started_at__lt=record.started_at) | Q(started_at=record.started_at, pk__lt=record.pk)
    PeriodicRun.objects.filter(earlier, name=record.name, quiet=True).delete()


def abort_stale() -> int:
    """Mark 中断 the runs still 运行中 after settings.PERIODIC_RUN_MAX_MINUTES: a run records its end even
    when it fails, so one without an end that old lost its consumer (killed, or the machine went down).
    Called when a consumer starts; the limit spares the runs another consumer has in hand. The number marked."""
    cutoff = timezone.now() - timedelta(minutes=settings.PERIODIC_RUN_MAX_MINUTES)
    return PeriodicRun.objects.filter(outcome=PeriodicRun.Outcome.RUNNING, started_at__lt=cutoff).update(
        outcome=PeriodicRun.Outcome.ABORTED,
        message=f"运行超过 {settings.PERIODIC_RUN_MAX_MINUTES} 分钟仍未结束，其消费进程已退出，本次运行中断",
    )


def _announce(role: str, text: str, link: str) -> None:
    for announce in ANNOUNCERS:
        try:
            announce(role, text, link)
        except Exception:
            # the run is recorded whatever became of telling someone about it
            logger.exception("定时任务的问题未能通知 %s", role)


def run_at_start() -> list[PeriodicRun]:
    """The periodic tasks to run when a consumer starts (recovering what a dead consumer left)."""
    return [run(entry.code) for entry in PERIODIC if entry.at_start]


def latest(runs) -> list[tuple[Periodic, PeriodicRun | None]]:
    """Each periodic task with its last run among `runs` (None if it never ran)."""
    return [(entry, runs.filter(name=entry.code).first()) for entry in PERIODIC]
