"""Whether an import is being worked on, and by which queue consumer (its lease).

The consumer running an import marks the job after every committed batch and every second of its first
pass over the file (heartbeat_at), and names itself in `worker` ("host:pid:token"). huey does not deliver
again a task whose consumer died mid-run, so a dead consumer's job is found here and queued again:
- a job whose worker is a process of this machine that no longer exists: at once, when a consumer starts;
- a job not marked for settings.IMPORT_LEASE_SECONDS, wherever its worker was: by the minute's recovery.
A job queued again is claimed by one consumer only (claim() is a compare-and-set on the lease), so a job
queued twice, or resumed by hand while queued, is still imported once.
"""

import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from liangxin.subsidies.models import ImportJob

HOST = socket.gethostname()


def lease_seconds() -> int:
    return settings.IMPORT_LEASE_SECONDS


def stalled(job: ImportJob) -> bool:
    """A running job not marked for the lease's length: stopped midway, it may be resumed."""
    if job.status != ImportJob.Status.RUNNING:
        return False
    last = job.heartbeat_at or job.created_at
    return (timezone.now() - last).total_seconds() > lease_seconds()


def new_worker() -> str:
    """This process's name for one run of an import (a thread of a consumer runs one at a time)."""
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(worker: str) -> bool:
    """Whether `worker` names a process of this machine that is gone. A reused pid reads as alive: the
    job then waits for its lease to expire instead."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def abandoned(job: ImportJob) -> bool:
    """A running job that a consumer took and no longer works on."""
    return (
        job.status == ImportJob.Status.RUNNING
        and bool(job.worker)
        and (stalled(job) or _dead_here(job.worker))
    )


def claim(job_id: int, worker: str) -> bool:
    """Take the job for `worker`: when it waits in the queue (no worker) or its worker is gone. False when
    another consumer holds it, or it has ended."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).first()
    if job is None or (job.worker and not abandoned(job)):
        return False
    return bool(
        ImportJob.objects.filter(pk=job_id, worker=job.worker, heartbeat_at=job.heartbeat_at).update(
            worker=worker, heartbeat_at=timezone.now()
        )
    )


def queued(job: ImportJob) -> None:
    """Mark a job as waiting in the queue: alive from now (a second resume before it starts queues
    nothing more), held by no consumer."""
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now(), worker="")


def to_recover() -> list[ImportJob]:
    """The running jobs to queue again: those a gone consumer held, and those queued a lease ago and
    never taken (the queue lost them, or a consumer died between taking the task and claiming the job)."""
    expired = timezone.now() - timedelta(seconds=lease_seconds())
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING).exclude(stored_name="")
    found = [job for job in running.exclude(worker="") if abandoned(job)]
    never = Q(heartbeat_at__isnull=True, created_at__lt=expired)
    found += list(running.filter(Q(heartbeat_at__lt=expired) | never, worker=""))
    return found
