from django.db import models


class AuditEntry(models.Model):
    """One link of the append-only audit chain; `mac` covers this entry and the previous entry's mac."""

    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("用户 ID", null=True)
    actor_name = models.CharField("用户", max_length=150, blank=True)
    actor_roles = models.CharField("角色", max_length=200, blank=True)
    client_ip = models.CharField("来源地址", max_length=45, blank=True)
    via = models.CharField("渠道", max_length=10)
    action = models.CharField("操作", max_length=50, db_index=True)
    result = models.CharField("结果", max_length=10, default="success")
    object_type = models.CharField("对象类型", max_length=50, blank=True)
    object_id = models.CharField("对象", max_length=100, blank=True)
    object_repr = models.CharField("对象名称", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True)
    after = models.JSONField("修改后", null=True)
    key_id = models.CharField(max_length=20)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计记录"

    def __str__(self):
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不能删除")


class DatabaseIdentity(models.Model):
    """Which database this is: made once, when the database is created (its migration), and named by the
    audit anchor that belongs to it, so that an anchor is only ever checked against its own database."""

    identity = models.UUIDField("数据库标识", unique=True, editable=False)
    created_at = models.DateTimeField("建立时间")
    # the newest audit entry when the identity was made: 0 for one made with the database; more means the
    # original identity was removed and the chain before this point cannot be tied to any anchor
    after_seq = models.BigIntegerField("建立时的最新记录", default=0)

    class Meta:
        verbose_name = "数据库标识"

    def __str__(self):
        return str(self.identity)
