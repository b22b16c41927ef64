"""The subsidies' changes that ask someone to act, told in their notification centre: an import that has
ended (done or failed) to whoever started it, and its flagged rows, in one summary, to the caseworkers of
the programme's department; an application the automatic checks flagged (待核查) to those caseworkers;
one through its first decision to the approvers of the department; one through its second to finance,
who pays it next (one standing notice per programme with the number waiting, not one per application); a payout batch built to the other finance officers, one of whom reviews it (复核), and
the review's outcome to whoever built it; one returned for correction to whoever entered it. The texts give the job's or
application's number and the programme, never an applicant or an amount."""

from urllib.parse import urlencode

from django.urls import reverse

from liangxin.accounts.roles import Role
from liangxin.notifications import inbox
from liangxin.subsidies.models import Application, ImportJob, PayoutBatch


def import_ended(job_id: int) -> None:
    job = ImportJob.objects.select_related("programme", "created_by").get(pk=job_id)
    import_flagged(job)
    if job.created_by is None:
        return
    what = f"第 {job.pk} 号导入（{job.programme.name}）"
    if job.status == ImportJob.Status.DONE:
        text = f"{what}已完成：受理 {job.accepted} 条，标记 {job.flagged} 条，拒收 {job.refused} 条"
    else:
        text = f"{what}未能完成，请查看原因"
    url = reverse("subsidies:import", args=[job.pk])
    inbox.notify([job.created_by], "import_finished", text, url, obj=job)


def import_flagged(job: ImportJob) -> None:
    """One notice for all the rows an import flagged, however many, with the list of those waiting."""
    if not job.flagged:
        return
    caseworkers = _checkers(job.programme, job.created_by_id)
    text = f"第 {job.pk} 号导入（{job.programme.name}）有 {job.flagged} 条申请经自动校验待核查"
    inbox.notify(caseworkers, "application_flagged", text, _flagged_list(job.programme), obj=job)


def _checkers(programme, entered_by: int | None):
    """The department's caseworkers but whoever entered the rows, who may not decide on them."""
    return inbox.people(Role.CASEWORKER, programme.department).exclude(pk=entered_by)


def _flagged_list(programme) -> str:
    query = urlencode({"programme": programme.code, "status": Application.Status.FLAGGED})
    return f"{reverse('subsidies:list')}?{query}"


def entered(app: Application) -> None:
    """An application submitted or corrected on its own (not by an import): flagged, it waits on a
    caseworker's check."""
    if app.status != Application.Status.FLAGGED:
        return
    caseworkers = _checkers(app.programme, app.created_by_id)
    text = f"{app.programme.name}申请 {app.number}经自动校验待核查"
    url = reverse("subsidies:detail", args=[app.public_id])
    inbox.notify(caseworkers, "application_flagged", text, url, obj=app)


def decided(app: Application) -> None:
    """Tell whom the application now waits on, by the state the decision left it in."""
    what = f"{app.programme.name}申请 {app.number}"
    url = reverse("subsidies:detail", args=[app.public_id])
    if app.status == Application.Status.FIRST_APPROVED:
        approvers = inbox.people(Role.APPROVER, app.programme.department)
        inbox.notify(approvers, "application_waiting", f"{what}初审通过，待复审", url, obj=app)
    elif app.status == Application.Status.APPROVED:
        # one standing notice per programme, its count kept current, rather than one per application
        text = _waiting_for_payment(app.programme)
        payouts = reverse("subsidies:payouts")
        inbox.notify_standing(
            inbox.people(Role.FINANCE), "application_approved", text, payouts, app.programme
        )
    elif app.status == Application.Status.RETURNED and app.created_by is not None:
        inbox.notify([app.created_by], "application_returned", f"{what}已退回补正", url, obj=app)


def _waiting_for_payment(programme) -> str:
    """What finance's standing notice of the programme says: how many approved applications no batch
    holds yet."""
    waiting = Application.objects.filter(programme=programme, status=Application.Status.APPROVED)
    count = waiting.exclude(payouts__status__in=["pending", "paid"]).count()
    return f"{programme.name}有 {count} 份申请复审通过，待拨付"


def batch_built(batch: PayoutBatch, items: int) -> None:
    """A new batch waits for a finance officer other than its maker to review it."""
    checkers = inbox.people(Role.FINANCE).exclude(pk=batch.created_by_id)
    text = f"{batch.programme.name}拨付批次 {batch.pk}（{items} 笔）待复核"
    inbox.notify(checkers, "payout_waiting", text, reverse("subsidies:payout", args=[batch.pk]), obj=batch)
    # a batch takes every approved application no batch holds: the programme's standing notice is settled
    inbox.settle_standing("application_approved", batch.programme)


def batch_reviewed(batch: PayoutBatch) -> None:
    outcome = (
        "复核通过，可导出银行文件"
        if batch.review == PayoutBatch.Review.APPROVED
        else "被复核退回，请查看意见"
    )
    text = f"{batch.programme.name}拨付批次 {batch.pk}{outcome}"
    url = reverse("subsidies:payout", args=[batch.pk])
    inbox.notify([batch.created_by], "payout_reviewed", text, url, obj=batch)
