"""Payouts: finance builds a batch from approved applications (制单), a second finance officer reviews it
(复核: approves it, or returns it with a reason, which voids its items), then the bank file is exported and
the bank's results recorded. A payout asked twice (the same idempotency key, or the same application) pays once;
the ledger reconciles budget, committed, paid and remaining to the cent."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core import crypto, excel, identifiers
from liangxin.core.errors import Conflict, FieldProblem, Invalid
from liangxin.subsidies import access, notices
from liangxin.subsidies.intake import numbers
from liangxin.subsidies.models import Application, PayoutBatch, PayoutItem, Programme
from liangxin.subsidies.payouts import settlement

S = Application.Status
CENT = Decimal("0.01")


class PayoutError(Conflict):
    pass


class ResultFileInvalid(Invalid):
    """A bank result file that cannot be read at all (not a row of it: those are listed by number)."""

    def body(self) -> dict:
        return {"detail": f"银行回单有误：{self.message}"}


def _unpaid(programme: Programme):
    return (
        Application.objects.filter(programme=programme, status=S.APPROVED)
        .exclude(payouts__status__in=[PayoutItem.Status.PENDING, PayoutItem.Status.PAID])
        .order_by("number", "id")
    )


@dataclass(frozen=True)
class Payee:
    """One row of the bank file: whom, to which account, how much, for which applications."""

    name: str
    identity: str  # ID number or 统一社会信用代码
    bank: str
    account: str
    amount: Decimal
    numbers: list[str]


@dataclass(frozen=True)
class Preview:
    """What a batch of the programme would pay now, shown before finance confirms it."""

    programme: Programme
    settlement: settlement.Settlement
    count: int
    total: Decimal
    payees: list[Payee]
    problems: list[str]


def _listed(numbers: list[str]) -> str:
    return "、".join(numbers[:20]) + (f" 等 {len(numbers)} 份" if len(numbers) > 20 else "")


def _payees(programme: Programme, apps: list, whole: bool, progress=None) -> tuple[list[Payee], list[str]]:
    """The bank file's parties: each applicant, or each retailer with its applications added up; and
    what stops the batch (a party without an account), naming it. `progress(done, total)` is told as
    the applicants' accounts are decrypted, the slow part of a big bank file."""
    if programme.settlement != settlement.RETAILER:
        lacking = {a.number for a in apps if not (a.bank_account_enc and a.bank_name)}
        problems = (
            [f"以下申请未填写开户银行或收款账号，无法拨付申请人：{_listed(sorted(lacking))}"]
            if lacking
            else []
        )
        payees = []
        for done, app in enumerate(apps):
            if progress is not None and done % 500 == 0:
                progress(done, len(apps))
            if app.number not in lacking:
                payees.append(_applicant(app, whole))
        return payees, problems
    accounts = settlement.retailer_accounts(programme)
    grouped: dict[str, list] = {}
    for app in apps:
        grouped.setdefault(app.retailer, []).append(app)
    problems = []
    if "" in grouped:
        problems.append(
            f"以下申请没有销售商户，无法与商户结算：{_listed([a.number for a in grouped.pop('')])}"
        )
    if missing := sorted(name for name in grouped if name not in accounts):
        problems.append(f"以下销售商户未登记收款账户（补贴项目的销售商户收款账户）：{'、'.join(missing)}")
    payees = []
    for name, found in sorted(grouped.items()):
        if name not in accounts:
            continue
        party = accounts[name]
        account = party["account"] if whole else identifiers.mask_account(party["account"])
        payees.append(
            Payee(
                party.get("account_name") or name,
                party.get("credit_code", ""),
                party["bank"],
                account,
                _cents(sum((a.amount for a in found), Decimal(0))),
                [a.number for a in found],
            )
        )
    return payees, problems


def _person(app: Application, whole: bool) -> str:
    return app.applicant_name if whole or app.credit_code else identifiers.mask_name(app.applicant_name)


