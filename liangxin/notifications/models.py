from django.conf import settings
from django.db import models
from django.utils import timezone

from liangxin.notifications.channels import CHANNEL_KINDS
from liangxin.notifications.kinds import KINDS


class Notification(models.Model):
    """A short Chinese message to one person, with a link to what it is about; unread until read_at. Its
    kind is a code of liangxin.notifications.kinds.KINDS."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=40)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    # what it is about, as the audit trail names objects ("reporting.submission", "12")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.text

    @property
    def kind_label(self) -> str:
        return KINDS.label(self.kind)


class Channel(models.Model):
    """Where a department's (or one person's) notifications are also sent: a messaging group's robot, a
    mailbox, SMS. Its kind is a code of liangxin.notifications.channels.CHANNEL_KINDS; its secret (the
    robot's key, token and signing secret, an SMS account and its numbers) is stored encrypted."""

    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("类型", max_length=20)
    base_url = models.CharField("地址", max_length=300)
    secret_enc = models.TextField(blank=True)
    secret_masked = models.CharField("密钥", max_length=200, blank=True)
    enabled = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False, user__isnull=True)
                | models.Q(department__isnull=True, user__isnull=False),
                name="channel_of_department_or_user",
            )
        ]

    def __str__(self):
        return f"{self.kind_label} {self.base_url}"

    @property
    def kind_label(self) -> str:
        return CHANNEL_KINDS.label(self.kind)


class Delivery(models.Model):
    """One message to one channel: queued, then sent or failed (with why), after so many attempts."""

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField("类型", max_length=40)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.CharField("原因", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["channel", "sent_at"], name="delivery_rate")]

    def __str__(self):
        return f"{self.channel_id} {self.status}"
