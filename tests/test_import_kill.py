"""A real SIGKILL of a running `liangxin subsidy import`, as a crash or an `kill -9` would do it.

The promise: the database is left as before the import or with whole batches committed, never half a
row; the import's worker processes do not outlive it; and the same command again finds the same job (by
the file's SHA-256) and finishes the file without taking any row twice.

The import runs as the console command in a subprocess, against a fresh SQLite file of its own. The test
only reads that file (plain sqlite3, read-only) to decide when to kill and to check what was left.
"""

import contextlib
import csv
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liangxin.subsidies.imports import pipeline

REPO = Path(__file__).resolve().parent.parent
LIANGXIN = Path(sys.executable).parent / "liangxin"
ROWS = 6000
BATCH = 1000  # smaller than the default, so that the file makes several batches
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_DIGITS = "10X98765432"
REGIONS = ("370902", "370911", "370921", "370923", "370982", "370983")  # 泰安's counties, as in the demo
CATEGORIES = ["冰箱", "洗衣机", "电视", "空调", "电脑", "热水器", "家用灶具", "吸油烟机", "微波炉", "净水器"]
ACCEPTED, FLAGGED, REFUSED = (pipeline.RESULTS[k] for k in ("pending", "flagged", "refused"))

# What `liangxin demo` installs, without its two years of generated dispatch history (which takes longer
# than the whole import): the Taishan plan, the demo accounts, and the demo programmes (appliance-2025).
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from liangxin.audit.cli import cli_actor
from liangxin.plans.models import Plan
from liangxin.subsidies.programmes import catalogue
from liangxin.demo.accounts import DEFAULT_PLAN_CODE, install_demo
with cli_actor():
    install_demo()
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code=DEFAULT_PLAN_CODE))
"""


def id_number(i: int) -> str:
    """A distinct resident ID number for each i, with its GB 11643 check digit."""
    first = f"{REGIONS[i % len(REGIONS)]}{1950 + i % 50}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
    return first + CHECK_DIGITS[sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11]


def write_rows(path: Path, n: int) -> Path:
    """n valid rows, no two alike: every row is taken in (通过 or 待核查), none refused."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(pipeline.HEADERS))
        for i in range(n):
            writer.writerow(
                [
                    f"用户{i}",
                    id_number(i),
                    f"139{i:08d}",
                    CATEGORIES[i % len(CATEGORIES)],
                    "一级" if i % 3 else "2级",
                    f"品牌 M{i % 300}",
                    f"SN{i:09d}",
                    f"{1000 + i % 5000}.00",
                    f"{24372000000000000000 + i}",
                    f"HS{i:09d}",
                    f"商户{i % 400}",
                    f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d} {i % 12 + 8:02d}:00",
                ]
            )
    return path


def environment(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANGXIN_", "DJANGO_", "DATABASE_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        LIANGXIN_DATA_DIR=str(folder / "data"),
        LIANGXIN_ENV="development",
        DJANGO_SETTINGS_MODULE="liangxin.settings",
        LIANGXIN_IMPORT_WORKERS="1",
        LIANGXIN_IMPORT_BATCH=str(BATCH),
    )
    return env


def read(db: Path, sql: str, params=()) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def one(db: Path, sql: str, params=()):
    return read(db, sql, params)[0][0]


# The job and, read in the same statement (so from the same committed state), what it has taken in.
JOB = """
SELECT j.id, j.status, j.rows_done, j.accepted, j.flagged, j.refused,
    (SELECT count(*) FROM subsidies_importrow r WHERE r.job_id = j.id),
    (SELECT count(*) FROM subsidies_application)
FROM subsidies_importjob j WHERE j.sha256 = ?
"""


def the_job(db: Path, sha: str) -> tuple | None:
    """(id, status, rows_done, accepted, flagged, refused), checking on the way that this committed state,
    the one a kill at this instant would leave, holds whole batches: the test looks at many of them."""
    found = read(db, JOB, (sha,))
    if not found:
        return None
    *job, rows, taken_in = found[0]
    _, status, rows_done, accepted, flagged, _ = job
    assert rows_done % BATCH == 0 or status == "done", f"rows_done {rows_done} is not whole batches"
    assert rows == rows_done, f"{rows} import rows committed for rows_done {rows_done}"
    assert taken_in == accepted + flagged, f"{taken_in} applications committed for {accepted} + {flagged}"
    return tuple(job)


def process_stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) from /proc, or None if the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), fields[19]


