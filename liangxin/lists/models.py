from django.conf import settings
from django.db import models

from liangxin.accounts.models import Department
from liangxin.enterprises.models import Honour, Unit
from liangxin.lists.codes import CONSUMER_CATEGORIES, DEMAND_KINDS, STATUSES, STEPS
from liangxin.plans.fields import FIELDS


class SupplyCategory(models.Model):
    """A category of the 两优 list (输变电及电线电缆, 矿山装备 …): data the district extends, not code."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "产品类别"

    def __str__(self):
        return self.name


class Entry(models.Model):
    """What both lists' entries share: the review flow, the contact (its phone encrypted, masked for
    display), who entered it (an enterprise for its own unit, or a department)."""

    status = models.CharField("状态", max_length=20, choices=STATUSES.choices(), default="draft")
    # the department that entered it; empty when an enterprise entered it for its own unit
    department = models.ForeignKey(
        Department, verbose_name="录入部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone_enc = models.TextField(blank=True)
    contact_phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)

    class Meta:
        abstract = True


class SupplyEntry(Entry):
    """An entry of the 两优 list: a local enterprise's advantage product."""

    unit = models.ForeignKey(
        Unit, verbose_name="企业", on_delete=models.PROTECT, related_name="supply_entries"
    )
    product = models.CharField("产品名称", max_length=200)
    category = models.ForeignKey(SupplyCategory, verbose_name="产品类别", on_delete=models.PROTECT)
    specification = models.TextField("规格型号与技术参数", blank=True)
    certifications = models.TextField("资质认证与荣誉", blank=True)
    honours = models.ManyToManyField(Honour, verbose_name="企业荣誉", blank=True, related_name="+")
    capacity = models.CharField("产能", max_length=200, blank=True)
    price_min = models.DecimalField(
        "参考价格下限（万元）", max_digits=14, decimal_places=4, null=True, blank=True
    )
    price_max = models.DecimalField(
        "参考价格上限（万元）", max_digits=14, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "两优清单条目"
        indexes = [
            models.Index(fields=["status", "category"], name="supply_status_category"),
            models.Index(fields=["unit", "status"], name="supply_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_min__isnull=True)
                | models.Q(price_max__isnull=True)
                | models.Q(price_min__lte=models.F("price_max")),
                name="supply_price_range_ordered",
            )
        ]

    def __str__(self):
        return f"{self.unit.name} · {self.product}"


class DemandEntry(Entry):
    """An entry of the 两新 list: a unit's equipment-renewal need (what, how many, budget, when, field), or
    an estimate of consumer trade-in demand of one category (how many, how much), for a town or the
    whole district."""

    kind = models.CharField("需求类型", max_length=20, choices=DEMAND_KINDS.choices())
    unit = models.ForeignKey(
        Unit,
        verbose_name="需求单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demand_entries",
    )
    town = models.ForeignKey(
        Department,
        verbose_name="所在街道/镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField("需求内容", max_length=200)
    field = models.CharField("领域", max_length=20, choices=FIELDS.choices(), blank=True)
    # for an equipment need: the supply category it asks for, when the unit names one (matching reads it)
    category = models.ForeignKey(
        SupplyCategory, verbose_name="所需产品类别", null=True, blank=True, on_delete=models.PROTECT
    )
    consumer_category = models.CharField(
        "消费品类别", max_length=20, choices=CONSUMER_CATEGORIES.choices(), blank=True
    )
    specification = models.TextField("规格与要求", blank=True)
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=2)
    measure = models.CharField("计量单位", max_length=10)
    amount = models.DecimalField("预算或预计金额（万元）", max_digits=14, decimal_places=4)
    wanted_by = models.DateField("需求时间（月）")  # the first day of the month

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "两新清单条目"
        indexes = [
            models.Index(fields=["status", "kind"], name="demand_status_kind"),
            models.Index(fields=["unit", "status"], name="demand_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="consumer") | models.Q(unit__isnull=False),
                name="demand_equipment_has_unit",
            )
        ]

    def __str__(self):
        return f"{self.unit.name if self.unit else '全区'} · {self.subject}"


class Change(models.Model):
    """One step of an entry's history (新增, 修改, 提交, 采纳, 退回, 撤回), shown on its page; the audit
    chain keeps the same step with the entry's fields before and after."""

    step = models.CharField("操作", max_length=20, choices=STEPS.choices())
    from_status = models.CharField("原状态", max_length=20, choices=STATUSES.choices(), blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=STATUSES.choices())
    note = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.entry} · {STEPS.label(self.step)}"


class SupplyChange(Change):
    entry = models.ForeignKey(SupplyEntry, on_delete=models.CASCADE, related_name="changes")

    class Meta(Change.Meta):
        verbose_name = "两优清单条目变更"


class DemandChange(Change):
    entry = models.ForeignKey(DemandEntry, on_delete=models.CASCADE, related_name="changes")

    class Meta(Change.Meta):
        verbose_name = "两新清单条目变更"


# matching: the words of each entry and the matches (liangxin/lists/matching)
from liangxin.lists.matching.models import DemandToken, Match, MatchStep, SupplyToken  # noqa: E402,F401
