"""Payouts: finance builds a batch from approved applications, exports the bank file, and records the
bank's results. A payout asked twice (the same idempotency key, or the same application) pays once;
the ledger reconciles budget, committed, paid and remaining to the cent."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from liangxin import excel
from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.subsidies.models import Application, PayoutBatch, PayoutItem, Programme

S = Application.Status


class PayoutError(ValueError):
    pass


@transaction.atomic
def build_batch(user, programme: Programme, idempotency_key: str) -> tuple[PayoutBatch, bool]:
    scope.require(user, "subsidy.pay")
    existing = PayoutBatch.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
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


def bank_file(user, batch: PayoutBatch) -> bytes:
    scope.require(user, "subsidy.pay")
    workbook = excel.new_workbook()
    excel.add_sheet(
        workbook,
        "拨付清单",
        ["序号", "申请编号", "收款方", "申请人", "身份证号", "金额（元）"],
        [
            [
                i,
                str(item.application.public_id),
                item.application.retailer or item.application.applicant_name,
                item.application.applicant_name[:1] + "*" * (len(item.application.applicant_name) - 1),
                item.application.id_number_masked,
                item.amount,
            ]
            for i, item in enumerate(batch.items.select_related("application"), start=1)
        ],
        [6, 38, 24, 10, 22, 14],
    )
    chain.record("export", obj=batch, after={"what": "bank file", "items": batch.items.count()})
    return excel.to_bytes(workbook)


@transaction.atomic
def record_result(user, batch: PayoutBatch, public_id: str, paid: bool, note: str = "") -> PayoutItem:
    """The bank's answer for one item; recording the same answer again changes nothing."""
    scope.require(user, "subsidy.pay")
    item = (
        PayoutItem.objects.select_for_update()
        .select_related("application")
        .filter(batch=batch, application__public_id=public_id)
        .first()
    )
    if item is None:
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


def ledger(programme: Programme) -> Ledger:
    programme.refresh_from_db()
    zero = Decimal("0.00")
    committed = (
        Application.objects.filter(programme=programme, status__in=[S.APPROVED, S.PAID]).aggregate(
            s=Sum("amount")
        )["s"]
        or zero
    )
    paid = (
        PayoutItem.objects.filter(batch__programme=programme, status=PayoutItem.Status.PAID).aggregate(
            s=Sum("amount")
        )["s"]
        or zero
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
        out.append(
            ProgrammeMoney(programme, ledger(programme), approved["n"], approved["s"] or Decimal("0.00"))
        )
    return out