def children_of(parent: int) -> set[tuple[int, str]]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := process_stat(int(entry.name))) and stat[1] == parent:
            found.add((int(entry.name), stat[2]))
    return found


def survivors(marker: str, workers: set[tuple[int, str]]) -> dict[int, str]:
    """Live (not zombie) processes that are one of `workers` (same pid and start time, so not a reused
    pid) or whose command line names the import's file: a forked worker keeps its parent's."""
    alive = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        stat = process_stat(pid)
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if stat is None or stat[0] == "Z" or pid == os.getpid():
            continue
        if (pid, stat[2]) in workers or marker in cmdline:
            alive[pid] = f"{pid} (parent {stat[1]}): {cmdline}"
    return alive


class KillMissed(Exception):
    """The import finished before the kill could land in its middle (a very fast machine)."""


def in_transaction(pid: int, db: Path) -> bool:
    """Whether `pid` is inside a write transaction on the database: it holds SQLite's WAL write lock, an
    exclusive POSIX lock on byte 120 of the -shm file. Read from /proc/locks, which takes no lock."""
    try:
        inode = os.stat(f"{db}-shm").st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if fields[1] == "->":  # a waiter, not a holder
            continue
        kind, mode, holder, file, first = fields[1], fields[3], fields[4], fields[5], fields[6]
        if (kind, mode, holder, first) == ("POSIX", "WRITE", str(pid), "120") and file.endswith(f":{inode}"):
            return True
    return False


