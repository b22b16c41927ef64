"""The subsidies' changes that ask someone to act, told in their notification centre: an import that has
ended (done or failed) to whoever started it. The text gives the job's number, programme and counts, never
a row's content."""

from django.urls import reverse

from liangxin.notifications import inbox
from liangxin.subsidies.models import ImportJob


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
