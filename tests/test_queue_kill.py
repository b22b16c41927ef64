"""A real SIGKILL of a queue consumer (`liangxin worker`) in the middle of an import, with the queue in
SQLite (the embedded default) and in Redis (REDIS_URL, on 127.0.0.1:6379 as in CI).

huey does not deliver a task again once a consumer has taken it, so the promise rests on the job's lease
(imports/heartbeat.py): the next consumer to start finds the job its dead predecessor held and imports the
rest of the file, whole batches only and no row twice. And `liangxin serve` starts a consumer with the web
server and stops both.

Each case has its own SQLite database and data folder; the test only reads the database (read-only) to
decide when to kill and to check what was left, as tests/test_import_kill.py does.
"""

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests import test_import_kill as kill

LEASE_BATCH = 300  # an uploaded file of ROWS rows is taken in 20 batches of this many (its 1/20th)
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

# what the web page does with an upload: keep the file, make its job and queue it
ENQUEUE = """
import sys
import django
django.setup()
from pathlib import Path
from liangxin.accounts.models import User
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import Programme
path = Path(sys.argv[1])
programme = Programme.objects.get(code="appliance-2025")
user = User.objects.get(username="swj_caseworker")
job, _ = pipeline.store_upload(programme, path.name, [path.read_bytes()], user)
pipeline.launch(job)
print(job.pk)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("queue-kill-template")
    result = subprocess.run(
        [sys.executable, "-c", kill.SETUP],
        env=_environment(folder, queue={}),
        cwd=kill.REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def _environment(folder: Path, queue: dict) -> dict:
    """The processes' environment: this test's queue, never one REDIS_URL of the caller's names."""
    env = {k: v for k, v in kill.environment(folder).items() if k != "REDIS_URL"}
    return env | queue


def _copy(template: Path, work: Path, queue: dict) -> dict:
    """A copy of the template's database and data folder in `work`, and its environment."""
    kill.copy_of(template, work)
    return _environment(work, queue)


@pytest.fixture(params=["sqlite", "redis"])
def queue(request):
    """The environment of the queue: SqliteHuey in the data folder, or a Redis queue of its own name,
    flushed afterwards."""
    name = f"liangxin-test-{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        yield {"LIANGXIN_QUEUE_NAME": name}
        return
    from huey import RedisHuey

    yield {"LIANGXIN_QUEUE_NAME": name, "REDIS_URL": REDIS_URL}
    RedisHuey(name, url=REDIS_URL).flush()


