from django.conf import settings
from django.db import models

from liangxin.accounts.models import Department
from liangxin.enterprises.models import Unit
from liangxin.plans.fields import FIELDS
from liangxin.projects.codes import (
    APPROVAL_KINDS,
    CHECK_ITEMS,
    CONSTRUCTION_KINDS,
    ITEM_STATES,
    STAGES,
)


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
    construction = models.CharField(
        "建设性质", max_length=20, choices=CONSTRUCTION_KINDS.choices(), default="other"
    )
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
            models.Index(fields=["construction", "stage"], name="project_construction_stage"),
            models.Index(fields=["-created_at", "-id"], name="project_newest_first"),  # the list's order
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


class ProjectProgress(models.Model):
    """What the responsible department reported for a project with its submission of a reporting period:
    investment completed to date and of it equipment (cumulative, 万元), and the 形象进度. It counts once
    the submission is accepted; it is written only while the submission may be saved."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    submission = models.ForeignKey(
        "reporting.Submission", on_delete=models.CASCADE, related_name="project_progress"
    )
    investment_done = models.DecimalField("累计完成投资（万元）", max_digits=14, decimal_places=4)
    equipment_done = models.DecimalField("其中设备投资（万元）", max_digits=14, decimal_places=4)
    image_progress = models.CharField("形象进度", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "submission"], name="progress_once_a_submission")
        ]

    def __str__(self):
        return f"{self.project} · {self.submission}"


class EquipmentBaseline(models.Model):
    """The equipment investment of a field in a baseline year (2023), entered by the coordinator: what the
    plan's goal (设备投资规模 +28 %) is measured against."""

    field = models.CharField("领域", max_length=20, choices=FIELDS.choices())
    year = models.PositiveIntegerField("年度", default=2023)
    amount = models.DecimalField("设备投资（万元）", max_digits=14, decimal_places=4)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "field"]
        constraints = [models.UniqueConstraint(fields=["field", "year"], name="baseline_once_a_field_year")]

    def __str__(self):
        return f"{FIELDS.label(self.field)} {self.year}年 {self.amount} 万元"


class ProjectDocument(models.Model):
    """A file of the project (批复, 合同, 照片 …): bytes on disk under a random name, readable through the
    project's scope only."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
