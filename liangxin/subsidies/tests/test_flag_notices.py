"""The notices of the steps after intake: an application the automatic checks flagged waits on the
caseworkers of its programme's department (an import tells them once, however many rows it flagged); one
through its second decision waits on finance, who builds the payout batch. No applicant, no amount."""

import pytest

from liangxin.notifications.models import Notification
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import applications
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.test_applications import ID_B, row
from liangxin.subsidies.tests.test_imports import HEADER, write_csv
from liangxin.subsidies.tests.test_review import load, numbered, person

pytestmark = pytest.mark.django_db


def test_a_flagged_application_waits_on_its_departments_caseworkers():
    appliance = load()
    applications.submit(person("swj_clerk"), appliance, row())
    assert not Notification.objects.filter(kind="application_flagged").exists()
    twin, _ = applications.submit(
        person("swj_clerk"), appliance, row(id_number=ID_B, name="李四", transaction_at="2025-06-19 10:00")
    )
    assert twin.status == "flagged"
    note = Notification.objects.get(kind="application_flagged")
    assert note.recipient == person("swj_caseworker")
    assert note.text == f"{appliance.name}申请 {twin.number}经自动校验待核查"
    assert note.url == f"/subsidies/applications/{twin.public_id}/"
    assert "李四" not in note.text and ID_B not in note.text


def test_an_import_flagging_many_rows_sends_one_summary(tmp_path):
    appliance = load()
    clerk = person("swj_clerk")
    # every row shares one invoice: each after the first is flagged as a duplicate invoice
    data = [numbered(i) | {"invoice_number": "24372000000000009999"} for i in range(6)]
    path = write_csv(tmp_path / "f.csv", [[r[pipeline.HEADERS[h]] for h in HEADER] for r in data])
    job = pipeline.run(clerk, pipeline.start(clerk, appliance, path), path)
    assert job.flagged == 5
    note = Notification.objects.get(kind="application_flagged")
    assert note.recipient == person("swj_caseworker")
    assert note.text == f"第 {job.pk} 号导入（{appliance.name}）有 5 条申请经自动校验待核查"
    assert note.url == f"/subsidies/applications/?programme={appliance.code}&status=flagged"
    assert Notification.objects.get(recipient=clerk).kind == "import_finished"


def test_a_second_approval_waits_on_finance_for_the_payout():
    appliance = load()
    app, _ = applications.submit(person("swj_clerk"), appliance, row())
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    decisions.second_decision(person("swj_approver"), app, "approve", "同意补贴")
    notes = Notification.objects.filter(kind="application_approved")
    assert {n.recipient.username for n in notes} == {"czj_finance", "czj_checker"}
    note = notes[0]
    assert note.text == f"{appliance.name}申请 {app.number}复审通过，待拨付"
    assert note.url == "/subsidies/payouts/"
    assert str(app.amount) not in note.text
