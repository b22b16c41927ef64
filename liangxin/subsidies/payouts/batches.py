"""Payouts: finance builds a batch from approved applications, exports the bank file, and records the
bank's results. A payout asked twice (the same idempotency key, or the same application) pays once;
the ledger reconciles budget, committed, paid and remaining to the cent."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core import crypto, excel, identifiers
from liangxin.core.errors import Conflict, Invalid
from liangxin.subsidies import access
from liangxin.subsidies.models import Application, PayoutBatch, PayoutItem, Programme

S = Application.Status
CENT = Decimal("0.01")


class PayoutError(Conflict):
    pass


class ResultFileInvalid(Invalid):
    """A bank result file that cannot be read at all (not a row of it: those are listed by number)."""

    def body(self) -> dict:
        return {"detail": f"银行回单有误：{self.message}"}


@transaction.atomic
def build_batch(user, programme: Programme, idempotency_key: str) -> tuple[PayoutBatch, bool]:
    """A batch of the programme's approved unpaid applications, once per idempotency key: the same key
    again answers the batch it built (created False), the same key for another programme is refused."""
    access.require_action(user, programme, "pay")
    existing = PayoutBatch.objects.filter(idempotency_key=idempotency_key).select_related("programme").first()
    if existing is not None:
        if existing.programme_id != programme.pk:  # the same key for another request is a client's error
            raise Invalid(
                f"幂等键（idempotency_key）“{idempotency_key}”已用于补贴项目“{existing.programme.name}”的"
                f"拨付批次 {existing.pk}，不能再用于“{programme.name}”：每次新的请求请使用新的幂等键"
            )
        return existing, False
    unpaid = (
        Application.objects.select_for_update()
        .filter(programme=programme, status=S.APPROVED)
        .exclude(payouts__status__in=[PayoutItem.Status.PENDING, PayoutItem.Status.PAID])
    )
    apps = list(unpaid)
    if not apps:
        raise PayoutError("没有待拨付的已批准申请")
    try:
        with transaction.atomic():
            batch = PayoutBatch.objects.create(
                programme=programme, idempotency_key=idempotency_key, created_by=user
            )
            PayoutItem.objects.bulk_create(
                [PayoutItem(batch=batch, application=a, amount=a.amount) for a in apps]
            )
    except IntegrityError as exc:
        raise PayoutError("有申请已在其他拨付批次中，请刷新后重试") from exc
    chain.record(
        "payout.batch", obj=batch, after={"items": len(apps), "amount": str(sum(a.amount for a in apps))}
    )
    return batch, True


BANK_HEADERS = ["序号", "申请编号", "收款方", "证件号码", "开户银行", "收款账号", "金额（元）"]
RESULT_HEADERS = ["申请编号", "结果", "备注"]
PAID_WORDS = {"成功", "已拨付", "已支付", "paid"}
FAILED_WORDS = {"失败", "拨付失败", "退回", "failed"}


def _bank_row(number: int, item: PayoutItem, whole: bool) -> list:
    app = item.application
    context = f"subsidies.application:{app.public_id}"
    if app.credit_code:
        identity = app.credit_code
    elif whole and app.id_number_enc:
        identity = crypto.decrypt(app.id_number_enc, f"{context}:id_number")
    else:
        identity = app.id_number_masked
    if whole and app.bank_account_enc:
        account = crypto.decrypt(app.bank_account_enc, f"{context}:bank_account")
    else:
        account = app.bank_account_masked or "（随销售商户结算）"
    if (
        app.retailer and not app.bank_account_enc
    ):  # the trade-in discount was given at the till: the shop is repaid
        payee = app.retailer
    elif whole or app.credit_code:
        payee = app.applicant_name
    else:
        payee = identifiers.mask_name(app.applicant_name)
    return [number, str(app.public_id), payee, identity, app.bank_name, account, item.amount]


def bank_file(user, batch: PayoutBatch) -> bytes:
    """The batch for the bank. Whole names, ID numbers and accounts only for a payer allowed them for the
    bank (finance); masked otherwise. Either way the export is audited."""
    scope.require(user, "subsidy.pay")
    whole = scope.has_perm(user, "payout.accounts")
    items = batch.items.select_related("application").order_by("id")
    workbook = excel.new_workbook()
    excel.add_sheet(
        workbook,
        "拨付清单",
        BANK_HEADERS,
        [_bank_row(i, item, whole) for i, item in enumerate(items, start=1)],
        [6, 38, 24, 22, 24, 26, 14],
    )
    chain.record("export", obj=batch, after={"what": "bank file", "items": len(items), "unmasked": whole})
    return excel.to_bytes(workbook)


@dataclass(frozen=True)
class ResultsRecorded:
    paid: int
    failed: int
    unchanged: int
    problems: list[str]


def record_results_file(user, batch: PayoutBatch, content: bytes) -> ResultsRecorded:
    """The bank's result file (申请编号, 结果 成功/失败, 备注): each row recorded on its own, so a bad row
    is reported by its number and the good ones still count; recording a file again changes nothing."""
    scope.require(user, "subsidy.pay")
    try:
        sheet = excel.read_sheet(content, RESULT_HEADERS)
    except excel.SpreadsheetInvalid as exc:
        raise ResultFileInvalid(str(exc)) from exc
    paid = failed = unchanged = 0
    problems = []
    for number, cells in sheet:
        public_id, outcome, note = (str(cells.get(h) or "").strip() for h in RESULT_HEADERS)
        if outcome not in PAID_WORDS | FAILED_WORDS:
            problems.append(f"第 {number} 行 结果：应为“成功”或“失败”，而不是“{outcome}”")
            continue
        try:
            before = PayoutItem.objects.filter(
                batch=batch, application__public_id=access.public_id_of(public_id)
            ).first()
            item = record_result(user, batch, public_id, outcome in PAID_WORDS, note)
        except PayoutError as exc:
            problems.append(f"第 {number} 行 申请编号：{exc}")
            continue
        if before is not None and before.status == item.status:
            unchanged += 1
        elif item.status == PayoutItem.Status.PAID:
            paid += 1
        else:
            failed += 1
    return ResultsRecorded(paid, failed, unchanged, problems)


@transaction.atomic
def record_result(user, batch: PayoutBatch, public_id: str, paid: bool, note: str = "") -> PayoutItem:
    """The bank's answer for one item; recording the same answer again changes nothing."""
    scope.require(user, "subsidy.pay")
    item = (
        PayoutItem.objects.select_for_update()
        .select_related("application")
        .filter(batch=batch, application__public_id=access.public_id_of(public_id))
        .first()
    )
    if item is None:  # a malformed id included
        raise PayoutError(f"申请 {public_id} 不在本批次中")
    target = PayoutItem.Status.PAID if paid else PayoutItem.Status.FAILED
    if item.status == target:
        return item
    if item.status != PayoutItem.Status.PENDING:
        raise PayoutError(f"申请 {public_id} 已记为“{item.get_status_display()}”，不能再改")
    item.status, item.note, item.settled_at = target, note[:200], timezone.now()
    item.save(update_fields=["status", "note", "settled_at"])
    if paid:
        Programme.objects.filter(pk=batch.programme_id).update(paid=F("paid") + item.amount)
        Application.objects.filter(pk=item.application_id).update(status=S.PAID)
    chain.record(
        "payout.paid" if paid else "payout.failed",
        obj=item.application,
        after={"batch": batch.pk, "amount": str(item.amount), "note": note[:200]},
    )
    return item