def _applicant(app: Application, whole: bool) -> Payee:
    context = f"subsidies.application:{app.public_id}"
    if app.credit_code:
        identity = app.credit_code
    elif whole and app.id_number_enc:
        identity = crypto.decrypt(app.id_number_enc, f"{context}:id_number")
    else:
        identity = app.id_number_masked
    if whole:
        account = crypto.decrypt(app.bank_account_enc, f"{context}:bank_account")
    else:
        account = app.bank_account_masked
    return Payee(_person(app, whole), identity, app.bank_name, account, app.amount, [app.number])


def payees_of(batch: PayoutBatch) -> tuple[list[Payee], list[str]]:
    """A batch's payees as its bank file names them, masked (for its page)."""
    items = batch.items.select_related("application").order_by("application__number", "id")
    return _payees(batch.programme, [item.application for item in items], whole=False)


def preview(user, programme: Programme) -> Preview:
    """The count and total a new batch would pay, its payees (masked) and what would refuse it."""
    access.require_action(user, programme, "pay")
    apps = list(_unpaid(programme))
    payees, problems = _payees(programme, apps, whole=False)
    if not apps:
        problems = ["没有待拨付的已批准申请"]
    total = _cents(sum((a.amount for a in apps), Decimal(0)))
    return Preview(
        programme, settlement.SETTLEMENTS[programme.settlement], len(apps), total, payees, problems
    )


@transaction.atomic
def build_batch(user, programme: Programme, idempotency_key: str) -> tuple[PayoutBatch, bool]:
    """A batch of the programme's approved unpaid applications, once per idempotency key: the same key
    again answers the batch it built (created False), the same key for another programme is refused.
    A batch with a payee lacking an account (a retailer under retailer settlement, an applicant
    otherwise) is refused, naming it."""
    access.require_action(user, programme, "pay")
    existing = PayoutBatch.objects.filter(idempotency_key=idempotency_key).select_related("programme").first()
    if existing is not None:
        if existing.programme_id != programme.pk:  # the same key for another request is a client's error
            raise Invalid(
                f"幂等键（idempotency_key）“{idempotency_key}”已用于补贴项目“{existing.programme.name}”的"
                f"拨付批次 {existing.pk}，不能再用于“{programme.name}”：每次新的请求请使用新的幂等键"
            )
        return existing, False
    apps = list(_unpaid(programme).select_for_update())
    if not apps:
        raise PayoutError("没有待拨付的已批准申请")
    _, problems = _payees(programme, apps, whole=False)
    if problems:
        raise PayoutError("；".join(problems))
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
    notices.batch_built(batch, len(apps))
    return batch, True


@transaction.atomic
def review_batch(user, batch: PayoutBatch, approve: bool, reason: str = "") -> PayoutBatch:
    """The second finance officer's review (复核) of a batch another built: approved, its bank file may be
    exported; returned (with a reason), its items are voided and its applications wait for a new batch."""
    scope.require(user, "subsidy.pay")
    PayoutBatch.objects.select_for_update().get(pk=batch.pk)  # one review at a time
    batch.refresh_from_db()  # as the review before this one left it
    if batch.review != PayoutBatch.Review.WAITING:
        raise PayoutError(f"拨付批次 {batch.pk} 已{batch.get_review_display()}，不能再复核")
    if batch.created_by_id == user.pk:
        raise PayoutError("制单与复核须由两人分别完成：您生成的批次请由另一位财政人员复核")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise Invalid("退回批次须写明理由", [FieldProblem("reason", "退回批次须写明理由")])
    batch.review = PayoutBatch.Review.APPROVED if approve else PayoutBatch.Review.RETURNED
    batch.reviewed_by, batch.reviewed_at, batch.review_reason = user, timezone.now(), reason[:300]
    batch.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_reason"])
    if not approve:
        batch.items.update(status=PayoutItem.Status.VOIDED, note=reason[:200], settled_at=batch.reviewed_at)
    chain.record(
        "payout.approve" if approve else "payout.return",
        obj=batch,
        after={"review": batch.review, "reason": batch.review_reason},
    )
    notices.batch_reviewed(batch)
    return batch


