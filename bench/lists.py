"""Benchmark of matching on the 两优两新 lists; prints figures, asserts nothing.

    .venv/bin/python bench/lists.py [--db sqlite|postgres|both] [--entries 200000] [--runs 15]

Builds ENTRIES list entries with bulk_create: nine in ten are supply entries (nine in ten of those
accepted, with their words in the index, some with certifications, honours and a price range) of 3,000
units in 12 streets, one in ten demands (accepted ones with their words). Then times, as the median of
RUNS runs after a warm-up, the candidates of one demand (`candidates.for_demand`, the top 20 with
reasons), the same through the API (`GET /api/v1/lists/demand/{id}/candidates`) and the demands one
supply entry could serve (`candidates.for_supply`). Target: each under 200 ms.
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
from datetime import date
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "liangxin_bench_lists"
BATCH = 5000
TARGET_MS = 200.0

# per category: product nouns, and the words a specification is made of
PRODUCTS = {
    "power-cable": [
        "电力电缆",
        "控制电缆",
        "架空绝缘导线",
        "油浸式变压器",
        "干式变压器",
        "箱式变电站",
        "开关柜",
        "电缆桥架",
    ],
    "mining": [
        "液压支架",
        "采煤机",
        "刮板输送机",
        "掘进机",
        "矿用提升机",
        "破碎机",
        "带式输送机",
        "矿用电机车",
    ],
    "construction-machinery": [
        "液压挖掘机",
        "装载机",
        "压路机",
        "起重机",
        "混凝土泵车",
        "推土机",
        "平地机",
        "叉车",
    ],
    "medical": [
        "医用直线加速器",
        "彩色多普勒超声诊断仪",
        "磁共振成像系统",
        "监护仪",
        "呼吸机",
        "血液透析机",
        "内窥镜",
        "手术床",
    ],
    "industrial-robot": [
        "焊接机器人",
        "搬运机器人",
        "码垛机器人",
        "喷涂机器人",
        "协作机器人",
        "自动导引车",
        "视觉检测系统",
        "机械手",
    ],
    "energy-saving": [
        "高效电机",
        "变频器",
        "余热锅炉",
        "除尘器",
        "污水处理设备",
        "空压机",
        "换热器",
        "离心泵",
    ],
    "new-energy-vehicle": [
        "电动客车",
        "电动物流车",
        "动力电池",
        "驱动电机",
        "充电桩",
        "电控系统",
        "氢燃料电池",
        "电动环卫车",
    ],
    "smart-appliance": [
        "变频空调",
        "智能冰箱",
        "滚筒洗衣机",
        "热泵热水器",
        "洗碗机",
        "智能电视",
        "吸油烟机",
        "净水器",
    ],
    "agricultural-machinery": [
        "拖拉机",
        "联合收割机",
        "插秧机",
        "植保无人机",
        "播种机",
        "烘干机",
        "青贮机",
        "喷灌机",
    ],
    "instrument": [
        "流量计",
        "压力变送器",
        "气相色谱仪",
        "电能表",
        "分析仪",
        "温度传感器",
        "液位计",
        "示波器",
    ],
    "other": ["数控机床", "加工中心", "激光切割机", "注塑机", "冲压机", "工业锅炉", "货架", "包装机"],
}
SPEC_WORDS = [
    "高效",
    "节能",
    "智能",
    "数字化",
    "一级能效",
    "低噪声",
    "防爆",
    "耐腐蚀",
    "自动化",
    "远程监控",
    "大功率",
    "高精度",
    "模块化",
    "轻量化",
    "长寿命",
    "变频",
    "液压",
    "伺服",
    "三相",
    "不锈钢",
]
CERTS = ["CCC认证", "ISO9001质量管理体系认证", "CE认证", "煤安认证", "医疗器械注册证", "防爆合格证"]


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--entries", type=int, default=200_000, help="list entries; default 200,000")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per operation; default 15")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help=f"PostgreSQL server; default {DEFAULT_PG}")
    parser.add_argument(
        "--sqlite-file", help="SQLite: keep the database in this file and reuse it when it exists"
    )
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep the database and reuse it")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of for_demand")
    return parser.parse_args(argv)


def configure(db: str, workdir: Path, pg_url: str, sqlite_file: str | None = None) -> None:
    """Environment for liangxin.settings, then django.setup(); must run before any model import."""
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
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file or workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = f"{pg_url.rstrip('/')}/{PG_DATABASE}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def pg_admin(pg_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def pg_exists(pg_url: str) -> bool:
    import psycopg

    with psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone()
    return found is not None


def _bulk(model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def build(entries: int, rng: random.Random) -> float:
    """The units, the entries and their words; returns the seconds it took."""
    from django.db import transaction

    from liangxin.accounts.models import Department, User
    from liangxin.enterprises.models import Honour, HonourKind, Unit
    from liangxin.lists.matching import tokens
    from liangxin.lists.matching.models import DemandToken, SupplyToken
    from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry

    started = time.perf_counter()
    with transaction.atomic():
        streets = [
            Department.objects.create(
                code=f"street{i}", name=f"第{i}街道", short_name=f"第{i}街道", kind="street"
            )
            for i in range(12)
        ]
        gxj = Department.objects.create(code="gxj", name="工业和信息化局", short_name="工信局")
        user = User.objects.create(username="bench", department=gxj)
        _bulk(
            Unit,
            [
                Unit(
                    kind="enterprise",
                    name=f"泰安第{i}机械有限公司",
                    credit_code=f"91370902MA{i:08d}",
                    town=rng.choice(streets) if rng.random() < 0.8 else None,
                )
                for i in range(3000)
            ],
        )
        units = list(Unit.objects.all())
        kinds = list(HonourKind.objects.all())
        _bulk(
            Honour,
            [
                Honour(
                    unit=u,
                    kind=rng.choice(kinds),
                    level=rng.choice(["national", "provincial", "city"]),
                    year=2024,
                    document_number=f"文{u.pk}",
                    department=gxj,
                    entered_by=user,
                )
                for u in units[:300]
            ],
        )
        honour_of = {h.unit_id: h for h in Honour.objects.all()}
        categories = {c.code: c for c in SupplyCategory.objects.all()}
        words_of: dict[str, list[str]] = {}

        def words(*texts):
            key = "|".join(texts)
            if key not in words_of:
                words_of[key] = tokens.words(*texts)
            return words_of[key]

        supplies = entries * 9 // 10
        made = []
        for _ in range(supplies):
            code = rng.choice(list(PRODUCTS))
            product = rng.choice(PRODUCTS[code])
            spec = " ".join(rng.sample(SPEC_WORDS, 3))
            certs = "、".join(rng.sample(CERTS, rng.randint(0, 2)))
            low = Decimal(rng.randint(1, 200)) if rng.random() < 0.7 else None
            made.append(
                SupplyEntry(
                    unit=rng.choice(units),
                    product=f"{spec.split()[0]}{product}",
                    category=categories[code],
                    specification=spec,
                    certifications=certs,
                    price_min=low,
                    price_max=low * 2 if low is not None else None,
                    status="accepted"
                    if rng.random() < 0.9
                    else rng.choice(["draft", "submitted", "withdrawn"]),
                    created_by=user,
                    department=gxj,
                )
            )
        _bulk(SupplyEntry, made)
        supply_rows = list(
            SupplyEntry.objects.values_list("id", "unit_id", "product", "specification", "certifications")
        )
        through = SupplyEntry.honours.through
        _bulk(
            through,
            [
                through(supplyentry_id=pk, honour_id=honour_of[unit].pk)
                for pk, unit, *_ in supply_rows
                if unit in honour_of
            ],
        )
        _bulk(
            SupplyToken,
            [SupplyToken(entry_id=pk, token=w) for pk, _, *text in supply_rows for w in words(*text)],
        )
        demands = []
        for _ in range(entries - supplies):
            code = rng.choice(list(PRODUCTS))
            quantity = Decimal(rng.randint(1, 20))
            demands.append(
                DemandEntry(
                    kind="equipment",
                    unit=rng.choice(units),
                    subject=f"更新{rng.choice(PRODUCTS[code])}",
                    category=categories[code] if rng.random() < 0.8 else None,
                    specification=" ".join(rng.sample(SPEC_WORDS, 2)),
                    quantity=quantity,
                    measure="台",
                    amount=quantity * rng.randint(5, 300),
                    wanted_by=date(2025, rng.randint(1, 12), 1),
                    status="accepted" if rng.random() < 0.9 else "submitted",
                    created_by=user,
                    department=gxj,
                )
            )
        _bulk(DemandEntry, demands)
        demand_rows = list(DemandEntry.objects.values_list("id", "subject", "specification"))
        _bulk(
            DemandToken,
            [DemandToken(entry_id=pk, token=w) for pk, *text in demand_rows for w in words(*text)],
        )
    return time.perf_counter() - started


def chosen() -> dict:
    """The demand and the supply entry timed, the user, and the sizes of the lists."""
    from liangxin.accounts.models import User
    from liangxin.lists.matching.models import DemandToken, SupplyToken
    from liangxin.lists.models import DemandEntry, SupplyEntry

    demand = (
        DemandEntry.objects.filter(status="accepted", category__code="power-cable", unit__town__isnull=False)
        .order_by("id")
        .first()
    )
    supply = SupplyEntry.objects.filter(status="accepted", category__code="medical").order_by("id").first()
    return {
        "supply": SupplyEntry.objects.count(),
        "demand": DemandEntry.objects.count(),
        "supply_tokens": SupplyToken.objects.count(),
        "demand_tokens": DemandToken.objects.count(),
        "the_demand": demand,
        "the_supply": supply,
        "user": User.objects.get(username="bench"),
    }


def timed(fn, runs: int) -> tuple[float, float, int, int]:
    """(median ms, min ms, queries of the warm-up run, rows it returned)."""
    from django.db import connection

    executed = []

    def counting(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        out = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), len(executed), len(out)


def run_one(db: str, args) -> None:
    with tempfile.TemporaryDirectory(prefix="liangxin-bench-lists-") as tmp:
        reuse = db == "sqlite" and args.sqlite_file and Path(args.sqlite_file).exists()
        if db == "postgres" and args.keep:
            reuse = pg_exists(args.pg_url)
        if db == "postgres" and not reuse:
            pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            pg_admin(args.pg_url, f"CREATE DATABASE {PG_DATABASE}")
        try:
            configure(db, Path(tmp), args.pg_url, args.sqlite_file)
            from django.core.management import call_command
            from django.db import connection, connections
            from django.test import Client

            from liangxin.accounts.models import RoleAssignment
            from liangxin.lists.matching import candidates

            call_command("migrate", verbosity=0, interactive=False)
            seconds = 0.0 if reuse else build(args.entries, random.Random(20241202))  # noqa: S311
            built = chosen()
            if db == "postgres":  # as autovacuum leaves a table: statistics, and the visibility map
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            demand, supply = built["the_demand"], built["the_supply"]
            RoleAssignment.objects.get_or_create(user=built["user"], role="coordinator")
            client = Client()
            client.force_login(built["user"])
            url = f"/api/v1/lists/demand/{demand.pk}/candidates"
            operations = [
                ("candidates.for_demand（前 20 条，附理由）", lambda: candidates.for_demand(demand)),
                (f"GET {url}", lambda: client.get(url).json()),
                ("candidates.for_supply（前 20 条，附理由）", lambda: candidates.for_supply(supply)),
            ]
            name = "SQLite" if db == "sqlite" else "PostgreSQL"
            version = (
                connection.Database.sqlite_version
                if db == "sqlite"
                else connection.connection.info.parameter_status("server_version").split()[0]
            )
            pool = candidates.for_demand(demand, candidates.MAX_LIMIT)
            print(f"\n== {name} {version}")
            print(
                f"建库 {seconds:.1f} 秒：两优 {built['supply']:,} 条（分词 {built['supply_tokens']:,} 个），"
                f"两新 {built['demand']:,} 条（分词 {built['demand_tokens']:,} 个）"
            )
            print(
                f"需求：{demand.subject}（{demand.category.name}）；供给：{supply.product}（{supply.category.name}）"
            )
            print(
                f"需求的第一名：{pool[0].entry.product}，{pool[0].fit.score} 分：{'；'.join(pool[0].fit.reasons)}"
            )
            print(
                f"{'操作':<48} {'中位数 ms':>10} {'最小 ms':>8} {'查询':>5} {'行':>5}  目标 <{TARGET_MS:.0f} ms"
            )
            for label, fn in operations:
                median, least, queries, rows = timed(fn, args.runs)
                mark = "✓" if median < TARGET_MS else "✗"
                print(f"{label:<48} {median:>10.1f} {least:>8.1f} {queries:>5} {rows:>5}  {mark}")
            if args.profile:
                import cProfile
                import pstats

                profile = cProfile.Profile()
                profile.runcall(candidates.for_demand, demand)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            connections.close_all()
        finally:
            if db == "postgres" and not args.keep:
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
