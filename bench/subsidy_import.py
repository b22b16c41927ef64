"""Benchmark of the appliance import; prints figures, asserts nothing.

    .venv/bin/python bench/subsidy_import.py [--rows 200000] [--full] [--db sqlite|postgres|both] [--profile]

Generates N appliance rows (default 200,000; 1,000,000 with --full) with realistic duplicates (a few per
cent reuse an invoice, a serial number or a person's category quota; some share a phone; some carry a
bad ID check digit; one sale in a hundred is priced at twice the model's usual price; sales spread over
the shops' opening hours of 2025, but for one shop entering a day's sales in one hour), imports them through the project's pipeline (parsing, checks, SM4 encryption,
blind indexes, row results) and, in the same run, inserts the same rows into a bare table the plainest
way the database offers (SQLite executemany, PostgreSQL COPY). Prints rows per second for both, their
ratio, and the process's peak memory; --profile prints where the import's time goes.
Each database runs in its own child process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "liangxin_bench_import"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
REGIONS = ("370902", "370911", "370921", "370923", "370982", "370983")  # 泰安's counties, as in the demo


def _demo_categories() -> list[str]:
    """The appliance categories of the demo programme, so the benchmark follows the programme file."""
    import yaml

    data = yaml.safe_load(
        (REPO / "liangxin/subsidies/programmes/data/programmes-demo.yaml").read_text(encoding="utf-8")
    )
    return next(p for p in data["programmes"] if p["code"] == "appliance-2025")["rules"]["categories"]


CATEGORIES = _demo_categories()
HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "品类",
    "能效等级",
    "品牌型号",
    "序列号",
    "成交价格",
    "发票号码",
    "旧机回收凭证号",
    "销售商户",
    "交易时间",
]
START_OF_1950 = datetime(1950, 1, 1)  # noqa: DTZ001 - a date of birth
START_OF_2025 = datetime(2025, 1, 1)  # noqa: DTZ001 - written to the file as the district writes times
TARGET_SECONDS_PER_MILLION = 180
TARGET_MEMORY_MIB = 1024


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 rows")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime", help="the profile's order (tottime, cumulative)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.full:
        args.rows = 1_000_000
    return args


def id_number(i: int, bad: bool) -> str:
    """Person i's ID number, different for every i below 18 million (a birth date and a sequence number)."""
    born = START_OF_1950 + timedelta(days=i % 18000)
    first = f"{REGIONS[i % len(REGIONS)]}{born:%Y%m%d}{i // 18000 % 1000:03d}"
    check = CHECK[sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11]
    return first + (CHECK[(CHECK.index(check) + 1) % 11] if bad else check)


def price(model: int, rng: random.Random) -> str:
    """A model's price varies by ±15 % around its own list price; one sale in a hundred is marked up 2×."""
    base = 800 + (model * 37) % 11200
    factor = rng.uniform(0.85, 1.15) * (2 if rng.random() < 0.01 else 1)
    return f"{base * factor:.2f}"


def sale(i: int, rng: random.Random) -> tuple[str, str]:
    """(retailer, time): 400 shops selling from 8:00 to 20:00 on any day of 2025, a handful of sales per
    shop and hour at most; one row in five hundred comes from a shop entering a day's sales in one
    hour, which the sales-per-hour check must catch."""
    if rng.random() < 0.002:
        return "商户集中录入", f"2025-06-18 10:{i % 60:02d}"
    moment = START_OF_2025 + timedelta(
        days=rng.randrange(365), hours=rng.randrange(8, 20), minutes=rng.randrange(60)
    )
    return f"商户{rng.randrange(400)}", f"{moment:%Y-%m-%d %H:%M}"


def write_rows(path: Path, n: int) -> None:
    rng = random.Random(20250101)  # noqa: S311 - test data
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            person = i if rng.random() > 0.03 else max(i - rng.randint(1, 50), 0)  # same person again
            invoice = i if rng.random() > 0.01 else max(i - 1, 0)  # an invoice claimed twice
            serial = i if rng.random() > 0.01 else max(i - 2, 0)
            phone = i if rng.random() > 0.02 else i % 997  # a few phones shared by many people
            writer.writerow(
                [
                    f"用户{person}",
                    id_number(person, rng.random() < 0.002),
                    f"139{phone:08d}",
                    CATEGORIES[person % 12 if person != i else rng.randrange(12)],
                    rng.choices(["一级", "2级", "3级"], weights=[60, 35, 5])[0],
                    f"品牌 M{i % 300}",
                    f"SN{serial:09d}",
                    price(i % 300, rng),
                    f"{24372000000000000000 + invoice}",
                    f"HS{i:09d}",
                    *sale(i, rng),
                ]
            )


