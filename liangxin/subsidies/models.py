from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.core.ids import uuid7
from liangxin.plans.models import Indicator


class Programme(models.Model):
    class Kind(models.TextChoices):
        APPLIANCE = "appliance", "家电以旧换新"
        CAR_SCRAP = "car_scrap", "汽车报废更新"
        CAR_REPLACE = "car_replace", "汽车置换更新"
        EQUIPMENT = "equipment", "技改设备购置补贴"
        FARM_MACHINERY = "farm_machinery", "农机报废更新"

    class Applicant(models.TextChoices):
        INDIVIDUAL = "individual", "个人"
        ENTERPRISE = "enterprise", "企业"

    class Settlement(models.TextChoices):
        APPLICANT = "applicant", "拨付申请人（申请人本人账户）"
        RETAILER = "retailer", "与销售商户结算（按商户汇总，拨付商户账户）"

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=200)
    department = models.ForeignKey(Department, verbose_name="主管部门", on_delete=models.PROTECT)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    applicant = models.CharField("申请人", max_length=12, choices=Applicant.choices)
    funding_source = models.CharField("资金来源", max_length=200)
    year = models.PositiveIntegerField("政策年度")
    window_start = models.DateField("交易开始日")
    window_end = models.DateField("交易截止日")
    open_until = models.DateField("受理截止日")
    budget = models.DecimalField("预算（元）", max_digits=16, decimal_places=2)
    committed = models.DecimalField("已承诺（元）", max_digits=16, decimal_places=2, default=Decimal("0.00"))
    paid = models.DecimalField("已拨付（元）", max_digits=16, decimal_places=2, default=Decimal("0.00"))
    rules = models.JSONField("补贴规则")
    # 型号指导价: {brand and model: price as text}, the usual price while a model has too few sales
    reference_prices = models.JSONField("型号指导价", default=dict, blank=True)
    # who is paid: the applicant, or the retailer who gave the subsidy off the price at the till
    # (payouts/settlement.py; the default per kind is SETTLEMENT_BY_KIND there)
    settlement = models.CharField(
        "结算对象", max_length=10, choices=Settlement.choices, default=Settlement.APPLICANT
    )
    # 销售商户收款账户: [{name, credit_code, account_name, bank, account}], for retailer settlement
    retailers = models.JSONField("销售商户收款账户", default=list, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name="对应方案指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(committed__lte=F("budget")), name="programme_within_budget"),
            models.CheckConstraint(
                condition=Q(paid__lte=F("committed")), name="programme_paid_within_committed"
            ),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(paid__gte=0), name="programme_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        FLAGGED = "flagged", "待核查"
        PENDING = "pending", "待初审"
        FIRST_APPROVED = "first_approved", "初审通过"
        APPROVED = "approved", "复审通过"
        RETURNED = "returned", "已退回"
        REJECTED = "rejected", "不予补贴"
        PAID = "paid", "已拨付"

    public_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    # 申请编号 SQ-2025-000123: per programme and year of submission, without gaps (intake/numbers.py)
    number = models.CharField("申请编号", max_length=20, blank=True)
    # indexed by the (programme, status) and (programme, fingerprint) indexes below
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="applications", db_index=False
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    source = models.CharField("来源", max_length=10, default="form")
    fingerprint = models.CharField(max_length=64)
    applicant_name = models.CharField("申请人", max_length=100)
    # personal data: encrypted (SM4-GCM), a keyed blind index for duplicate checks, and a mask for display
    id_number_enc = models.TextField(blank=True)
    id_number_index = models.CharField(max_length=64, blank=True)
    id_number_masked = models.CharField(max_length=20, blank=True)
    phone_enc = models.TextField(blank=True)
    phone_index = models.CharField(max_length=64, blank=True)
    phone_masked = models.CharField(max_length=20, blank=True)
    bank_account_enc = models.TextField(blank=True)
    bank_account_index = models.CharField(max_length=64, blank=True)
    bank_account_masked = models.CharField("收款账号", max_length=40, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    category = models.CharField("品类", max_length=40, blank=True)
    grade = models.CharField("能效等级", max_length=4, blank=True)
    brand_model = models.CharField("品牌型号", max_length=200, blank=True)
    serial_number = models.CharField("序列号", max_length=100, blank=True)
    price = models.DecimalField("成交价格", max_digits=14, decimal_places=2, null=True, blank=True)
    invoice_number = models.CharField("发票号码", max_length=20, blank=True)
    voucher_number = models.CharField("旧机回收凭证号", max_length=60, blank=True)
    retailer = models.CharField("销售商户", max_length=200, blank=True)
    transaction_at = models.DateTimeField("交易时间", null=True, blank=True)
    # "2025-10-02 09 商户名": the district's clock hour and the retailer, for the sales-per-hour check
    retailer_hour = models.CharField(max_length=220, blank=True)
    vin = models.CharField("车辆识别代号", max_length=17, blank=True)
    scrap_certificate = models.CharField("报废机动车回收证明编号", max_length=60, blank=True)
    vehicle_type = models.CharField("车辆类型", max_length=40, blank=True)
    machine_type = models.CharField("机具类型", max_length=40, blank=True)
    machine_subsidy = models.DecimalField(
        "原购置补贴额", max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField("补贴金额", max_digits=14, decimal_places=2, default=Decimal("0.00"))
    explanation = models.CharField("计算说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fingerprint"], name="unique_application_fingerprint"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="application_amount_not_negative"),
            # number first: the index also serves the exact search by number across programmes
            models.UniqueConstraint(
                fields=["number", "programme"], condition=~Q(number=""), name="unique_application_number"
            ),
        ]
        # Plain b-tree indexes for the checks' equality look-ups (db_index would add a second, LIKE
        # index per column on PostgreSQL, which the import pays for on every row); columns most rows
        # leave empty are indexed only where filled. On PostgreSQL the looked-up columns compare byte by
        # byte (migration 0014); an AlterField on one of them would set its collation back.
        indexes = [
            models.Index(fields=["programme", "status"], name="application_programme_status"),
            # person first, then programme: the quota look-up must not fall back to scanning a programme
            models.Index(fields=["id_number_index", "programme"], name="application_person_programme"),
            models.Index(fields=["phone_index"], name="application_phone"),
            models.Index(fields=["invoice_number"], name="application_invoice"),
            models.Index(fields=["serial_number"], name="application_serial"),
            models.Index(fields=["voucher_number"], name="application_voucher"),
            models.Index(fields=["retailer_hour"], name="application_retailer_hour"),
            *(
                models.Index(fields=[column], condition=~Q(**{column: ""}), name=f"application_{column}")
                for column in ("vin", "scrap_certificate", "bank_account_index")
            ),
            models.Index(
                fields=["credit_code", "programme"],
                condition=~Q(credit_code=""),
                name="application_enterprise",
            ),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.number or self.public_id}"


class ApplicationCounter(models.Model):
    """The last application number given in a programme and year: locked (select_for_update) by the
    transaction that saves applications, so numbers are handed out in order and without gaps."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_counter_per_programme_year")
        ]

    def __str__(self):
        return f"{self.programme.code} {self.year} {self.last}"


class ModelPrice(models.Model):
    """How many sales of each brand and model were made at each price, the price rounded to three
    significant figures (in cents: 4,299.00 元 counts under 430000), counted as applications come in.
    A model's usual price, the median, is read from a few rows per model however many applications there
    are. Prices flagged as far above the usual are left out."""

    brand_model = models.CharField(max_length=200)
    bucket = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["brand_model", "bucket"], name="model_price_bucket")]

    def __str__(self):
        return self.brand_model


class Flag(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    related = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.code}: {self.message}"


class EquipmentLine(models.Model):
    """One piece of equipment on an enterprise's application, with the invoice that proves its cost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField("设备名称", max_length=200)
    spec = models.CharField("规格型号", max_length=200, blank=True)
    quantity = models.PositiveIntegerField("数量")
    invoice_number = models.CharField("发票号码", max_length=20)
    amount = models.DecimalField("发票金额（元，不含税）", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["invoice_number"], name="equipment_line_invoice")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="equipment_line_amount_positive")
        ]

    def __str__(self):
        return f"{self.name} {self.amount}"


