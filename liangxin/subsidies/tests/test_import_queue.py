"""The import as a queue task: its lease (imports/heartbeat.py), the recovery of an import whose consumer
is gone, and a consumer that lost its lease stopping. The queue runs tasks at once in tests (huey's
immediate mode); tests/test_queue_kill.py kills real consumers."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.queue import periodic
from liangxin.subsidies import tasks
from liangxin.subsidies.imports import heartbeat, pipeline
from liangxin.subsidies.models import Application, ImportJob
from liangxin.subsidies.tests.test_imports import rows, write_csv
from liangxin.subsidies.tests.test_review import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(tmp_path, settings):
    """An uploaded file of 6 rows (taken in a row per batch, being small), its job not yet queued."""
    settings.IMPORT_DIR = tmp_path / "imports"
    path = write_csv(tmp_path / "f.csv", rows(6))
    user = User.objects.get(username="swj_caseworker")
    job, _ = pipeline.store_upload(load(), "f.csv", [path.read_bytes()], user)
    return job


def a_dead_pid() -> int:
    finished = subprocess.Popen(["true"])  # noqa: S607 - a process that has surely ended
    finished.wait()
    return finished.pid


def held(job: ImportJob, worker: str, ago: int = 0) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        worker=worker, heartbeat_at=timezone.now() - timedelta(seconds=ago)
    )


def test_a_queued_job_is_claimed_by_one_consumer_only(uploaded):
    heartbeat.queued(uploaded)
    assert heartbeat.claim(uploaded.pk, "a:1:x") is True
    assert heartbeat.claim(uploaded.pk, "b:2:y") is False
    assert ImportJob.objects.get(pk=uploaded.pk).worker == "a:1:x"


def test_a_job_is_taken_over_only_from_a_consumer_that_is_gone(uploaded, settings):
    alive_here = heartbeat.new_worker()  # this very process
    held(uploaded, alive_here)
    assert not heartbeat.claim(uploaded.pk, "next:1:x") and heartbeat.to_recover() == []
    held(uploaded, f"{heartbeat.HOST}:{a_dead_pid()}:gone")  # died on this machine: at once
    assert heartbeat.to_recover() == [uploaded]
    assert heartbeat.claim(uploaded.pk, "next:1:x")
    held(uploaded, "other-machine:42:x", ago=settings.IMPORT_LEASE_SECONDS - 5)
    assert heartbeat.to_recover() == [] and not heartbeat.claim(uploaded.pk, "next:1:x")
    held(uploaded, "other-machine:42:x", ago=settings.IMPORT_LEASE_SECONDS + 5)  # its lease expired
    assert heartbeat.to_recover() == [uploaded] and heartbeat.claim(uploaded.pk, "next:1:x")


def test_a_job_queued_and_never_taken_is_queued_again_after_a_lease(uploaded, settings):
    heartbeat.queued(uploaded)
    assert heartbeat.to_recover() == []
    held(uploaded, "", ago=settings.IMPORT_LEASE_SECONDS + 5)
    assert heartbeat.to_recover() == [uploaded]
    ImportJob.objects.filter(pk=uploaded.pk).update(status="done")
    assert heartbeat.to_recover() == []


def test_the_recovery_finishes_an_import_whose_consumer_died(uploaded):
    path = pipeline.stored_path(uploaded)

    def killed(current):
        raise KeyboardInterrupt

    heartbeat.queued(uploaded)
    assert heartbeat.claim(uploaded.pk, f"{heartbeat.HOST}:{a_dead_pid()}:gone")
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(None, uploaded, path, progress=killed, worker=ImportJob.objects.get().worker)
    assert ImportJob.objects.get().rows_done == 1
    run = periodic.run("import_recovery")
    assert (run.outcome, run.message) == ("ok", f"已重新排队 1 个中断的导入任务：{uploaded.pk}")
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, Application.objects.count()) == ("done", 6, 6)
    assert periodic.run("import_recovery").message == "没有中断的导入任务"


def test_a_consumer_that_lost_its_lease_stops_before_its_next_batch(uploaded):
    heartbeat.queued(uploaded)
    assert heartbeat.claim(uploaded.pk, "slow:1:x")

    def taken_over(current):
        held(current, "next:2:y")

    with pytest.raises(pipeline.LeaseLost):
        pipeline.run(None, uploaded, pipeline.stored_path(uploaded), progress=taken_over, worker="slow:1:x")
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, Application.objects.count()) == ("running", 1, 1)


def test_launched_twice_the_file_is_imported_once(uploaded):
    pipeline.launch(uploaded)
    assert tasks.work(uploaded.pk) is None  # done: nothing to claim
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, Application.objects.count()) == ("done", 6, 6)
    assert pipeline.stored_path(job).exists() is False
