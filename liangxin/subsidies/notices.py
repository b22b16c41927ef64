"""The subsidies' changes that ask someone to act, told in their notification centre: an import that has
ended (done or failed) to whoever started it; an application through its first decision to the approvers
of the programme's department; one returned for correction to whoever entered it. The texts give the
job's or application's number and the programme, never an applicant or an amount."""

from django.urls import reverse

from liangxin.accounts.roles import Role
from liangxin.notifications import inbox
from liangxin.subsidies.models import Application, ImportJob


def import_ended(job_id: int) -> None:
    job = ImportJob.objects.select_related("programme", "created_by").get(pk=job_id)
    if job.created_by is None:
        return
    what = f"第 {job.pk} 号导入（{job.programme.name}）"
    if job.status == ImportJob.Status.DONE:
        text = f"{what}已完成：受理 {job.accepted} 条，标记 {job.flagged} 条，拒收 {job.refused} 条"
    else:
        text = f"{what}未能完成，请查看原因"
    url = reverse("subsidies:import", args=[job.pk])
    inbox.notify([job.created_by], "import_finished", text, url, obj=job)


def decided(app: Application) -> None:
    """Tell whom the application now waits on, by the state the decision left it in."""
    what = f"{app.programme.name}申请 {app.number}"
    url = reverse("subsidies:detail", args=[app.public_id])
    if app.status == Application.Status.FIRST_APPROVED:
        approvers = inbox.people(Role.APPROVER, app.programme.department)
        inbox.notify(approvers, "application_waiting", f"{what}初审通过，待复审", url, obj=app)
    elif app.status == Application.Status.RETURNED and app.created_by is not None:
        inbox.notify([app.created_by], "application_returned", f"{what}已退回补正", url, obj=app)
