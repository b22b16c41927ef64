from django.conf import settings
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
    # found nothing to do and no problem: of a task that does not keep such runs, only the latest is kept
    quiet = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"], name="periodic_run_latest")]

    def __str__(self):
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A long piece of work a user asked for (a payout bank file, a bulletin, a big export), run by a
    consumer (liangxin.queue.jobs): its progress survives a reload, its file waits for its owner."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField(max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file_name = models.CharField(max_length=200, blank=True)  # what the browser saves the result as
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"后台任务 {self.pk}"