def _consumer(env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(kill.LIANGXIN), "worker", "--threads", "1"],
            env=env,
            cwd=kill.REPO,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _kill_mid_batch(consumer: subprocess.Popen, db: Path, sha: str, log: Path, n: int) -> int:
    """SIGKILL the consumer inside a batch's transaction after its first batch; check that its worker
    processes die with it. Returns rows_done as committed just before the kill."""
    deadline = time.monotonic() + 120
    while True:
        assert consumer.poll() is None, log.read_text(errors="replace")
        job = kill.the_job(db, sha)
        if job and job[1] == "done":
            raise kill.KillMissed("the import was done before the kill")
        if job and job[2] > 0 and kill.in_transaction(consumer.pid, db):
            time.sleep(0.02)
            before = kill.the_job(db, sha)
            if kill.in_transaction(consumer.pid, db):
                break
        if time.monotonic() > deadline:
            pytest.fail("never saw the consumer inside a batch in 120 s:\n" + log.read_text(errors="replace"))
        time.sleep(0.002)
    pool = kill.children_of(consumer.pid)
    os.kill(consumer.pid, signal.SIGKILL)
    consumer.wait(timeout=30)
    if before[1] == "done" or before[2] == n:
        raise kill.KillMissed(f"the import had ended before the kill: {before}")
    assert pool, "the import's worker process was not running in the consumer"
    deadline = time.monotonic() + 5
    while (alive := kill.survivors(str(db), pool)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not alive, "worker processes survived the killed consumer:\n" + "\n".join(alive.values())
    return before[2]


def _wait_done(db: Path, sha: str, consumer: subprocess.Popen, log: Path) -> tuple:
    deadline = time.monotonic() + 180
    while (job := kill.the_job(db, sha)) is None or job[1] != "done":
        assert consumer.poll() is None, log.read_text(errors="replace")
        if time.monotonic() > deadline:
            pytest.fail(f"the next consumer did not finish the import in 180 s ({job}):\n" + log.read_text())
        time.sleep(0.2)
    return job


def killed_then_finished(template: Path, work: Path, queue: dict, n: int) -> None:
    env = _copy(template, work, queue)
    db = work / "db.sqlite3"
    path = kill.write_rows(work / "appliances.csv", n)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    queued = subprocess.run(
        [sys.executable, "-c", ENQUEUE, str(path)], env=env, cwd=kill.REPO, capture_output=True, text=True
    )
    assert queued.returncode == 0, queued.stdout + queued.stderr
    assert kill.the_job(db, sha)[1:3] == ("running", 0)  # queued: no consumer runs yet

    log = work / "consumers.log"
    first = _consumer(env, log)
    try:
        committed = _kill_mid_batch(first, db, sha, log, n)
    finally:
        _stop(first)
    job = kill.check_consistent(db, sha, n)
    assert job[1] == "running" and job[2] in (committed, committed + LEASE_BATCH), (committed, job)
    held_by = kill.one(db, "SELECT worker FROM subsidies_importjob WHERE sha256 = ?", (sha,))
    assert held_by.split(":")[1] == str(first.pid)  # the dead consumer still holds the lease

    second = _consumer(env, log)
    try:
        job = _wait_done(db, sha, second, log)
    finally:
        _stop(second)
    job = kill.check_consistent(db, sha, n)
    assert job[1:3] == ("done", n) and job[3] + job[4] == n and job[5] == 0, job
    recovered = kill.read(
        db, "SELECT outcome, message FROM queue_periodicrun WHERE name = 'import_recovery' ORDER BY id"
    )
    # queued again once, by the second consumer as it started (the minute's recovery may run as well)
    assert recovered.count(("ok", f"已重新排队 1 个中断的导入任务：{job[0]}")) == 1, recovered


def test_a_killed_consumers_import_is_finished_by_the_next_consumer(template, tmp_path, queue, monkeypatch):
    monkeypatch.setattr(kill, "BATCH", LEASE_BATCH)
    # on a machine fast enough to finish the file between two looks at the database, a larger file
    for attempt, n in enumerate((kill.ROWS, kill.ROWS * 4)):
        try:
            killed_then_finished(template, tmp_path / f"attempt-{attempt}", queue, n)
            return
        except kill.KillMissed as missed:
            reason = missed
    pytest.fail(f"could not kill the consumer in the middle of the import even with {n} rows: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - the test's own server
            return answer.status == 200
    except OSError:
        return False


def test_serve_runs_the_web_server_and_a_consumer_and_stops_both(template, tmp_path):
    env = _copy(template, tmp_path / "work", {"LIANGXIN_QUEUE_NAME": "serve-test"})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        serve = subprocess.Popen(
            [str(kill.LIANGXIN), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=kill.REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            consuming = "Huey consumer started" in log.read_text(errors="replace")
            if consuming and _answers(f"http://127.0.0.1:{port}/healthz"):
                break
            assert serve.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        children = kill.children_of(serve.pid)
        commands = {pid: (Path(f"/proc/{pid}/cmdline").read_bytes()) for pid, _ in children}
        assert any(b"worker" in c for c in commands.values()) and any(
            b"gunicorn" in c for c in commands.values()
        )
        serve.send_signal(signal.SIGINT)  # Ctrl-C
        assert serve.wait(timeout=60) == 0, log.read_text(errors="replace")
    finally:
        _stop(serve)
    for pid, started in children:
        stat = kill.process_stat(pid)
        assert stat is None or stat[2] != started or stat[0] == "Z", f"{pid} outlived serve"
    # the consumer's lines are logged once, by the platform's own handler (with its request-id column)
    said = log.read_text(errors="replace")
    assert (
        said.count("Huey consumer started") == 1 and "INFO [-] huey.consumer: Huey consumer started" in said
    )
