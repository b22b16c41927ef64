"""What the imports and payouts lists can be narrowed to: plain functions over a queryset already in the
user's scope, shared by the pages and the API."""

from django.db.models import Count, Q, QuerySet

from liangxin.core.codes import Registry
from liangxin.subsidies.models import PayoutBatch, PayoutItem


def find_imports(jobs: QuerySet, q: str | None = None, status: str | None = None) -> QuerySet:
    """Import jobs whose file name holds `q`, in `status` (导入中, 已完成, 失败) if given."""
    if q := (q or "").strip():
        jobs = jobs.filter(file_name__icontains=q)
    if status:
        jobs = jobs.filter(status=status)
    return jobs


class BatchStatus:
    def __init__(self, code: str, label: str, condition: Q):
        self.code, self.label, self.condition = code, label, condition


# a batch's state is its review's until it is approved, then that of its items: while any waits for the
# bank's result it is open
WAITING, APPROVED, RETURNED = PayoutBatch.Review
BATCH_STATUSES: Registry[BatchStatus] = Registry("拨付批次状态")
BATCH_STATUSES.add(BatchStatus("waiting", "待复核", Q(review=WAITING)))
BATCH_STATUSES.add(BatchStatus("open", "待登记结果", Q(review=APPROVED, open_items__gt=0)))
BATCH_STATUSES.add(BatchStatus("failed", "有拨付失败", Q(review=APPROVED, open_items=0, failed_items__gt=0)))
BATCH_STATUSES.add(BatchStatus("done", "全部拨付", Q(review=APPROVED, open_items=0, failed_items=0)))
BATCH_STATUSES.add(BatchStatus("returned", "复核退回", Q(review=RETURNED)))


def find_payout_batches(
    batches: QuerySet, programme: str | None = None, status: str | None = None
) -> QuerySet:
    """Payout batches of a programme (its code), in a state of BATCH_STATUSES if given; an unknown state
    finds none."""
    if programme:
        batches = batches.filter(programme__code=programme)
    if status:
        wanted = BATCH_STATUSES.get(status)
        if wanted is None:
            return batches.none()
        batches = batches.annotate(
            open_items=Count("items", filter=Q(items__status=PayoutItem.Status.PENDING), distinct=True),
            failed_items=Count("items", filter=Q(items__status=PayoutItem.Status.FAILED), distinct=True),
        ).filter(wanted.condition)
    return batches
