"""Import throughput through the task queue against the import in a process of its own; prints figures,
asserts nothing.

    .venv/bin/python bench/queue.py [--rows 20000] [--queue sqlite|redis]

The same file (bench/subsidy_import.py's rows) is imported twice into fresh copies of one migrated SQLite
database: once uploaded and run by `liangxin subsidy resume JOB` in a process of its own, as the web page's
detached process ran it before the queue; once uploaded and queued as the web page does now, taken by
one `liangxin worker` started for it. Both times are from the process's start to the job's end, so the queued one
includes the consumer's start-up (about a second); both use LIANGXIN_IMPORT_WORKERS (default 2).

    .venv/bin/python bench/queue.py --scale-out [--rows 20000]

Scaling out: two files of `--rows` rows each (two halves of one generated file, so no row repeats the
other's) uploaded and queued into fresh copies of one migrated PostgreSQL database (BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432) on a Redis queue (REDIS_URL, default redis://127.0.0.1:6379/0), then
imported by one `liangxin worker --threads 1` (one import after the other) and by two (one each, as two
machines would). Timed from the consumers' start to both jobs' end.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from subsidy_import import write_rows  # noqa: E402

LIANGXIN = Path(sys.executable).parent / "liangxin"
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
# what the web page does with an upload: keep the file and make its job (and, queued, queue it)
UPLOAD = """
import sys
import django
django.setup()
from pathlib import Path
from liangxin.accounts.models import User
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import Programme
path = Path(sys.argv[1])
user = User.objects.get(username="swj_caseworker")
job, _ = pipeline.store_upload(Programme.objects.get(code="appliance-2025"), path.name, [path.read_bytes()], user)
if sys.argv[2] == "queue":
    pipeline.launch(job)
print(job.pk)
"""


def environment(folder: Path, queue: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANGXIN_", "DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        LIANGXIN_DATA_DIR=str(folder / "data"),
        LIANGXIN_ENV="development",
        DJANGO_SETTINGS_MODULE="liangxin.settings",
        LIANGXIN_IMPORT_WORKERS=os.environ.get("LIANGXIN_IMPORT_WORKERS", "2"),
        PYTHONPATH=str(REPO),
    )
    return env | queue


def copy(template: Path, folder: Path) -> None:
    shutil.copytree(template / "data", folder / "data")
    source, target = sqlite3.connect(template / "db.sqlite3"), sqlite3.connect(folder / "db.sqlite3")
    source.backup(target)
    source.close()
    target.close()


def finished(db: Path) -> tuple[str, int] | None:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        row = connection.execute("SELECT status, rows_done FROM subsidies_importjob").fetchone()
    finally:
        connection.close()
    return row if row and row[0] != "running" else None


def upload(env: dict, path: Path, then: str) -> str:
    answer = subprocess.run(  # noqa: S603
        [sys.executable, "-c", UPLOAD, str(path), then], env=env, check=True, capture_output=True, text=True
    )
    return answer.stdout.strip()


def own_process(template: Path, folder: Path, path: Path, queue: dict) -> float:
    """`liangxin subsidy resume JOB`: the process the web page started, detached, before the queue."""
    copy(template, folder)
    env = environment(folder, queue)
    job = upload(env, path, "keep")
    started = time.perf_counter()
    subprocess.run([str(LIANGXIN), "subsidy", "resume", job], env=env, check=True, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def queued(template: Path, folder: Path, path: Path, queue: dict) -> float:
    copy(template, folder)
    env = environment(folder, queue)
    upload(env, path, "queue")
    started = time.perf_counter()
    consumer = subprocess.Popen(  # noqa: S603
        [str(LIANGXIN), "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while (done := finished(folder / "db.sqlite3")) is None:
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        consumer.terminate()
        consumer.wait()
    assert done[0] == "done", done
    return elapsed


PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)  # noqa: S603,S607


def jobs_ended(database: str) -> list[str] | None:
    """The import jobs' statuses once none is running (psql: this file's name hides the stdlib's queue,
    which psycopg needs)."""
    answer = subprocess.run(  # noqa: S603
        ["psql", f"{PG}/{database}", "-Atc", "SELECT status FROM subsidies_importjob"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    found = answer.stdout.split()
    return found if found and "running" not in found else None


def consumers(template: str, folder: Path, files: list[Path], count: int, queue: dict) -> float:
    """Both files queued into a copy of the template database, imported by `count` consumers."""
    database = f"{template}_{count}"
    psql(f"CREATE DATABASE {database} TEMPLATE {template}")
    shutil.copytree(folder / "template" / "data", folder / f"data{count}")
    env = environment(folder, queue) | {
        "DATABASE_URL": f"{PG}/{database}",
        "LIANGXIN_DATA_DIR": str(folder / f"data{count}"),
    }
    for path in files:
        upload(env, path, "queue")
    started = time.perf_counter()
    running = [
        subprocess.Popen(  # noqa: S603
            [str(LIANGXIN), "worker", "--threads", "1", *(["--no-periodic"] if n else [])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]
    try:
        while (done := jobs_ended(database)) is None:
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        for consumer in running:
            consumer.terminate()
            consumer.wait()
        psql(f"DROP DATABASE {database}")
    assert set(done) == {"done"}, done
    return elapsed


def scale_out(rows: int) -> None:
    queue = {
        "LIANGXIN_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    template = f"lx_bench_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {template}")
    try:
        with tempfile.TemporaryDirectory(prefix="liangxin-bench-queue-") as work:
            work = Path(work)
            (work / "template").mkdir()
            env = environment(work / "template", queue) | {"DATABASE_URL": f"{PG}/{template}"}
            subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, cwd=REPO)  # noqa: S603
            whole = work / "all.csv"
            write_rows(whole, 2 * rows)
            header, *lines = whole.read_text(encoding="utf-8-sig").splitlines(keepends=True)
            files = [work / "first.csv", work / "second.csv"]
            for n, path in enumerate(files):
                path.write_text(header + "".join(lines[n * rows : (n + 1) * rows]), encoding="utf-8-sig")
            timings = {count: consumers(template, work, files, count, queue) for count in (1, 2)}
    finally:
        psql(f"DROP DATABASE IF EXISTS {template}")
    print(f"两个文件各 {rows} 行，PostgreSQL 数据库，Redis 队列，每个消费进程一个线程")
    for count, elapsed in timings.items():
        print(f"{count} 个消费进程：{elapsed:.1f} 秒，{2 * rows / elapsed:,.0f} 行/秒")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--queue", choices=["sqlite", "redis"], default="sqlite")
    parser.add_argument(
        "--scale-out", action="store_true", help="PostgreSQL and Redis: one consumer against two"
    )
    args = parser.parse_args()
    if args.scale_out:
        scale_out(args.rows)
        return
    queue = {"LIANGXIN_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}"}
    if args.queue == "redis":
        queue["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    with tempfile.TemporaryDirectory(prefix="liangxin-bench-queue-") as work:
        work = Path(work)
        template = work / "template"
        template.mkdir()
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP], env=environment(template, queue), check=True, cwd=REPO
        )
        path = work / "appliances.csv"
        write_rows(path, args.rows)
        alone = own_process(template, work / "alone", path, queue)
        through = queued(template, work / "queued", path, queue)
    print(f"{args.rows} 行，SQLite 数据库，{args.queue} 队列")
    print(f"独立进程（liangxin subsidy resume）：{alone:.1f} 秒，{args.rows / alone:,.0f} 行/秒")
    print(f"任务队列（一个 liangxin worker）：  {through:.1f} 秒，{args.rows / through:,.0f} 行/秒")


if __name__ == "__main__":
    main()
