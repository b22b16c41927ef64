"""An import that has ended tells whoever started it, in their notification centre: done with its counts,
or failed; never a row's content."""

import pytest

from liangxin.accounts.models import User
from liangxin.notifications.models import Notification
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.tests.test_imports import rows, write_csv
from liangxin.subsidies.tests.test_review import load

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
