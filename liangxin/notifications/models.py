from django.conf import settings
from django.db import models
from django.utils import timezone

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
