"""Whether an import is still being worked on: its process marks the job after every committed batch, and
a running job not marked for a while has stopped midway and may be resumed."""

from django.utils import timezone

from liangxin.subsidies.models import ImportJob

STALLED_AFTER_SECONDS = 120


def stalled(job: ImportJob) -> bool:
    if job.status != ImportJob.Status.RUNNING:
        return False
    last = job.heartbeat_at or job.created_at
    return (timezone.now() - last).total_seconds() > STALLED_AFTER_SECONDS
