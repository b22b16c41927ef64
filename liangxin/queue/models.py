from django.db import models
from django.utils import timezone


class PeriodicRun(models.Model):
    """One run of a periodic task (liangxin.queue.periodic): when it ran and what it found."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "运行中"
        OK = "ok", "正常"
        PROBLEM = "problem", "发现问题"
        FAILED = "failed", "运行出错"
        ABORTED = "aborted", "中断"  # its consumer died while it ran

    name = models.CharField(max_length=60)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.RUNNING)
    message = models.CharField(max_length=500, blank=True)
    # what a page needs of the finding beyond its message (the overdue departments of each period)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"], name="periodic_run_latest")]

    def __str__(self):
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"
