from django.db import models

from liangxin.accounts.models import Department


class Plan(models.Model):
    code = models.CharField("代码", max_length=60, unique=True)
    title = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=60)
    issuer = models.CharField("印发机关", max_length=100)
    issued_on = models.DateField("印发日期")
    baseline_year = models.PositiveIntegerField("基准年")
    start_year = models.PositiveIntegerField("起始年")
    end_year = models.PositiveIntegerField("截止年")
    basis = models.CharField("依据", max_length=300, blank=True)
    departments = models.ManyToManyField(Department, through="PlanDepartment", related_name="plans")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = "工作方案"

    def __str__(self):
        return f"{self.title}（{self.document_number}）"


class PlanDepartment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    department = models.ForeignKey(Department, on_delete=models.PROTECT)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "department"], name="unique_plan_department")]

    def __str__(self):
        return f"{self.plan.code}: {self.department.name}"


class Section(models.Model):
    class Kind(models.TextChoices):
        KEY_TASKS = "key_tasks", "重点任务"
        SAFEGUARDS = "safeguards", "保障措施"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_section_number")]

    def __str__(self):
        return self.title


class Task(models.Model):
    class Responsibility(models.TextChoices):
        SOLE = "sole", "负责"
        SHARED = "shared", "按职责分工负责"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveIntegerField("序号")
    position = models.PositiveIntegerField()
    title = models.CharField("名称", max_length=200)
    text = models.TextField("内容")
    responsibility = models.CharField("责任方式", max_length=10, choices=Responsibility.choices)
    lead_others = models.JSONField("其他责任单位", default=list, blank=True)
    lead_departments = models.ManyToManyField(Department, through="TaskLead", related_name="tasks")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_task_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def ordered_leads(self) -> list[Department]:
        return [lead.department for lead in self.leads.all()]


class TaskLead(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="leads")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="task_leads")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="unique_task_lead")]

    def __str__(self):
        return f"{self.task}: {self.department.name}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", "数量"
        AMOUNT = "amount", "金额"
        PERCENT = "percent", "比率"
        GROWTH = "growth", "增长率"
        MILESTONE = "milestone", "里程碑"
        RELATIVE = "relative", "相对比较"

    class Accumulation(models.TextChoices):
        ANNUAL = "annual", "每年"
        CUMULATIVE = "cumulative", "累计"
        LEVEL = "level", "水平值"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField()
    code = models.CharField("代码", max_length=80)
    name = models.CharField("名称", max_length=200)
    unit = models.CharField("单位", max_length=20, blank=True)
    value_unit = models.CharField(
        "填报数的单位", max_length=20, blank=True
    )  # growth indicators: 吨, 辆, 万元
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    accumulation = models.CharField("累计方式", max_length=20, choices=Accumulation.choices)
    comparison = models.CharField("比较", max_length=2)
    tolerance = models.DecimalField("容差（%）", max_digits=8, decimal_places=4, null=True, blank=True)
    has_baseline = models.BooleanField(default=False)
    baseline_year = models.PositiveIntegerField("基准年", null=True, blank=True)
    baseline_value = models.DecimalField("基准值", max_digits=22, decimal_places=4, null=True, blank=True)
    reporting_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="reported_indicators"
    )
    source = models.TextField("原文")
    # {"source": "enterprises.honours", "kind": "green-factory", ...}: computed from records (sources.py)
    source_of_value = models.JSONField("数据来源", null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_code")]

    def __str__(self):
        return self.name

    @property
    def is_goal(self) -> bool:
        return self.task_id is None


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveIntegerField("年份")
    value = models.DecimalField("目标值", max_digits=22, decimal_places=4, null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="unique_target_year")]

    def __str__(self):
        return f"{self.indicator.name} {self.year}"


class Policy(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="policies")
    position = models.PositiveIntegerField()
    group = models.CharField("类别", max_length=60)
    number = models.PositiveIntegerField("序号")
    name = models.CharField("名称", max_length=200)
    lead_departments = models.ManyToManyField(Department, through="PolicyLead", related_name="policies")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "group", "number"], name="unique_policy_number")
        ]

    def __str__(self):
        return self.name


class PolicyLead(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="leads")
    department = models.ForeignKey(Department, on_delete=models.PROTECT)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["policy", "department"], name="unique_policy_lead")]

    def __str__(self):
        return f"{self.policy}: {self.department.name}"


class RecordsVersion(models.Model):
    """One row, bumped whenever a record that a computed indicator counts (a registered source's models)
    is saved or deleted: part of the status cache key, read from the database so that every process sees
    it (sources.py)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "计算指标记录版本"

    def __str__(self):
        return str(self.version)
