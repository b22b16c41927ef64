from django.conf import settings
from django.db import models
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.plans.models import Indicator, Plan, Task
from liangxin.reporting.periods import label as period_label


class Period(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "填报中"
        CLOSED = "closed", "已关闭"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="periods")
    key = models.CharField("期次", max_length=10)
    start = models.DateField("起始日")
    end = models.DateField("截止日（统计期末）")
    deadline = models.DateField("报送期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-end"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_period_key")]

    def __str__(self):
        return period_label(self.key)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "部门已审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "已退回"

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "department_id"]
        constraints = [models.UniqueConstraint(fields=["period", "department"], name="unique_submission")]

    def __str__(self):
        return f"{self.department.short_name} {self.period}"


class ReportedValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="reported_values")
    value = models.DecimalField("数值", max_digits=22, decimal_places=4, null=True, blank=True)
    stage = models.CharField("进度", max_length=20, blank=True)
    reference = models.DecimalField("对比值", max_digits=22, decimal_places=4, null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="unique_reported_value")
        ]

    def __str__(self):
        return f"{self.submission} {self.indicator.code}"


class Narrative(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="narratives")
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "task"], name="unique_narrative")]

    def __str__(self):
        return f"{self.submission} 任务{self.task.number}"


class SubmissionVersion(models.Model):
    """Every save and every step of the workflow, with the whole content as it then stood."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    content = models.JSONField()

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "version"], name="unique_submission_version")
        ]

    def __str__(self):
        return f"{self.submission} v{self.version}"


class Reminder(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    message = models.CharField(max_length=300)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


class Evidence(models.Model):
    """A supporting file. The bytes live on disk under a random name outside the database and the static
    folder; the row keeps what the user called it and what its content turned out to be."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class BulletinDraft(models.Model):
    """The office's own wording of the period's 调度通报 sections 五、存在问题 and 六、下步工作 and its 抄送,
    prefilled from the departments' narratives, edited by the coordinator until the bulletin is issued.
    Each section is one item a line; the Word file numbers them."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="bulletin_draft")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步工作", blank=True)
    copy_to = models.CharField("抄送", max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.period} 通报"

    @property
    def issued(self) -> bool:
        return self.issued_at is not None