def kill_after_a_batch(
    env: dict, path: Path, sha: str, work: Path, after: int, delay: float, n: int
) -> tuple[int, int]:
    """Start the import; once it has committed a batch beyond `after` rows, SIGKILL it inside its next
    batch's transaction (`delay` seconds into it); check that its worker processes die with it. Returns
    rows_done as committed just before the kill, and as first seen beyond `after`."""
    db = work / "db.sqlite3"
    log = work / f"kill-after-{after}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(LIANGXIN), "subsidy", "import", "appliance-2025", str(path)],
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline, seen = time.monotonic() + 90, None
        while True:
            if process.poll() is not None:
                assert process.returncode == 0, log.read_text(errors="replace")
                raise KillMissed(f"the import finished before it could be killed after {after} rows")
            if seen is None:
                job = the_job(db, sha)
                if job and job[1] == "done":
                    raise KillMissed("the job was done before the kill")
                seen = job[2] if job and job[2] > after else None
            elif in_transaction(process.pid, db):
                time.sleep(delay)
                before = the_job(db, sha)  # what is committed; the transaction in flight is not seen
                if in_transaction(process.pid, db):
                    break
            if time.monotonic() > deadline:
                waiting = "a batch committed" if seen is None else "the import inside a write transaction"
                pytest.fail(f"never saw {waiting} in 90 s:\n" + log.read_text(errors="replace"))
            time.sleep(0.01 if seen is None else 0.001)
        workers = children_of(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != -signal.SIGKILL or before[1] == "done":
        raise KillMissed(f"the import had ended ({process.returncode}, {before}) before the kill")
    if before[2] == n:
        # every batch was in and the workers gone: the kill hit the job's closing transaction, not a batch
        raise KillMissed(f"the import had taken in all {n} rows before the kill")
    assert len(workers) == 1, f"expected one worker process (LIANGXIN_IMPORT_WORKERS=1), saw {workers}"
    # The workers' watchdog looks for its parent every 0.5 s; give them a few seconds.
    deadline = time.monotonic() + 5
    while (alive := survivors(str(path), workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:  # they are this test's own; leave none behind when failing
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not alive, "worker processes survived the killed import:\n" + "\n".join(alive.values())
    return before[2], seen


def check_consistent(db: Path, sha: str, n: int) -> tuple:
    """What every state of the database must satisfy, killed or finished: the job's counters, its rows
    and the applications agree, row for row."""
    assert one(db, "PRAGMA integrity_check") == "ok"
    assert read(db, "PRAGMA foreign_key_check") == []
    job = the_job(db, sha)
    assert job is not None
    job_id, status, rows_done, accepted, flagged, refused = job
    assert one(db, "SELECT count(*) FROM subsidies_importjob") == 1
    # whole batches only, and the rows after the header numbered 2.. without a gap or a repeat
    assert rows_done % BATCH == 0 or (status == "done" and rows_done == n), job
    numbers = read(
        db,
        "SELECT count(*), count(DISTINCT number), min(number), max(number) FROM subsidies_importrow"
        " WHERE job_id = ?",
        (job_id,),
    )[0]
    assert numbers == (rows_done, rows_done, 2, rows_done + 1), (job, numbers)
    assert one(db, "SELECT count(*) FROM subsidies_importrow") == rows_done
    assert accepted + flagged + refused == rows_done, job
    by_result = dict(read(db, "SELECT result, count(*) FROM subsidies_importrow GROUP BY result"))
    assert by_result.get(ACCEPTED, 0) == accepted and by_result.get(FLAGGED, 0) == flagged, by_result
    assert by_result.get(REFUSED, 0) == refused, by_result
    # every application taken in has exactly its import row, and every taken row its application
    assert one(db, "SELECT count(*) FROM subsidies_application") == accepted + flagged, job
    assert one(db, "SELECT count(*) FROM subsidies_application WHERE status = 'flagged'") == flagged
    orphans = one(
        db,
        "SELECT count(*) FROM subsidies_application WHERE id NOT IN"
        " (SELECT application_id FROM subsidies_importrow WHERE job_id = ? AND application_id IS NOT NULL)",
        (job_id,),
    )
    assert orphans == 0
    linked = read(
        db,
        "SELECT count(application_id), count(DISTINCT application_id) FROM subsidies_importrow"
        " WHERE result IN (?, ?)",
        (ACCEPTED, FLAGGED),
    )[0]
    assert linked == (accepted + flagged, accepted + flagged), linked
    duplicates = read(
        db,
        "SELECT fingerprint, count(*) FROM subsidies_application GROUP BY programme_id, fingerprint"
        " HAVING count(*) > 1",
    )
    assert duplicates == []
    stray_flags = one(
        db,
        "SELECT count(*) FROM subsidies_flag WHERE application_id NOT IN (SELECT id FROM subsidies_application)",
    )
    assert stray_flags == 0
    return job


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated database with the demo installed, and its data folder (keys), made once."""
    folder = tmp_path_factory.mktemp("import-kill-template")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETUP],
        env=environment(folder),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    db = folder / "db.sqlite3"
    assert one(db, "SELECT count(*) FROM subsidies_programme WHERE code = 'appliance-2025'") == 1
    assert one(db, "SELECT count(*) FROM subsidies_application") == 0
    return folder


def copy_of(template: Path, work: Path) -> dict:
    work.mkdir()
    shutil.copytree(template / "data", work / "data")
    source = sqlite3.connect(template / "db.sqlite3")
    target = sqlite3.connect(work / "db.sqlite3")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return environment(work)


def killed_twice_then_finished(template: Path, work: Path, n: int) -> None:
    env = copy_of(template, work)
    db = work / "db.sqlite3"
    path = write_rows(work / "appliances.csv", n)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()

    # killed at the very start of the transaction of the batch after the first
    committed, seen = kill_after_a_batch(env, path, sha, work, after=0, delay=0, n=n)
    job = check_consistent(db, sha, n)
    # the batch in flight is gone (or, if it committed in the instant before the kill, whole)
    assert job[1] == "running" and job[2] in (committed, committed + BATCH), (committed, job)
    assert 0 < seen <= job[2] < n, (seen, job)

    # the same command resumes; killed again, in the middle of a later batch's transaction
    first = job[2]
    committed, seen = kill_after_a_batch(env, path, sha, work, after=first, delay=0.05, n=n)
    job = check_consistent(db, sha, n)
    assert job[1] == "running" and job[2] in (committed, committed + BATCH), (committed, job)
    assert first < seen <= job[2] < n, (first, seen, job)

    # and once more, to the end
    result = subprocess.run(  # noqa: S603
        [str(LIANGXIN), "subsidy", "import", "appliance-2025", str(path)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"从第 {job[2] + 2} 行继续导入" in result.stdout, result.stdout
    job = check_consistent(db, sha, n)
    assert job[1:3] == ("done", n), job
    assert job[3] + job[4] == n and job[5] == 0, job  # every row taken in exactly once, none as a duplicate
    assert f"导入完成：共 {n} 行" in result.stdout, result.stdout


def test_a_killed_import_leaves_whole_batches_no_workers_and_resumes(template, tmp_path):
    # On a machine fast enough to finish the file between two looks at the database, try a larger file.
    for attempt, n in enumerate((ROWS, ROWS * 4)):
        try:
            killed_twice_then_finished(template, tmp_path / f"attempt-{attempt}", n)
            return
        except KillMissed as missed:
            reason = missed
    pytest.fail(f"could not kill the import in its middle even with {n} rows: {reason}")
