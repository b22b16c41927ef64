"""Long jobs a user asks for (a payout bank file, a 调度通报, a big export), run by a queue consumer: the
page that asked goes to the job's page (/queue/jobs/<id>/), which shows the progress, survives a reload,
and offers the file to the job's owner when it is done. Adding a kind is a few lines in an app's tasks.py:

    @job_kind("payout_bank_file", "拨付银行文件")
    def build(user, params: dict, path: Path, progress: Progress) -> str:
        ...  # check the user's right again, write the file at `path`
        return "批次12.xlsx"  # the name the browser saves it as

An export is queued only when it is big (more than settings.JOB_INLINE_ROWS rows): smaller ones are built
in the request as before, and their links answer with the file at once.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from huey.contrib.djhuey import db_task

from liangxin.audit.context import acting_as, actor_for
from liangxin.core.codes import Registry
from liangxin.core.errors import DomainError, NotFound
from liangxin.queue.models import Job

logger = logging.getLogger(__name__)


class Progress:
    """What a build reports as it goes: `progress(done, total)`; saved when the percent changes."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, done * 100 // total) if total else 0
        if percent != self.job.progress:
            self.job.progress = percent
            Job.objects.filter(pk=self.job.pk).update(progress=percent)


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    build: Callable[..., str]


JOB_KINDS: Registry[JobKind] = Registry("后台任务类型")


def job_kind(code: str, label: str):
    """Register the decorated function as the builder of a kind of job (see the module's docstring)."""

    def register(build: Callable[..., str]) -> Callable[..., str]:
        JOB_KINDS.add(JobKind(code, label, build))
        return build

    return register


def is_big(rows: int) -> bool:
    """Whether an export of so many rows goes through the queue rather than the request."""
    return rows > settings.JOB_INLINE_ROWS


def start(user, kind: str, params: dict) -> Job:
    """Record the job and queue it for a consumer (the tests' queue runs it at once)."""
    job = Job.objects.create(kind=JOB_KINDS[kind].code, owner=user, params=params)
    run_job(job.pk)
    return job


def result_path(job: Job) -> Path:
    return Path(settings.JOB_DIR) / f"{job.pk}.result"


@db_task(name="queue.job")
def run_job(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> Job | None:
    """Build the job's file as its owner, with the owner's rights checked again now; None when another
    consumer took it. A refusal or an error is kept on the job in Chinese; the file is readable by the
    service's account only."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED)
    if not claimed.update(status=Job.Status.RUNNING, started_at=timezone.now()):
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = JOB_KINDS[job.kind]
    path = result_path(job)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        with acting_as(actor_for(job.owner, "", "queue")):
            job.file_name = kind.build(job.owner, job.params, path, Progress(job))
    except (DomainError, PermissionDenied) as exc:
        job.status, job.error = Job.Status.FAILED, str(exc) or "您没有权限生成该文件"
    except Http404:
        job.status, job.error = Job.Status.FAILED, "要生成文件的数据已不存在，或您已无权查看"
    except Exception as exc:
        logger.exception("后台任务 %s（%s）出错", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = f"生成{kind.label}时出错（{type(exc).__name__}），请稍后重试或联系系统管理员"
    else:
        os.chmod(path, 0o600)
        job.status, job.progress = Job.Status.DONE, 100
    if job.status == Job.Status.FAILED:
        path.unlink(missing_ok=True)
    job.error, job.finished_at = job.error[:500], timezone.now()
    job.save(update_fields=["status", "progress", "file_name", "error", "finished_at"])
    return job


def abort_stale() -> int:
    """Mark failed the jobs still 生成中 after settings.PERIODIC_RUN_MAX_MINUTES: their consumer died (the
    queue does not deliver a task twice), so the owner is told to ask again. The number marked."""
    cutoff = timezone.now() - timedelta(minutes=settings.PERIODIC_RUN_MAX_MINUTES)
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=cutoff).update(
        status=Job.Status.FAILED,
        finished_at=timezone.now(),
        error="生成过程中断（运行该任务的后台进程已退出），请回到原页面重新下载",
    )


def delete_old_files() -> list[int]:
    """Delete the files of jobs finished more than settings.JOB_KEEP_DAYS ago; the jobs whose file went."""
    cutoff = timezone.now() - timedelta(days=settings.JOB_KEEP_DAYS)
    gone = []
    for job in Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).only("pk"):
        path = result_path(job)
        if path.exists():
            path.unlink()
            gone.append(job.pk)
    return gone


def has_file(job: Job) -> bool:
    return job.status == Job.Status.DONE and result_path(job).exists()


def jobs_of(user):
    """The jobs the user asked for, newest first."""
    return Job.objects.filter(owner=user) if user.is_authenticated else Job.objects.none()


def job_for(user, job_id: int) -> Job:
    """The job if the user asked for it; others' jobs are not found (never said whose)."""
    job = jobs_of(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("没有这个后台任务")
    return job


def result_of(user, job_id: int) -> tuple[Job, Path]:
    job = job_for(user, job_id)
    if not has_file(job):
        raise NotFound("该后台任务没有可下载的文件")
    return job, result_path(job)
