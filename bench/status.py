"""Benchmark of the status computation on a province-sized instance; prints figures, asserts nothing.

    .venv/bin/python bench/status.py [--db sqlite|postgres|both] [--plans 150] [--indicators 60] [--periods 40]

"Province-sized" is read as what a province would actually hold: one plan per district (150 plans of
60 indicators, 9,000 indicators, 40 monthly periods, 360,000 reported values). The dashboard is per
plan, so its call is timed on one district's plan among the 150; the province's full computation is
the status of all 150 plans. ``--shape single`` builds the other reading, one plan of 150 × 60
indicators, as a stress case for the per-plan code paths.

Each operation is timed as the median of several runs after one warm-up run, next to a plain SQL
aggregation over the same reported values in the same run (latest accepted value per indicator and the
number of accepted values, one window query). With ``--db both`` each database runs in its own child
process, so the peak memory printed (ru_maxrss) is that database's alone.
"""

from __future__ import annotations

import argparse
import calendar
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "liangxin_bench"
BATCH = 5000
MIB = 1024 * 1024
TARGET_RATIO = 3.0
TARGET_MS = 300.0
TARGET_MEMORY_MIB = 1024.0


# ----------------------------------------------------------------------------------------------
# command line and environment


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--plans", type=int, default=150, help="districts (plans); default 150")
    parser.add_argument("--indicators", type=int, default=60, help="indicators per plan; default 60")
    parser.add_argument("--periods", type=int, default=40, help="monthly periods from 2024-01; default 40")
    parser.add_argument(
        "--shape",
        choices=("districts", "single"),
        default="districts",
        help="districts: PLANS plans of INDICATORS each (default); single: one plan of PLANS × INDICATORS",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs per one-plan operation; default 15")
    parser.add_argument("--full-runs", type=int, default=3, help="timed runs per all-plans operation")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help=f"PostgreSQL server; default {DEFAULT_PG}")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the dashboard call")
    return parser.parse_args(argv)