def require_approved(batch: PayoutBatch, what: str) -> None:
    if batch.review != PayoutBatch.Review.APPROVED:
        raise PayoutError(f"拨付批次 {batch.pk} {batch.get_review_display()}，复核通过后才能{what}")


BANK_HEADERS = [
    "序号",
    "收款方户名",
    "证件号码/统一社会信用代码",
    "开户银行",
    "收款账号",
    "金额（元）",
    "笔数",
    "申请编号",
]
DETAIL_HEADERS = ["申请编号", "收款方户名", "申请人", "销售商户", "金额（元）", "状态"]
RESULT_HEADERS = ["申请编号", "结果", "备注"]
PAID_WORDS = {"成功", "已拨付", "已支付", "paid"}
FAILED_WORDS = {"失败", "拨付失败", "退回", "failed"}


def _numbers_cell(numbers: list[str]) -> str:
    return "、".join(numbers) if len(numbers) <= 3 else f"{numbers[0]} 等 {len(numbers)} 份（见“明细”）"


def bank_file_name(batch: PayoutBatch) -> str:
    return f"{batch.programme.name}-拨付批次{batch.pk}.xlsx"


def bank_file(user, batch: PayoutBatch, progress=None) -> bytes:
    """The batch for the bank: one row per payee (each applicant, or each retailer with its
    applications added up), its name, bank and account those of one party; the sheet 明细 lists every
    application by its number. Whole names, ID numbers and accounts only for a payer allowed them for
    the bank (finance); masked otherwise. Either way the export is audited."""
    scope.require(user, "subsidy.pay")
    require_approved(batch, "导出银行文件")
    whole = scope.has_perm(user, "payout.accounts")
    items = list(batch.items.select_related("application").order_by("id"))
    payees, _ = _payees(batch.programme, [item.application for item in items], whole, progress)
    workbook = excel.new_workbook()
    excel.add_sheet(
        workbook,
        "拨付清单",
        BANK_HEADERS,
        [
            [n, p.name, p.identity, p.bank, p.account, p.amount, len(p.numbers), _numbers_cell(p.numbers)]
            for n, p in enumerate(payees, start=1)
        ],
        [6, 24, 26, 28, 26, 14, 6, 34],
    )
    payee_of = {number: p.name for p in payees for number in p.numbers}
    excel.add_sheet(
        workbook,
        "明细",
        DETAIL_HEADERS,
        [
            [
                i.application.number,
                payee_of.get(i.application.number, ""),
                _person(i.application, whole),
                i.application.retailer,
                i.amount,
                i.get_status_display(),
            ]
            for i in items
        ],
        [18, 24, 16, 24, 14, 10],
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
    require_approved(batch, "登记银行结果")
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
            before = PayoutItem.objects.filter(_application_is(batch, public_id)).first()
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


def _application_is(batch: PayoutBatch, reference: str) -> Q:
    """The batch's item of an application named by its number (SQ-2025-000123, as the bank file gives
    it) or its public id (the API's)."""
    if number := numbers.normalised(reference):
        return Q(batch=batch, application__number=number)
    return Q(batch=batch, application__public_id=access.public_id_of(reference))


@transaction.atomic
def record_result(user, batch: PayoutBatch, public_id: str, paid: bool, note: str = "") -> PayoutItem:
    """The bank's answer for one item; recording the same answer again changes nothing."""
    scope.require(user, "subsidy.pay")
    require_approved(batch, "登记银行结果")
    item = (
        PayoutItem.objects.select_for_update()
        .select_related("application")
        .filter(_application_is(batch, public_id))
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
