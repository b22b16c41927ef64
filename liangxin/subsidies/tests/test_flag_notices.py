"""The notices of the steps after intake: an application the automatic checks flagged waits on the
caseworkers of its programme's department (an import tells them once, however many rows it flagged); one
through its second decision waits on finance, who builds the payout batch. No applicant, no amount."""

import pytest
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.notifications import channel_setup
from liangxin.notifications.models import Delivery, Notification
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import applications
from liangxin.subsidies.payouts import batches
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


def test_second_approvals_keep_one_standing_notice_per_programme_for_finance():
    appliance = load()
    channel_setup.add(None, Department.objects.get(code="czj"), "email", "mailto:czj@taishan.gov.cn")

    def approve(i: int):
        app, _ = applications.submit(person("swj_clerk"), appliance, numbered(i))
        decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        decisions.second_decision(person("swj_approver"), app, "approve", "同意补贴")
        return app

    first = approve(0)
    notes = Notification.objects.filter(kind="application_approved")
    assert {n.recipient.username for n in notes} == {"czj_finance", "czj_checker"}
    assert {(n.text, n.url) for n in notes} == {
        (f"{appliance.name}有 1 份申请复审通过，待拨付", "/subsidies/payouts/")
    }
    assert str(first.amount) not in notes[0].text and first.number not in notes[0].text
    assert Delivery.objects.count() == 1  # the finance bureau's mailbox, once
    approve(1)
    assert [n.text for n in notes.filter(recipient__username="czj_finance")] == [
        f"{appliance.name}有 2 份申请复审通过，待拨付"
    ]
    assert Delivery.objects.count() == 1  # brought up to date, not sent again
    Notification.objects.filter(recipient__username="czj_checker").update(read_at=timezone.now())
    approve(2)
    checker = notes.filter(recipient__username="czj_checker").order_by("-id")
    assert [n.text for n in checker][
        0
    ] == f"{appliance.name}有 3 份申请复审通过，待拨付" and checker.count() == 2
    batches.build_batch(person("czj_finance"), appliance, "k1")  # the batch holds all three: settled
    assert not notes.filter(read_at__isnull=True).exists()
