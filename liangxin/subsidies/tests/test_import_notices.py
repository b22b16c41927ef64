"""An import that has ended tells whoever started it, in their notification centre: done with its counts,
or failed; never a row's content. An application's decisions tell whom it then waits on."""

import pytest

from liangxin.accounts.models import User
from liangxin.notifications.models import Notification
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import applications
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_imports import rows, write_csv
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


def test_a_finished_import_tells_its_starter_with_its_counts(tmp_path):
    programme = load()
    clerk = User.objects.get(username="swj_clerk")
    path = write_csv(tmp_path / "f.csv", rows(3, bad={1}))
    job = pipeline.run(clerk, pipeline.start(clerk, programme, path), path)
    note = Notification.objects.get(recipient=clerk)
    assert note.kind == "import_finished" and note.url == f"/subsidies/imports/{job.pk}/"
    assert note.text == f"第 {job.pk} 号导入（{programme.name}）已完成：受理 2 条，标记 0 条，拒收 1 条"
    assert (note.object_type, note.object_id) == ("subsidies.importjob", str(job.pk))
    assert Notification.objects.exclude(recipient=clerk).count() == 0


def test_a_failed_import_tells_its_starter_without_the_rows_content(tmp_path):
    programme = load()
    clerk = User.objects.get(username="swj_clerk")
    path = write_csv(tmp_path / "huge.csv", rows(1))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("张三," + "9" * 200_000 + "\n")
    job = pipeline.start(clerk, programme, path)
    with pytest.raises(pipeline.ImportRefused):
        pipeline.run(clerk, job, path)
    note = Notification.objects.get(recipient=clerk)
    assert note.text == f"第 {job.pk} 号导入（{programme.name}）未能完成，请查看原因"
    assert "张三" not in note.text


def test_a_first_approval_waits_for_the_departments_approver_and_a_return_goes_to_the_clerk():
    appliance = load()
    app, _ = applications.submit(person("swj_clerk"), appliance, row())
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    note = Notification.objects.get(recipient=person("swj_approver"))
    assert note.kind == "application_waiting" and note.url == f"/subsidies/applications/{app.public_id}/"
    assert note.text == f"{appliance.name}申请 {app.number}初审通过，待复审"
    assert not Notification.objects.filter(recipient=person("gxj_approver")).exists()
    decisions.second_decision(person("swj_approver"), app, "return", "发票不清晰")
    returned = Notification.objects.get(recipient=person("swj_clerk"), kind="application_returned")
    assert returned.text == f"{appliance.name}申请 {app.number}已退回补正"
    assert app.applicant_name not in returned.text
