"""Benchmark of the project list: 20,000 projects, the list's query with filters (field, stage, town and a
search, first page) and the whole page; prints figures, asserts nothing.

    .venv/bin/python bench/projects.py [--db sqlite|postgres|both] [--projects 20000] [--runs 15]

Each database gets a fresh instance (SQLite in a temporary file; PostgreSQL a database
`liangxin_bench_projects` on --pg-url, dropped at the end), migrated, with the demo accounts and plan,
400 units and the projects made by bulk_create. Each case is timed as the median of several runs after
a warm-up: the query the page and the API make (the count and the first 50 rows), and the page itself
through the Django test client signed in as the leader. The target is 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "liangxin_bench_projects"
TARGET_MS = 200.0
WORDS = [
    "智能化",
    "技术改造",
    "数字化车间",
    "节能降碳",
    "生产线",
    "设备更新",
    "绿色工厂",
    "自动化",
    "仓储物流",
]
PRODUCTS = [
    "特种电缆",
    "变压器",
    "工程机械",
    "矿山装备",
    "液压件",
    "铸件",
    "齿轮箱",
    "输送设备",
    "电机",
    "轴承",
]


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    return parser.parse_args(argv)


def configure(db: str, workdir: Path, pg_url: str) -> None:
    data_dir = workdir / "data"
    (data_dir / "static").mkdir(parents=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "liangxin.settings"
    os.environ["LIANGXIN_ENV"] = "development"
    os.environ["LIANGXIN_DATA_DIR"] = str(data_dir)
    os.environ["LIANGXIN_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["LIANGXIN_LOG_LEVEL"] = "WARNING"
    os.environ.pop("LIANGXIN_DEBUG", None)
    for name in [n for n in os.environ if n.startswith("LIANGXIN_") and n.endswith(("_KEY", "_KEY_FILE"))]:
        del os.environ[name]
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = f"{pg_url.rstrip('/')}/{PG_DATABASE}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def pg_admin(pg_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def build(count: int) -> float:
    from liangxin.accounts.models import Department, User
    from liangxin.demo.accounts import install_demo
    from liangxin.enterprises.models import Unit
    from liangxin.plans.fields import FIELDS
    from liangxin.projects.codes import CONSTRUCTION_KINDS, STAGES
    from liangxin.projects.models import Project, StageChange

    began = time.monotonic()
    install_demo()
    rng = random.Random(12)  # noqa: S311 - benchmark data
    towns = list(Department.objects.filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN]))
    departments = list(Department.objects.exclude(kind__in=[Department.Kind.STREET, Department.Kind.TOWN]))
    gxj = Department.objects.get(code="gxj")
    Unit.objects.bulk_create(
        Unit(
            kind="enterprise",
            name=f"泰安{rng.choice(PRODUCTS)}制造有限公司{i:03d}",
            credit_code=f"BENCH{i:013d}",
            department=gxj,
        )
        for i in range(400)
    )
    units = list(Unit.objects.all())
    creator = User.objects.get(username="gxj_reporter")
    fields, stages, kinds = (
        [f.code for f in FIELDS],
        [s.code for s in STAGES],
        [k.code for k in CONSTRUCTION_KINDS],
    )
    batch = []
    for i in range(count):
        total = Decimal(rng.randrange(100, 50000))
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1200))
        batch.append(
            Project(
                name=f"年产{rng.randint(1, 50)}万套{rng.choice(PRODUCTS)}{rng.choice(WORDS)}项目{i}",
                owner=rng.choice(units),
                field=rng.choice(fields),
                construction=rng.choice(kinds),
                town=rng.choice(towns),
                total_investment=total,
                equipment_investment=(total * Decimal("0.6")).quantize(Decimal(1)),
                start=start,
                end=start + timedelta(days=400),
                department=rng.choice(departments),
                stage=rng.choice(stages),
                created_by=creator,
            )
        )
    Project.objects.bulk_create(batch, batch_size=2000)
    StageChange.objects.bulk_create(
        (
            StageChange(project=p, from_stage="selected", to_stage="started", on=p.start, asked_by=creator)
            for p in Project.objects.filter(stage="started").only("pk", "start")
        ),
        batch_size=2000,
    )
    return time.monotonic() - began


def timed(action, runs: int) -> float:
    action()
    found = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        found.append((time.perf_counter() - began) * 1000)
    return statistics.median(found)


def measure(runs: int) -> list[tuple[str, int, float]]:
    from django.core.paginator import Paginator
    from django.test import Client

    from liangxin.accounts.models import Department, User
    from liangxin.projects import queries

    leader = User.objects.get(username="leader")
    town = Department.objects.filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN]).first().code
    cases = {
        "no filter": {},
        "field + stage + town": {"field": "industry", "stage": "started", "town": town},
        "field + stage + town + search": {"field": "industry", "stage": "started", "town": town, "q": "电缆"},
        "search only (a word)": {"q": "技术改造"},
        "construction + started year": {"construction": "renovation", "started": "2026"},
        "goal fields + stage": {"field": "goal", "stage": "selected"},
    }
    client = Client()
    client.force_login(leader)
    results = []
    for label, filters in cases.items():

        def query(filters=filters):
            page = Paginator(queries.matching(leader, **filters), 50).get_page(1)
            return page.paginator.count, [p.name for p in page]

        count = query()[0]
        results.append((f"query: {label}", count, timed(query, runs)))
        response = client.get("/projects/", filters)
        assert response.status_code == 200, response.status_code
        results.append((f"page:  {label}", count, timed(lambda f=filters: client.get("/projects/", f), runs)))
    return results


def run_one(db: str, args) -> None:
    with tempfile.TemporaryDirectory(prefix="liangxin-bench-") as tmp:
        if db == "postgres":
            pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            pg_admin(args.pg_url, f"CREATE DATABASE {PG_DATABASE}")
        try:
            configure(db, Path(tmp), args.pg_url)
            from django.core.management import call_command
            from django.db import connection, connections

            call_command("migrate", verbosity=0, interactive=False)
            call_command("collectstatic", verbosity=0, interactive=False)  # the page links its files
            seconds = build(args.projects)
            if db == "postgres":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            name = "SQLite" if db == "sqlite" else "PostgreSQL"
            print(
                f"\n{name}: {args.projects:,} projects built in {seconds:.1f} s; median of {args.runs} runs"
            )
            print(f"  {'case':<44} {'rows':>7} {'ms':>8}")
            for label, count, ms in measure(args.runs):
                mark = "✓" if ms < TARGET_MS else "✗"
                print(f"  {label:<44} {count:>7,} {ms:>8.1f} {mark}")
            connections.close_all()
        finally:
            if db == "postgres":
                pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def main(argv=None) -> int:
    args = arguments(argv)
    if args.db != "both":
        run_one(args.db, args)
        return 0
    forwarded = list(argv if argv is not None else sys.argv[1:])
    for db in ("sqlite", "postgres"):
        subprocess.run([sys.executable, __file__, *forwarded, "--db", db], check=False)  # noqa: S603
    return 0


if __name__ == "__main__":
    sys.exit(main())