@dataclass(frozen=True)
class Ledger:
    budget: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    reconciled: bool


def _cents(total) -> Decimal:
    """A sum of amounts to the cent: SQLite adds decimals as floats (71148.6000000001 for a hundred rows)."""
    return Decimal(total or 0).quantize(CENT)


def ledger(programme: Programme) -> Ledger:
    programme.refresh_from_db()
    committed = _cents(
        Application.objects.filter(programme=programme, status__in=[S.APPROVED, S.PAID]).aggregate(
            s=Sum("amount")
        )["s"]
    )
    paid = _cents(
        PayoutItem.objects.filter(batch__programme=programme, status=PayoutItem.Status.PAID).aggregate(
            s=Sum("amount")
        )["s"]
    )
    return Ledger(
        programme.budget,
        programme.committed,
        programme.paid,
        programme.budget - programme.committed,
        committed == programme.committed and paid == programme.paid,
    )


@dataclass(frozen=True)
class ProgrammeMoney:
    programme: Programme
    ledger: Ledger
    approved_count: int
    approved_amount: Decimal


def money_by_programme(programmes) -> list[ProgrammeMoney]:
    """Budget against spending for the dashboard, and the approved counts that match plan indicators."""
    out = []
    for programme in programmes.select_related("indicator"):
        approved = Application.objects.filter(programme=programme, status__in=[S.APPROVED, S.PAID]).aggregate(
            n=Count("pk"), s=Sum("amount")
        )
        out.append(ProgrammeMoney(programme, ledger(programme), approved["n"], _cents(approved["s"])))
    return out
