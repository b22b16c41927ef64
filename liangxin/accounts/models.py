import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from liangxin.accounts.roles import Role


class Department(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        BUREAU = "bureau", "区直部门"
        BRANCH = "branch", "市直部门驻区分支"
        PARTY = "party", "党委部门"
        INSTITUTION = "institution", "事业单位"
        STREET = "street", "街道"
        TOWN = "town", "镇（乡）"
        ZONE = "zone", "园区"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.BUREAU)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "部门"

    def __str__(self):
        return self.name


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # an enterprise account applies for its own enterprise only
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)

    class Meta:
        verbose_name = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(a.role for a in self.role_assignments.all())
            self._role_codes = cached
        return cached

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]

    def __str__(self):
        return f"{self.user.username}: {self.get_role_display()}"


class ApiToken(models.Model):
    """A Bearer token; only its SHA-256 is stored, so a database leak reveals no usable token."""

    PREFIX = "lx_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField("标识", max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user.username} {self.hint}…"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def new_raw(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
