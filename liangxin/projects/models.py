from django.conf import settings
from django.db import models

from liangxin.accounts.models import Department
from liangxin.enterprises.models import Unit
from liangxin.projects.codes import APPROVAL_KINDS, CHECK_ITEMS, FIELDS, ITEM_STATES, STAGES


class FundingChannel(models.Model):
    """A source of money (中央预算内投资, 超长期特别国债 …): data the district extends, not code."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "资金渠道"

    def __str__(self):
        return self.name


class Project(models.Model):
    name = models.CharField("项目名称", max_length=200)
    owner = models.ForeignKey(
        Unit, verbose_name="项目单位", on_delete=models.PROTECT, related_name="projects"
    )
    field = models.CharField("领域", max_length=20, choices=FIELDS.choices())
    town = models.ForeignKey(
        Department,
        verbose_name="所在街道/镇",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField("项目代码", max_length=26, blank=True)  # 2407-370902-04-01-123456
    total_investment = models.DecimalField("总投资（万元）", max_digits=14, decimal_places=4)
    equipment_investment = models.DecimalField("设备投资（万元）", max_digits=14, decimal_places=4)
    start = models.DateField("计划开工")
    end = models.DateField("计划竣工")
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="projects"
    )
    directions = models.JSONField("支持方向", default=list, blank=True)  # 节能降碳, 超低排放 … (task 24)
    stage = models.CharField("阶段", max_length=20, choices=STAGES.choices(), default="planning")
    exit_reason = models.CharField("退出原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "项目"
        indexes = [
            models.Index(fields=["field", "stage"], name="project_field_stage"),
            models.Index(fields=["department", "stage"], name="project_department_stage"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="project_code_once"),
        ]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    """One item of a project's 前期工作, in the state the responsible department last reported."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist")
    item = models.CharField("事项", max_length=20, choices=CHECK_ITEMS.choices())
    approval_kind = models.CharField(
        "审批方式", max_length=20, choices=list(APPROVAL_KINDS.items()), blank=True
    )
    state = models.CharField("状态", max_length=20, choices=ITEM_STATES.choices(), default="not_started")
    document_number = models.CharField("文号", max_length=60, blank=True)
    done_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["project", "item"], name="checklist_item_once")]

    def __str__(self):
        return f"{self.project} · {CHECK_ITEMS.label(self.item)}：{ITEM_STATES.label(self.state)}"


class StageChange(models.Model):
    """A move of a project's stage: made at once by the responsible department, or (申报, 下达) asked by it
    and taking effect when the coordinator confirms it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        DONE = "done", "已生效"
        REFUSED = "refused", "未确认"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=20, choices=STAGES.choices())
    to_stage = models.CharField("新阶段", max_length=20, choices=STAGES.choices())
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DONE)
    note = models.CharField("说明", max_length=300, blank=True)
    on = models.DateField("日期")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self):
        return f"{self.project}：{STAGES.label(self.from_stage)} → {STAGES.label(self.to_stage)}"


class Funding(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", "申请"
        GRANT = "grant", "下达"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    channel = models.ForeignKey(FundingChannel, verbose_name="资金渠道", on_delete=models.PROTECT)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    amount = models.DecimalField("金额（万元）", max_digits=14, decimal_places=4)
    document_number = models.CharField("文号", max_length=60, blank=True)
    on = models.DateField("日期")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.project} · {self.channel} {self.get_kind_display()} {self.amount} 万元"
