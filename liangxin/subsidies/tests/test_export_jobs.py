"""Big exports go through the queue (liangxin.queue.jobs); small ones stay downloads at once
(test_pages)."""

import io

import pytest
from openpyxl import load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.queue.models import Job
from liangxin.subsidies.models import PayoutBatch
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.reviewed import reviewed
from liangxin.subsidies.tests.test_applications import ID_A
from liangxin.subsidies.tests.test_pages import app  # noqa: F401 - the fixture
from liangxin.subsidies.tests.test_review import person

pytestmark = pytest.mark.django_db


def file_rows(client, job: Job) -> list[tuple]:
    content = b"".join(client.get(f"/queue/jobs/{job.pk}/file").streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_big_applications_export_is_a_job_with_the_same_filters_and_audit(login, app, settings):  # noqa: F811
    settings.JOB_INLINE_ROWS = 0
    caseworker = login("swj_caseworker")
    queued = caseworker.post(
        "/subsidies/applications/export.xlsx", {"programme": "appliance-2025", "reason": "核对发放名单"}
    )
    job = Job.objects.get()
    assert queued.status_code == 302 and queued["Location"] == f"/queue/jobs/{job.pk}/"
    assert (job.kind, job.status, job.file_name) == (
        "application_export",
        "done",
        "补贴申请（完整信息）.xlsx",
    )
    rows = file_rows(caseworker, job)
    assert rows[1][0] == app.number and rows[1][3] == ID_A
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert (entry.actor_name, entry.via, entry.after["unmasked"], entry.after["filters"]) == (
        "swj_caseworker",
        "queue",
        True,
        {"programme": "appliance-2025"},
    )
    assert login("leader").post("/subsidies/applications/export.xlsx", {"reason": "看看"}).status_code == 403
    assert Job.objects.count() == 1  # a refused export queues nothing


def test_a_big_payout_bank_file_is_a_job_for_finance_only(login, app, settings):  # noqa: F811
    settings.JOB_INLINE_ROWS = 0
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    decisions.second_decision(person("swj_approver"), app, "approve", "同意")
    finance = login("czj_finance")
    finance.post("/subsidies/payouts/new/", {"programme": "appliance-2025", "idempotency_key": "job-key"})
    batch = reviewed(PayoutBatch.objects.get())
    queued = finance.get(f"/subsidies/payouts/{batch.pk}/bank.xlsx")
    job = Job.objects.get()
    assert queued["Location"] == f"/queue/jobs/{job.pk}/" and job.file_name == batches_name(batch)
    rows = file_rows(finance, job)
    assert rows[1][1] == "泰山电器商城" and rows[1][7] == app.number
    assert login("swj_caseworker").get(f"/queue/jobs/{job.pk}/file").status_code == 404


def batches_name(batch: PayoutBatch) -> str:
    return f"{batch.programme.name}-拨付批次{batch.pk}.xlsx"
