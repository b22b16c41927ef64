import stat
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from liangxin.core.errors import Invalid
from liangxin.queue import jobs, periodic
from liangxin.queue.management.commands import worker
from liangxin.queue.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def kind():
    """A kind of job for the test: writes its rows, or fails as `params["fail"]` says."""

    def build(user, params, path, progress):
        failure = {
            "invalid": Invalid("年份：应为四位数字"),
            "denied": PermissionDenied(),
            "bug": KeyError("x"),
        }
        if params.get("fail"):
            raise failure[params["fail"]]
        for done in range(params["rows"]):
            progress(done, params["rows"])
        path.write_text(f"{user.username}:{params['rows']}", encoding="utf-8")
        return "测试文件.txt"

    jobs.job_kind("test_rows", "测试文件")(build)
    yield "test_rows"
    jobs.JOB_KINDS.remove("test_rows")


def person(username):
    return get_user_model().objects.get(username=username)


def test_a_job_runs_as_its_owner_and_its_file_is_the_owners_only(kind, login):
    job = jobs.start(person("swj_caseworker"), kind, {"rows": 300})
    job.refresh_from_db()
    assert (job.status, job.progress, job.file_name, job.error) == ("done", 100, "测试文件.txt", "")
    path = jobs.result_path(job)
    assert (
        stat.S_IMODE(path.stat().st_mode) == 0o600
        and path.read_text(encoding="utf-8") == "swj_caseworker:300"
    )

    owner = login("swj_caseworker")
    page = owner.get(f"/queue/jobs/{job.pk}/").content.decode()
    assert (
        "测试文件" in page
        and "已完成" in page
        and f"/queue/jobs/{job.pk}/file" in page
        and "hx-get" not in page
    )
    download = owner.get(f"/queue/jobs/{job.pk}/file")
    assert b"".join(download.streaming_content) == b"swj_caseworker:300"
    assert "filename*=utf-8''%E6%B5%8B%E8%AF%95%E6%96%87%E4%BB%B6.txt" in download["Content-Disposition"]
    assert download["Cache-Control"] == "no-store"

    for other in ("swj_approver", "admin"):
        assert login(other).get(f"/queue/jobs/{job.pk}/").status_code == 404
        assert login(other).get(f"/queue/jobs/{job.pk}/file").status_code == 404


def test_a_queued_job_is_polled_until_it_ends_and_runs_once(kind, login):
    job = Job.objects.create(kind=kind, owner=person("swj_caseworker"), params={"rows": 10})
    client = login("swj_caseworker")
    page = client.get(f"/queue/jobs/{job.pk}/").content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page and "job-file" not in page
    assert client.get(f"/queue/jobs/{job.pk}/file").status_code == 404  # nothing to download yet
    polled = client.get(f"/queue/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert polled.startswith('<div id="job-progress"') and "<html" not in polled

    assert jobs.run(job.pk).status == "done"
    assert jobs.run(job.pk) is None  # another consumer, or the same task delivered twice: not run again
    assert "已完成" in client.get(f"/queue/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()


@pytest.mark.parametrize(
    ("fail", "error"),
    [
        ("invalid", "年份：应为四位数字"),
        ("denied", "您没有权限生成该文件"),
        ("bug", "生成测试文件时出错（KeyError），请稍后重试或联系系统管理员"),
    ],
)
def test_a_failed_job_says_why_in_chinese_and_leaves_no_file(kind, login, fail, error):
    job = jobs.start(person("swj_caseworker"), kind, {"fail": fail})
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", error) and not jobs.result_path(job).exists()
    page = login("swj_caseworker").get(f"/queue/jobs/{job.pk}/").content.decode()
    assert "失败" in page and error in page and "hx-get" not in page
    assert login("swj_caseworker").get(f"/queue/jobs/{job.pk}/file").status_code == 404


def test_a_job_whose_consumer_died_is_failed_when_a_consumer_starts(kind, settings, monkeypatch):
    settings.PERIODIC_RUN_MAX_MINUTES = 60
    owner, now = person("swj_caseworker"), timezone.now()
    dead = Job.objects.create(
        kind=kind, owner=owner, status="running", started_at=now - timedelta(minutes=61)
    )
    in_hand = Job.objects.create(
        kind=kind, owner=owner, status="running", started_at=now - timedelta(minutes=5)
    )
    waiting = Job.objects.create(kind=kind, owner=owner, created_at=now - timedelta(days=1))
    monkeypatch.setattr(worker, "call_command", lambda *args, **kwargs: None)  # not the consumer itself
    out = StringIO()
    call_command("worker", stdout=out)
    assert "已将 1 个中断的后台任务标为失败" in out.getvalue()
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.error.startswith("生成过程中断") and dead.finished_at
    assert [Job.objects.get(pk=j.pk).status for j in (in_hand, waiting)] == ["running", "queued"]


def test_progress_is_saved_as_a_percent_below_100_until_the_file_is_done(kind):
    job = Job.objects.create(kind=kind, owner=person("swj_caseworker"), status="running")
    progress = jobs.Progress(job)
    progress(50, 200)
    assert Job.objects.get(pk=job.pk).progress == 25
    progress(200, 200)
    assert Job.objects.get(pk=job.pk).progress == 99


def test_a_jobs_file_is_deleted_after_the_days_it_is_kept_and_its_pages_say_so(kind, login, settings):
    settings.JOB_KEEP_DAYS = 7
    old = jobs.start(person("czj_finance"), kind, {"rows": 3})
    new = jobs.start(person("czj_finance"), kind, {"rows": 3})
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    Job.objects.filter(pk=new.pk).update(finished_at=timezone.now() - timedelta(days=6))
    run = periodic.run("job_files")
    assert run.message == "已删除 1 个超过 7 天的后台任务文件"
    assert not jobs.result_path(old).exists() and jobs.result_path(new).exists()
    assert periodic.run("job_files").message == "没有超过 7 天的后台任务文件"
    client = login("czj_finance")
    page = client.get(f"/queue/jobs/{old.pk}/").content.decode()
    assert "文件已超过保留期（7 天）删除" in page and f"/queue/jobs/{old.pk}/file" not in page
    assert client.get(f"/queue/jobs/{old.pk}/file").status_code == 404
    listed = client.get("/queue/jobs/").content.decode()
    assert "已过保留期删除" in listed and f"/queue/jobs/{new.pk}/file" in listed


def test_my_jobs_lists_only_ones_own(kind, login):
    mine = jobs.start(person("czj_finance"), kind, {"rows": 3})
    theirs = jobs.start(person("swj_caseworker"), kind, {"rows": 3})
    page = login("czj_finance").get("/queue/jobs/").content.decode()
    assert f'href="/queue/jobs/{mine.pk}/"' in page and f'href="/queue/jobs/{theirs.pk}/"' not in page
    assert "测试文件" in page and "已完成" in page
    assert "您还没有提交过后台任务" in login("leader").get("/queue/jobs/").content.decode()