class Invoice(models.Model):
    """An invoice scan attached to an application: checked by content like evidence files, stored under a
    random name outside the database."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="invoices")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class Decision(models.Model):
    class Step(models.TextChoices):
        FIRST = "first", "初审"
        SECOND = "second", "复审"

    class Outcome(models.TextChoices):
        APPROVE = "approve", "通过"
        REJECT = "reject", "不予补贴"
        RETURN = "return", "退回补正"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField("环节", max_length=8, choices=Step.choices)
    outcome = models.CharField("结论", max_length=8, choices=Outcome.choices)
    reason = models.CharField("理由", max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_step_display()}{self.get_outcome_display()}"


class PayoutBatch(models.Model):
    """A batch finance built (制单); a second finance officer reviews it (复核) before its bank file can be
    exported or the bank's results recorded. A returned batch's items are cancelled, so its applications
    wait for the next batch."""

    class Review(models.TextChoices):
        WAITING = "waiting", "待复核"
        APPROVED = "approved", "复核通过"
        RETURNED = "returned", "复核退回"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="payout_batches")
    idempotency_key = models.CharField(max_length=100, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    review = models.CharField("复核", max_length=8, choices=Review.choices, default=Review.WAITING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.CharField("复核意见", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.programme.code} 拨付批次 {self.pk}"


class PayoutItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待拨付"
        PAID = "paid", "已拨付"
        FAILED = "failed", "拨付失败"
        VOIDED = "voided", "已撤销（批次退回）"

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(max_length=200, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # An application is paid once: at most one payout item that has not failed or been voided.
            models.UniqueConstraint(
                fields=["application"],
                condition=~Q(status__in=["failed", "voided"]),
                name="one_live_payout_per_application",
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.amount}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    error = models.CharField(max_length=300, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    # rows read by the first pass over the file (the models' usual prices), before any is taken in
    rows_read = models.PositiveIntegerField("已读取行数", default=0)
    total_rows = models.PositiveIntegerField("总行数", null=True, blank=True)
    stored_name = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # the queue consumer working on the job ("host:pid:token"), empty while it waits in the queue: see
    # imports/heartbeat.py
    worker = models.CharField(max_length=120, blank=True, default="")
    accepted = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["programme", "sha256"], name="one_import_per_file")]

    def __str__(self):
        return f"{self.programme.code} {self.file_name}"


class ImportRow(models.Model):
    """One line of the import's result: its number in the file (header = 1), the outcome and why."""

    # looked up through the (job, number) unique index below, which a second index on job would repeat
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows", db_index=False)
    number = models.PositiveIntegerField("行号")
    result = models.CharField("结果", max_length=8)
    reason = models.CharField("原因", max_length=500, blank=True)
    amount = models.DecimalField("补贴金额", max_digits=14, decimal_places=2, null=True)
    application = models.ForeignKey(Application, null=True, on_delete=models.SET_NULL)
    cells = models.JSONField("原始数据")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="unique_import_row")]

    def __str__(self):
        return f"{self.job} 第{self.number}行"
