"""A payout batch approved by a second finance officer, for tests about what comes after the review."""

from liangxin.accounts.models import User
from liangxin.subsidies.models import PayoutBatch
from liangxin.subsidies.payouts import batches


def reviewed(batch: PayoutBatch) -> PayoutBatch:
    return batches.review_batch(User.objects.get(username="czj_checker"), batch, approve=True)