def configure(db: str, workdir: Path, pg_url: str) -> None:
    """Environment for liangxin.settings, then django.setup(); must run before any model import."""
    data_dir = workdir / "data"
    (data_dir / "static").mkdir(parents=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "liangxin.settings"
    os.environ["LIANGXIN_ENV"] = "development"
    os.environ["LIANGXIN_DATA_DIR"] = str(data_dir)
    os.environ["LIANGXIN_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["LIANGXIN_LOG_LEVEL"] = "WARNING"
    os.environ.pop("LIANGXIN_DEBUG", None)  # DEBUG would keep every query in memory
    for name in [n for n in os.environ if n.startswith("LIANGXIN_") and n.endswith(("_KEY", "_KEY_FILE"))]:
        del os.environ[name]  # development mode writes throw-away keys into the temp data dir
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


# ----------------------------------------------------------------------------------------------
# the instance

# kind, accumulation, comparison, numeric target: every combination the plan files use, and a few more
MIX = [
    ("count", "annual", ">="),
    ("count", "cumulative", ">="),
    ("amount", "annual", ">="),
    ("amount", "cumulative", ">="),
    ("percent", "level", ">="),
    ("percent", "level", "≈"),
    ("count", "cumulative", "="),
    ("growth", "annual", ">="),
    ("milestone", "level", "="),
    ("relative", "level", ">="),
    ("percent", "level", "<="),
    ("count", "level", ">"),
    ("amount", "annual", "<"),
    ("count", "level", ">="),  # qualitative: no target value
    ("count", "cumulative", ">="),
]
UNITS = {"count": "个", "amount": "亿元", "percent": "%", "growth": "%", "milestone": "", "relative": "%"}
DEPARTMENTS_PER_PLAN = 8
SECTIONS = 6
INDICATORS_PER_TASK = 3
YEARS = (2024, 2025, 2026, 2027)


@dataclass
class Instance:
    plans: list
    indicators: int
    targets: int
    periods: int
    submissions: int
    values: int
    accepted_values: int
    as_of: date
    seconds: float


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(count: int) -> list[tuple[int, int]]:
    return [(2024 + m // 12, m % 12 + 1) for m in range(count)]


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.0001"))


class _Values:
    """Deterministic reported values, ahead of or behind plan by a per-indicator factor."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def noise(self, spread: float) -> Decimal:
        return Decimal(1) + Decimal(str(round(self.rng.uniform(-spread, spread), 4)))

    def entry(self, spec: dict, end: date) -> dict:
        kind, accumulation, perf = spec["kind"], spec["accumulation"], spec["perf"]
        top = spec["top"]
        elapsed = Decimal((end - date(2024, 1, 1)).days) / Decimal(4 * 365)
        if kind == "milestone":
            stage = "not_started" if elapsed < Decimal("0.1") else "under_way"
            if perf > Decimal("0.95") and elapsed > Decimal("0.5"):
                stage = "done"
            return {"stage": stage}
        if kind == "relative":
            reference = _q(Decimal("11.2") * self.noise(0.03))
            return {"value": _q(reference * perf * self.noise(0.02)), "reference": reference}
        if kind == "growth":
            reference = _q(Decimal(100) * end.month)
            return {
                "value": _q(reference * (1 + top / 100 * perf) * self.noise(0.01)),
                "reference": reference,
            }
        if accumulation == "annual":
            return {"value": _q(top * Decimal(end.month) / 12 * perf * self.noise(0.04))}
        if accumulation == "cumulative":
            value = max(_q(top * elapsed * perf * self.noise(0.03)), spec.get("seen", Decimal(0)))
            spec["seen"] = value
            return {"value": value}
        start = spec["baseline"]
        return {"value": _q((start + (top - start) * min(elapsed, Decimal(1)) * perf) * self.noise(0.002))}


def build(shape: str, plans: int, indicators: int, periods: int) -> Instance:
    from django.db import connection, transaction

    from liangxin.accounts.models import Department
    from liangxin.plans.models import Indicator, Plan, PlanDepartment, Section, Target, Task, TaskLead
    from liangxin.reporting.models import Period, ReportedValue, Submission

    started = time.perf_counter()
    rng = random.Random(20240726)  # noqa: S311 - benchmark data, not security
    values = _Values(rng)
    layout = (
        [(indicators, DEPARTMENTS_PER_PLAN)] * plans
        if shape == "districts"
        else [(indicators * plans, DEPARTMENTS_PER_PLAN * plans)]
    )
    months = _months(periods)
    last_end = _month_end(*months[-1])
    as_of = last_end + timedelta(days=20)
    end_year = max(YEARS[-1], last_end.year)
    at = datetime(2024, 1, 1, tzinfo=UTC)
    counts = {"targets": 0, "submissions": 0, "values": 0, "accepted": 0}
    with transaction.atomic():
        plan_rows = Plan.objects.bulk_create(
            [
                Plan(
                    code=f"bench-{p:03d}",
                    title=f"第{p + 1}区推动大规模设备更新和消费品以旧换新工作方案",
                    document_number=f"测政发〔2024〕{p + 1}号",
                    issuer=f"第{p + 1}区人民政府",
                    issued_on=date(2024, 7, 26),
                    baseline_year=2023,
                    start_year=2024,
                    end_year=end_year,
                )
                for p in range(len(layout))
            ],
            batch_size=BATCH,
        )
        departments = Department.objects.bulk_create(
            [
                Department(code=f"p{p:03d}-d{d:04d}", name=f"第{p + 1}区第{d + 1}局", short_name=f"{d + 1}局")
                for p, (_, dcount) in enumerate(layout)
                for d in range(dcount)
            ],
            batch_size=BATCH,
        )
        plan_departments: dict[int, list] = {}
        offset = 0
        for plan, (_, dcount) in zip(plan_rows, layout, strict=True):
            plan_departments[plan.pk] = departments[offset : offset + dcount]
            offset += dcount
        PlanDepartment.objects.bulk_create(
            [
                PlanDepartment(plan=plan, department=d, position=i)
                for plan in plan_rows
                for i, d in enumerate(plan_departments[plan.pk])
            ],
            batch_size=BATCH,
        )
        sections = Section.objects.bulk_create(
            [
                Section(
                    plan=plan,
                    number=s + 1,
                    kind="safeguards" if s == SECTIONS - 1 else "key_tasks",
                    title=f"第{s + 1}篇",
                )
                for plan in plan_rows
                for s in range(SECTIONS)
            ],
            batch_size=BATCH,
        )
        sections_of = {
            plan.pk: sections[i * SECTIONS : (i + 1) * SECTIONS] for i, plan in enumerate(plan_rows)
        }

        # tasks: goals (no task) are one in 15 of the indicators, the rest three to a task
        task_objs, task_plan_goals = [], {}
        for plan, (icount, _) in zip(plan_rows, layout, strict=True):
            goals = max(1, icount // 15)
            ntasks = max(1, -(-(icount - goals) // INDICATORS_PER_TASK))
            task_plan_goals[plan.pk] = (goals, ntasks)
            for t in range(ntasks):
                task_objs.append(
                    Task(
                        plan=plan,
                        section=sections_of[plan.pk][
                            t * (SECTIONS - 1) // ntasks if t < ntasks - 1 else SECTIONS - 1
                        ],
                        number=t + 1,
                        position=t,
                        title=f"任务{t + 1}",
                        text="按照方案要求推进。",
                        responsibility="shared" if t % 3 == 0 else "sole",
                    )
                )
        tasks = Task.objects.bulk_create(task_objs, batch_size=BATCH)
        tasks_of: dict[int, list] = {}
        for task in tasks:
            tasks_of.setdefault(task.plan_id, []).append(task)
        leads = []
        for task in tasks:
            pool = plan_departments[task.plan_id]
            first = (task.number * 5) % len(pool)
            for pos in range(1 + task.number % 3):
                leads.append(TaskLead(task=task, department=pool[(first + pos) % len(pool)], position=pos))
        TaskLead.objects.bulk_create(leads, batch_size=BATCH)

        # indicators, with what each one reports
        ind_objs, specs = [], []
        for plan, (icount, _) in zip(plan_rows, layout, strict=True):
            goals, _ntasks = task_plan_goals[plan.pk]
            pool = plan_departments[plan.pk]
            for i in range(icount):
                kind, accumulation, comparison = MIX[i % len(MIX)]
                task = None if i < goals else tasks_of[plan.pk][(i - goals) // INDICATORS_PER_TASK]
                owner = pool[i % len(pool)] if task is None or i % 4 == 0 else None
                perf = Decimal(str(round(rng.uniform(0.6, 1.15), 3)))
                baseline = None
                if kind == "growth":
                    baseline = Decimal(1200)
                elif accumulation == "level":
                    baseline = Decimal(60 + i % 20)
                ind_objs.append(
                    Indicator(
                        plan=plan,
                        task=task,
                        position=i,
                        code=f"i{i:05d}",
                        name=f"指标{i + 1}",
                        unit=UNITS[kind],
                        kind=kind,
                        accumulation=accumulation,
                        comparison=comparison,
                        tolerance=Decimal(3) if comparison == "≈" else None,
                        has_baseline=baseline is not None,
                        baseline_year=2023 if baseline is not None else None,
                        baseline_value=baseline,
                        reporting_department=owner,
                        source="原文。",
                    )
                )
                qualitative = kind in ("milestone", "relative") or i % len(MIX) == 13
                top = Decimal(8) if kind == "growth" else Decimal(90 if kind == "percent" else 200 + i % 50)
                specs.append(
                    {
                        "kind": kind,
                        "accumulation": accumulation,
                        "perf": perf,
                        "top": top,
                        "baseline": baseline,
                        "qualitative": qualitative,
                    }
                )
        created = Indicator.objects.bulk_create(ind_objs, batch_size=BATCH)

        target_objs = []
        for n, (indicator, spec) in enumerate(zip(created, specs, strict=True)):
            years = YEARS[-(1 + n % 4) :]
            for k, year in enumerate(years):
                value = None
                if not spec["qualitative"]:
                    value = (
                        spec["top"]
                        if spec["accumulation"] != "cumulative"
                        else _q(spec["top"] * (k + 1) / len(years))
                    )
                target_objs.append(Target(indicator=indicator, year=year, value=value))
        Target.objects.bulk_create(target_objs, batch_size=BATCH)
        counts["targets"] = len(target_objs)

        # periods (the last one still open) and one submission per department and period
        period_objs = []
        for plan in plan_rows:
            for n, (year, month) in enumerate(months):
                end = _month_end(year, month)
                period_objs.append(
                    Period(
                        plan=plan,
                        key=f"{year}-{month:02d}",
                        start=date(year, month, 1),
                        end=end,
                        deadline=end + timedelta(days=5),
                        status="open" if n == len(months) - 1 else "closed",
                        opened_at=at,
                        closed_at=None if n == len(months) - 1 else at,
                    )
                )
        periods_created = Period.objects.bulk_create(period_objs, batch_size=BATCH)
        sub_objs = []
        for period in periods_created:
            last = period.status == "open"
            for d, department in enumerate(plan_departments[period.plan_id]):
                # the open month: a third accepted, the rest still on their way; earlier months: accepted,
                # except one returned report in 50
                status = "accepted"
                if last and d % 3:
                    status = "submitted" if d % 3 == 1 else "approved"
                elif not last and (department.pk + period.pk) % 50 == 0:
                    status = "returned"
                sub_objs.append(
                    Submission(
                        period=period,
                        department=department,
                        status=status,
                        version=3 if status == "accepted" else 1,
                        submitted_at=at,
                        accepted_at=at if status == "accepted" else None,
                    )
                )
        submissions = Submission.objects.bulk_create(sub_objs, batch_size=BATCH)
        counts["submissions"] = len(submissions)
        submission_of = {(s.period_id, s.department_id): s for s in submissions}

        # reported values: every indicator, every period, in its owner's submission; streamed in batches
        first_lead = {}
        for lead in leads:
            if lead.position == 0:
                first_lead[lead.task_id] = lead.department_id
        owner_of = [i.reporting_department_id or first_lead[i.task_id] for i in created]
        periods_of: dict[int, list] = {}
        for period in periods_created:
            periods_of.setdefault(period.plan_id, []).append(period)
        batch = []
        for indicator, spec, owner in zip(created, specs, owner_of, strict=True):
            for period in periods_of[indicator.plan_id]:
                submission = submission_of[(period.pk, owner)]
                fields = values.entry(spec, period.end)
                batch.append(ReportedValue(submission=submission, indicator=indicator, **fields))
                counts["values"] += 1
                counts["accepted"] += submission.status == "accepted"
                if len(batch) >= BATCH:
                    ReportedValue.objects.bulk_create(batch)
                    batch = []
        if batch:
            ReportedValue.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Instance(
        plans=list(Plan.objects.filter(code__startswith="bench-").order_by("code")),
        indicators=len(created),
        targets=counts["targets"],
        periods=len(periods_created),
        submissions=counts["submissions"],
        values=counts["values"],
        accepted_values=counts["accepted"],
        as_of=as_of,
        seconds=time.perf_counter() - started,
    )


# ----------------------------------------------------------------------------------------------
# the plain SQL baseline: latest accepted value per indicator and the number of accepted values

_BASELINE = """
SELECT indicator_id, value, stage, reference, period_end, n FROM (
    SELECT rv.indicator_id, rv.value, rv.stage, rv.reference, p."end" AS period_end,
           ROW_NUMBER() OVER (PARTITION BY rv.indicator_id ORDER BY p."end" DESC) AS rn,
           COUNT(*) OVER (PARTITION BY rv.indicator_id) AS n
    FROM reporting_reportedvalue rv
    JOIN reporting_submission s ON s.id = rv.submission_id
    JOIN reporting_period p ON p.id = s.period_id
    WHERE p.plan_id IN ({plans}) AND s.status = %s AND p."end" <= %s
) latest WHERE rn = 1
"""


# the rows the status has to read: every accepted value up to as_of, no aggregation (for reference)
_FETCH = """
SELECT rv.indicator_id, p."end", rv.value, rv.stage, rv.reference
FROM reporting_reportedvalue rv
JOIN reporting_submission s ON s.id = rv.submission_id
JOIN reporting_period p ON p.id = s.period_id
WHERE p.plan_id IN ({plans}) AND s.status = %s AND p."end" <= %s
ORDER BY p."end"
"""


def plain_sql(plan_ids: list[int], as_of: date, query: str = _BASELINE) -> int:
    from django.db import connection

    sql = query.format(plans=", ".join(["%s"] * len(plan_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*plan_ids, "accepted", as_of])
        return len(cursor.fetchall())


# ----------------------------------------------------------------------------------------------
# timing


@dataclass
class Measure:
    name: str
    values: int  # reported values in scope
    out: int  # rows the operation produces (target statuses, indicators)
    queries: int
    median_ms: float
    runs: list[float]
    baseline: Measure | None = None

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.baseline.median_ms if self.baseline else None


def timed(name: str, fn, runs: int, values: int, count=len) -> Measure:
    """fn's warm-up run counts its queries and (with count) its output rows; then the timed runs."""
    from django.db import connection

    executed = []

    def counting(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):  # the warm-up run, with its queries counted
        out = count(fn())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return Measure(name, values, out, len(executed), statistics.median(times), times)


def leader_client():
    from django.test import Client

    from liangxin.accounts.models import RoleAssignment, User

    user = User.objects.create(username="bench-leader", full_name="基准测试领导")
    RoleAssignment.objects.create(user=user, role="leader")
    client = Client()
    client.force_login(user)
    return client


def measure(instance: Instance, runs: int, full_runs: int, profile: bool) -> tuple[list[Measure], dict]:
    from liangxin.monitoring.service import plan_status
    from liangxin.reporting.models import ReportedValue

    as_of = instance.as_of
    plan = instance.plans[len(instance.plans) // 2]  # a district in the middle
    plan_values = ReportedValue.objects.filter(submission__period__plan=plan).count()
    client = leader_client()
    url = f"/api/v1/plans/{plan.code}/status?as_of={as_of.isoformat()}"
    info = {}

    def one_sql():
        return plain_sql([plan.pk], as_of)

    def one_status():
        return plan_status(plan, as_of).rows

    def get(path):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.content[:300]!r}")
        return response

    def targets_in(response) -> int:
        info["bytes"] = len(response.content)
        return len(response.json()["targets"])

    same = lambda n: n  # noqa: E731
    sql = timed("plain SQL, one plan", one_sql, runs, plan_values, count=same)
    fetch = timed(
        "  (SQL fetch of its values)", lambda: plain_sql([plan.pk], as_of, _FETCH), runs, plan_values, same
    )
    status = timed("plan_status(), one plan", one_status, runs, plan_values)
    from django.core.cache import cache

    def cold():
        cache.clear()  # as right after a report is accepted: the status is computed afresh
        return get(url)

    cold_api = timed(f"GET …/{plan.code}/status, cold", cold, runs, plan_values, count=targets_in)
    api = timed(f"GET …/plans/{plan.code}/status", lambda: get(url), runs, plan_values, count=targets_in)
    floor = timed("GET /api/v1/me (request floor)", lambda: get("/api/v1/me"), runs, 0, count=lambda r: 1)
    status.baseline = api.baseline = cold_api.baseline = sql
    info["api"] = api
    info["cold"] = cold_api
    results = [sql, fetch, status, cold_api, api, floor]
    if len(instance.plans) > 1:
        ids = [p.pk for p in instance.plans]
        plans = instance.plans

        def all_sql():
            return plain_sql(ids, as_of)

        def all_status():
            return sum(len(plan_status(p, as_of).rows) for p in plans)

        full_sql = timed(f"plain SQL, all {len(plans)} plans", all_sql, full_runs, instance.values, same)
        full = timed(f"plan_status(), all {len(plans)} plans", all_status, full_runs, instance.values, same)
        full.baseline = full_sql
        results += [full_sql, full]
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            get(url)
        profiler.disable()
        print("\ncProfile of 5 dashboard calls (top 30 by cumulative time):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
    return results, info


# ----------------------------------------------------------------------------------------------
# report


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB  # Linux: KiB


def reset_peak() -> bool:
    """Linux: writing 5 to clear_refs resets the peak RSS, so the measurements get their own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def report(
    db: str,
    version: str,
    args,
    instance: Instance,
    results: list[Measure],
    info: dict,
    peak_build: float,
    peak_measure: float | None,
) -> None:
    shape = (
        f"{len(instance.plans)} plans × {args.indicators} indicators"
        if args.shape == "districts"
        else f"1 plan × {instance.indicators:,} indicators"
    )
    print(f"\n== {db} {version}: {shape} × {args.periods} periods ==")
    print(
        f"built in {instance.seconds:.1f} s: {instance.indicators:,} indicators, {instance.targets:,} targets, "
        f"{instance.periods:,} periods, {instance.submissions:,} submissions, {instance.values:,} reported "
        f"values ({instance.accepted_values:,} accepted); as_of {instance.as_of}"
    )
    head = f"{'operation':<34} {'values':>9} {'rows out':>9} {'queries':>8} {'median ms':>10} {'min ms':>9} "
    head += f"{'SQL ms':>8} {'ratio':>7}"
    print(head)
    print("-" * len(head))
    for m in results:
        base = f"{m.baseline.median_ms:>8.1f} {m.ratio:>6.1f}×" if m.baseline else f"{'':>8} {'':>7}"
        print(
            f"{m.name:<34} {m.values:>9,} {m.out:>9,} {m.queries:>8} {m.median_ms:>10.1f} {min(m.runs):>9.1f} {base}"
        )
    print(
        f"(median of {args.runs} runs for one plan"
        + (f", {args.full_runs} for all plans" if len(instance.plans) > 1 else "")
        + "; each after one warm-up run; "
        f"dashboard response {info['bytes'] / 1024:.0f} KiB)"
    )
    api = info["api"]
    peak = max(peak_build, peak_measure or 0)
    phase = f" (build {peak_build:.0f} MiB, measurements {peak_measure:.0f} MiB)" if peak_measure else ""
    print(f"peak memory (ru_maxrss): {peak:.0f} MiB{phase}")
    print("targets:")
    cold = info["cold"]
    print(
        f"  {mark(api.ratio <= TARGET_RATIO)} dashboard call within {TARGET_RATIO:g}× the plain aggregation: "
        f"{api.ratio:.1f}× (cached status; cold, right after an acceptance: {cold.ratio:.1f}×)"
    )
    print(
        f"  {mark(api.median_ms < TARGET_MS)} dashboard call under {TARGET_MS:g} ms: {api.median_ms:.1f} ms"
        f" (cold: {cold.median_ms:.1f} ms)"
    )
    print(f"  {mark(peak < TARGET_MEMORY_MIB)} peak memory under 1 GiB: {peak:.0f} MiB")


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
            connection.ensure_connection()
            version = (
                connection.Database.sqlite_version
                if db == "sqlite"
                else connection.connection.info.parameter_status("server_version").split()[0]
            )
            instance = build(args.shape, args.plans, args.indicators, args.periods)
            peak_build = peak_mib()
            peak_measure = None
            resettable = reset_peak()
            results, info = measure(instance, args.runs, args.full_runs, args.profile)
            if resettable:
                peak_measure = peak_mib()
            report(
                "SQLite" if db == "sqlite" else "PostgreSQL",
                version,
                args,
                instance,
                results,
                info,
                peak_build,
                peak_measure,
            )
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
        # one process per database, so that each one's peak memory is its own
        command = [sys.executable, __file__, *forwarded, "--db", db]
        subprocess.run(command, check=False)  # noqa: S603 - our own script, with our own arguments
    return 0


if __name__ == "__main__":
    sys.exit(main())