def peak_mib() -> tuple[float, float]:
    """The import process's peak resident memory, and the largest of its finished workers'."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def setup_django(db: str, workdir: Path, pg_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "liangxin.settings"
    os.environ["LIANGXIN_DATA_DIR"] = str(workdir / "data")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = f"{pg_url.rstrip('/')}/{PG_DATABASE}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def timed_queries(totals: dict):
    """A database execute wrapper adding up the time of each kind of statement (its first words)."""
    import re

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"\s+", " ", re.sub(r"\(%s(, %s)*\)|%s(, %s)+", "…", sql))[:110]
            spent, calls = totals.get(key, (0.0, 0))
            totals[key] = (spent + time.perf_counter() - started, calls + 1)

    return wrapper


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user and system) of this process, and of its children that have ended (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class ServerClock:
    """CPU time of this connection's PostgreSQL backend, read from /proc (the server runs on this
    machine); None on SQLite or when it cannot be read."""

    def __init__(self):
        from django.db import connection

        self.pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
        self.start = self._read()

    def _read(self) -> float | None:
        if self.pid is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def seconds(self) -> float | None:
        end = self._read()
        return None if end is None or self.start is None else end - self.start


def plain_insert(path: Path) -> float:
    """The same rows into a bare table, the plainest way: executemany on SQLite, COPY on PostgreSQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        cursor.execute(
            "CREATE TABLE bench_plain (" + ", ".join(f"c{i} text" for i in range(len(HEADER))) + ")"
        )
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        if connection.vendor == "postgresql":
            raw = connection.connection
            with raw.cursor() as cursor, cursor.copy("COPY bench_plain FROM STDIN") as copy:
                for row in reader:
                    copy.write_row(row)
            raw.commit()
        else:
            with connection.cursor() as cursor:
                batch = []
                placeholders = ", ".join("?" * len(HEADER))
                for row in reader:
                    batch.append(row)
                    if len(batch) >= 10000:
                        cursor.executemany(f"INSERT INTO bench_plain VALUES ({placeholders})", batch)  # noqa: S608
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO bench_plain VALUES ({placeholders})", batch)  # noqa: S608
            connection.commit() if not connection.get_autocommit() else None
    return time.perf_counter() - started


def child(args) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="liangxin-bench-import-"))
    db = args.db
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    setup_django(db, workdir, args.pg_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from liangxin.audit.cli import cli_actor
    from liangxin.demo.accounts import install_demo
    from liangxin.plans.models import Plan
    from liangxin.subsidies.imports import pipeline
    from liangxin.subsidies.models import Programme
    from liangxin.subsidies.programmes import catalogue

    with cli_actor():
        install_demo()
        catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    path = workdir / "rows.csv"
    started = time.perf_counter()
    write_rows(path, args.rows)
    print(
        f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)"
    )
    programme = Programme.objects.get(code="appliance-2025")
    job = pipeline.start(None, programme, path)
    profiler, queries = None, {}
    if args.profile:
        import cProfile

        from django.db import connection

        connection.execute_wrappers.append(timed_queries(queries))
        profiler = cProfile.Profile()
        profiler.enable()
    server = ServerClock()
    cpu = cpu_seconds()
    started = time.perf_counter()
    with cli_actor():
        job = pipeline.run(None, job, path)
    seconds = time.perf_counter() - started
    cpu = [after - before for before, after in zip(cpu, cpu_seconds(), strict=True)]
    server_seconds = server.seconds()
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(30)
        print("time in the database by statement (seconds, calls):")
        for statement, (spent, calls) in sorted(queries.items(), key=lambda item: -item[1][0])[:15]:
            print(f"  {spent:7.2f} {calls:6d}  {statement}")
    plain = plain_insert(path)
    rate, plain_rate = args.rows / seconds, args.rows / plain
    per_million = seconds * 1_000_000 / args.rows
    print(f"== {db}: {args.rows:,} rows")
    print(
        f"project import   {seconds:8.1f} s  {rate:10,.0f} rows/s   (通过 {job.accepted:,}, 待核查 {job.flagged:,}, "
        f"拒绝 {job.refused:,})"
    )
    print(f"plain insert     {plain:8.1f} s  {plain_rate:10,.0f} rows/s")
    print(f"ratio            {seconds / plain:8.1f}×")
    own, worker = peak_mib()
    from django.conf import settings

    together = own + settings.IMPORT_WORKERS * worker  # an upper bound: forked workers share pages
    print(
        f"peak memory      {together:8.0f} MiB   (import process {own:,.0f} MiB, "
        f"{settings.IMPORT_WORKERS} workers at most {worker:,.0f} MiB each)"
    )
    per_row = lambda spent: f"{spent * 1e6 / args.rows:,.0f} µs/row"  # noqa: E731
    print(f"CPU              import process {per_row(cpu[0])}, its workers {per_row(cpu[1])}", end="")
    print(f", database server {per_row(server_seconds)}" if server_seconds is not None else "")
    mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
    print(
        f"  {mark(per_million <= TARGET_SECONDS_PER_MILLION)} 1,000,000 rows within 3 minutes: "
        f"{per_million / 60:.1f} min at this rate"
    )
    print(f"  {mark(together < TARGET_MEMORY_MIB)} peak memory under 1 GiB, workers included")
    if db == "postgres":
        from django.db import connection

        connection.close()
        import psycopg

        with psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


def main() -> None:
    args = arguments()
    if args.child:
        child(args)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        command = [
            sys.executable,
            __file__,
            "--child",
            "--db",
            db,
            "--rows",
            str(args.rows),
            "--pg-url",
            args.pg_url,
        ]
        if args.profile:
            command += ["--profile", "--sort", args.sort]
        subprocess.run(command, check=False)  # noqa: S603


if __name__ == "__main__":
    main()
