"""Subsidies' part of the home page's to-do list (core.todo): applications waiting for the caseworker's
first decision (初审) or check (待核查), running imports, applications waiting for the approver (复审),
approved ones not yet paid and payout batches another finance officer built, waiting for review (finance), and an enterprise's own applications with the programmes it may
apply to now. Counted through `access.applications_for` and the other querysets of access.py."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.scope import has_perm
from liangxin.core.todo import Todo, contribute
from liangxin.subsidies import access
from liangxin.subsidies.models import Application, ImportJob, PayoutBatch, PayoutItem

A = Application.Status
LIVE_PAYOUT = [PayoutItem.Status.PENDING, PayoutItem.Status.PAID]


def _list_url(**filters) -> str:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return reverse("subsidies:list") + (f"?{query}" if query else "")


def _waiting(user, code: str, label: str, status: str) -> Todo:
    count = access.applications_for(user).filter(status=status).count()
    return Todo(code=code, label=label, count=count, url=_list_url(status=status))


def _staff(user) -> list[Todo]:
    items = []
    if has_perm(user, "subsidy.first"):
        items.append(_waiting(user, "to_first", "待初审的申请", A.PENDING))
        items.append(_waiting(user, "flagged", "待核查的申请（校验发现问题）", A.FLAGGED))
    if has_perm(user, "subsidy.second"):
        items.append(_waiting(user, "to_second", "待复审的申请", A.FIRST_APPROVED))
    if has_perm(user, "subsidy.import"):
        running = access.imports_for(user).filter(status=ImportJob.Status.RUNNING).count()
        items.append(
            Todo(
                code="imports_running",
                label="正在进行的批量导入",
                count=running,
                url=reverse("subsidies:imports"),
            )
        )
    return items


def _finance(user) -> list[Todo]:
    approved = access.applications_for(user).filter(status=A.APPROVED)
    unbatched = approved.exclude(payouts__status__in=LIVE_PAYOUT).count()
    batches = access.payout_batches_for(user)
    sent = PayoutItem.objects.filter(
        batch__in=batches.filter(review=PayoutBatch.Review.APPROVED), status=PayoutItem.Status.PENDING
    ).count()
    # a batch is reviewed by a finance officer other than the one who built it
    to_review = batches.filter(review=PayoutBatch.Review.WAITING).exclude(created_by=user).count()
    url = reverse("subsidies:payouts")
    return [
        Todo(
            code="to_review",
            label="待复核的拨付批次",
            count=to_review,
            url=f"{url}?status=waiting",
            detail="制单与复核分离：复核通过后才能导出银行文件",
        ),
        Todo(
            code="to_pay",
            label="已复审通过、尚未拨付的申请",
            count=unbatched,
            url=url,
            detail="可生成拨付批次",
        ),
        Todo(code="awaiting_bank", label="已出拨付批次、待导入银行回单的申请", count=sent, url=url),
    ]


def _enterprise(user) -> list[Todo]:
    mine = access.applications_for(user)
    by_status = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
    items = []
    if by_status.get(A.RETURNED):
        items.append(
            Todo(
                code="returned",
                label="已退回、待补正的申请",
                count=by_status[A.RETURNED],
                url=_list_url(status=A.RETURNED),
            )
        )
    total = sum(by_status.values())
    states = "；".join(f"{label} {by_status[code]}" for code, label in A.choices if by_status.get(code))
    items.append(
        Todo(code="own_applications", label="本企业的申请", count=total, url=_list_url(), detail=states)
    )
    today = timezone.localdate()
    for programme in access.programmes_to_apply(user).filter(open_until__gte=today).order_by("open_until"):
        items.append(
            Todo(
                code="open_programme",
                label=f"可申报：{programme.name}",
                count=None,
                url=reverse("subsidies:new", args=[programme.code]),
                detail=f"受理截止 {programme.open_until.year}年{programme.open_until.month}月{programme.open_until.day}日",
            )
        )
    return items


@contribute("subsidies", "补贴申请", order=20)
def subsidy_todos(user) -> list[Todo]:
    if has_perm(user, "subsidy.pay"):
        return _finance(user)
    if has_perm(user, "subsidy.view"):
        return _staff(user)
    if has_perm(user, "subsidy.apply_own"):
        return _enterprise(user)
    return []
