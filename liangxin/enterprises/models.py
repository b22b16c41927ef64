from django.conf import settings
from django.db import models

from liangxin.accounts.models import Department
from liangxin.enterprises.codes import LEVELS, UNIT_KINDS


class Unit(models.Model):
    """An enterprise or a public unit (hospital, school, scenic spot) the plan works with. Enterprise
    accounts belong to the unit with their 统一社会信用代码."""

    kind = models.CharField("单位类型", max_length=20, choices=UNIT_KINDS.choices())
    name = models.CharField("单位名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    industry_name = models.CharField("行业名称", max_length=100, blank=True)
    above_scale = models.BooleanField("规模以上", default=False)
    town = models.ForeignKey(
        Department,
        verbose_name="所在街道/镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units_located",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="主管部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units_managed",
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    # personal data: encrypted, a keyed index, a mask for display
    contact_phone_enc = models.TextField(blank=True)
    contact_phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "单位"
        indexes = [models.Index(fields=["name"], name="unit_name")]

    def __str__(self):
        return self.name


class HonourKind(models.Model):
    """A kind of honour (绿色工厂, 好品山东 …): data the district extends, not code."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "荣誉类型"

    def __str__(self):
        return self.name


class Honour(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="honours")
    kind = models.ForeignKey(HonourKind, verbose_name="荣誉类型", on_delete=models.PROTECT)
    level = models.CharField("级别", max_length=20, choices=LEVELS.choices())
    year = models.PositiveSmallIntegerField("认定年度")
    document_number = models.CharField("文号", max_length=60)
    title = models.CharField("名称或认定内容", max_length=200, blank=True)
    # the file's bytes live outside the database, as evidence files do
    document_name = models.CharField("认定文件", max_length=200, blank=True)
    document_path = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="录入部门", on_delete=models.PROTECT, related_name="honours_entered"
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    withdrawn_reason = models.CharField("撤销原因", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "荣誉"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "level", "year"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="honour_once_a_year",
            )
        ]

    def __str__(self):
        return f"{self.unit.name} {self.year}年{LEVELS.label(self.level)}{self.kind.name}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
