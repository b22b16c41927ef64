"""A believable reporting history for the demo: every responsible department reports monthly from
2024-08 to 2026-10, some ahead of plan, some behind, a few late, the last month still in progress.

Deterministic (seeded), written with bulk inserts and backdated timestamps, so `make run` stays fast
and the same each time. It is demo data: one audit entry records that it was generated.
"""

import calendar
import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting import assignments
from liangxin.reporting.models import Narrative, Period, ReportedValue, Submission, SubmissionVersion

FIRST, LAST = (2024, 8), (2026, 10)
TZ = ZoneInfo("Asia/Shanghai")
COUNT_UNITS = {"个", "家", "台（套）", "项", "场"}
# How each department is doing against the plan: 1.0 is exactly on the path.
PERFORMANCE = {
    "wjj": Decimal("1.08"),
    "gxj": Decimal("0.97"),
    "swj": Decimal("0.82"),
    "nyncj": Decimal("1.02"),
    "fgj": Decimal("0.94"),
    "sthj": Decimal("0.66"),
    "gafj": Decimal("1.0"),
    "jtj": Decimal("1.0"),
}
LATE = {"sthj": 0.5, "swj": 0.25, "zjj": 0.3}
MISSING_LAST = {"sthj", "zjj"}
S = Submission.Status

PROGRESS = [
    "按照工作方案要求推进{t}，本月组织专题调度 1 次，梳理在建项目清单。",
    "围绕{t}开展政策宣传，走访重点企业和单位，协调解决具体问题。",
    "{t}相关工作有序推进，已完成阶段性任务，资料按月归档。",
]
PROBLEMS = [
    "部分项目资金到位较慢。",
    "个别企业更新意愿不强，需加大政策宣传。",
    "",
    "统计口径需与市级部门进一步衔接。",
]
NEXT_STEPS = [
    "加快项目实施进度，确保按期完成年度目标。",
    "加强与市直部门对接，争取更多政策资金支持。",
    "做好下月调度数据的收集和审核。",
]


def months():
    year, month = FIRST
    while (year, month) <= LAST:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _end(year, month) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _path(points: list[tuple[date, Decimal]], when: date) -> Decimal:
    """Piecewise-linear value through (date, value) points, flat beyond the last."""
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if when <= d1:
            share = Decimal(max((when - d0).days, 0)) / Decimal((d1 - d0).days)
            return v0 + (v1 - v0) * share
    return points[-1][1]


def _round(indicator: Indicator, value: Decimal) -> Decimal:
    step = Decimal(1) if indicator.unit in COUNT_UNITS else Decimal("0.01")
    return value.quantize(step, rounding=ROUND_HALF_UP)


class _Simulator:
    def __init__(self, plan: Plan, rng: random.Random):
        self.plan, self.rng = plan, rng
        self.start = date(plan.start_year, 1, 1)
        self.cumulative_seen: dict[int, Decimal] = {}

    def noise(self, spread="0.04") -> Decimal:
        return Decimal(1) + Decimal(str(round(self.rng.uniform(-1, 1), 3))) * Decimal(spread)

    def entry(self, ind: Indicator, perf: Decimal, day: date) -> dict:
        targets = [t for t in ind.targets.all()]
        numeric = [t for t in targets if t.value is not None]
        if ind.kind == "milestone":
            due = _end(targets[-1].year, 12)
            done_at = due - timedelta(days=int(120 * (perf - Decimal("0.9")) * 10)) if perf >= 1 else None
            started = day >= self.start + timedelta(days=200)
            stage = "done" if done_at and day >= done_at else "under_way" if started else "not_started"
            return {"stage": stage}
        if ind.kind == "relative":
            base = Decimal("0.45") if ind.unit == "" else Decimal("11.2")
            reference = _round(ind, base * self.noise("0.03"))
            return {"value": _round(ind, reference * perf * self.noise("0.02")), "reference": reference}
        if ind.kind == "growth":
            return self.growth(ind, perf, day, numeric)
        if not numeric:
            return {
                "value": _round(
                    ind, (Decimal(35) + Decimal((day - self.start).days) / 60) * self.noise("0.01")
                )
            }
        if ind.accumulation == "annual":
            yearly = next((t.value for t in numeric if t.year == day.year), numeric[-1].value)
            share = Decimal(day.month) / 12
            return {"value": _round(ind, yearly * share * perf * self.noise())}
        if ind.accumulation == "cumulative":
            points = [(self.start, Decimal(0))] + [(_end(t.year, 12), t.value) for t in numeric]
            value = _round(ind, _path(points, day) * perf * self.noise("0.03"))
            value = max(value, self.cumulative_seen.get(ind.pk, Decimal(0)))
            self.cumulative_seen[ind.pk] = value
            return {"value": value}
        first = numeric[0].value
        start_level = first * Decimal("0.97") if ind.unit == "%" else first * Decimal("0.8")
        points = [(self.start, start_level)] + [(_end(t.year, 12), t.value) for t in numeric]
        planned = _path(points, day)
        value = start_level + (planned - start_level) * perf
        if ind.unit == "%":
            value = min(value, Decimal(100))
        return {"value": _round(ind, value * self.noise("0.0005"))}

    def growth(self, ind, perf, day, numeric) -> dict:
        """Year-to-date volume and the baseline year's volume for the same months."""
        monthly_base = Decimal(100)
        reference = _round(ind, monthly_base * day.month)
        points = [(date(ind.baseline_year or self.plan.baseline_year, 12, 31), Decimal(0))] + [
            (_end(t.year, 12), t.value) for t in numeric
        ]
        rate = _path(points, day) * perf / 100
        return {"value": _round(ind, reference * (1 + rate) * self.noise("0.01")), "reference": reference}


def _status_for_last_month(code: str) -> str | None:
    if code in MISSING_LAST:
        return None
    return {"swj": S.SUBMITTED, "gxj": S.APPROVED}.get(code, S.ACCEPTED)


@transaction.atomic
def install_history(plan: Plan, seed: int = 20240726) -> int:
    """Create the history once; returns the number of periods created (0 when it was there already)."""
    if plan.periods.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    sim = _Simulator(plan, rng)
    departments = assignments.responsible_departments(plan)
    owners = assignments.indicator_owners(plan)
    indicators = list(plan.indicators.prefetch_related("targets").order_by("position"))
    tasks_by_dept = {d.pk: assignments.tasks_narrated_by(plan, d) for d in departments}
    reporters = {u.department_id: u for u in User.objects.filter(role_assignments__role="reporter")}
    reviewers = {u.department_id: u for u in User.objects.filter(role_assignments__role="reviewer")}
    coordinator = User.objects.filter(role_assignments__role="coordinator").first()
    last_key = f"{LAST[0]}-{LAST[1]:02d}"
    created = 0
    for year, month in months():
        key, end = f"{year}-{month:02d}", _end(year, month)
        deadline = end + timedelta(days=5)
        closed = key != last_key
        period = Period.objects.create(
            plan=plan,
            key=key,
            start=date(year, month, 1),
            end=end,
            deadline=deadline,
            status=Period.Status.CLOSED if closed else Period.Status.OPEN,
            opened_at=_aware(date(year, month, 25), 9),
            closed_at=_aware(deadline + timedelta(days=10), 18) if closed else None,
        )
        created += 1
        for dept in departments:
            status = S.ACCEPTED if closed else _status_for_last_month(dept.code)
            if status is None:
                continue
            late = rng.random() < LATE.get(dept.code, 0.03)
            sent = (
                deadline + timedelta(days=rng.randint(1, 6))
                if late
                else deadline - timedelta(days=rng.randint(0, 4))
            )
            submission = Submission.objects.create(
                period=period,
                department=dept,
                status=status,
                submitted_at=_aware(sent, 16),
                accepted_at=_aware(sent + timedelta(days=3), 10) if status == S.ACCEPTED else None,
            )
            perf = PERFORMANCE.get(dept.code, Decimal("0.95"))
            values = [
                ReportedValue(submission=submission, indicator=ind, **sim.entry(ind, perf, end))
                for ind in indicators
                if owners.get(ind.pk) == dept.pk
            ]
            # figures computed from records are not typed (drawn all the same: the rest of the history
            # stays as it was)
            values = [v for v in values if not sources.is_computed(v.indicator)]
            ReportedValue.objects.bulk_create(values)
            Narrative.objects.bulk_create(
                [
                    Narrative(
                        submission=submission,
                        task=task,
                        progress=rng.choice(PROGRESS).format(t=task.title),
                        problems=rng.choice(PROBLEMS),
                        next_steps=rng.choice(NEXT_STEPS),
                    )
                    for task in tasks_by_dept[dept.pk]
                ]
            )
            _versions(submission, status, (reporters.get(dept.pk), reviewers.get(dept.pk), coordinator), sent)
    year, month = LAST[0] + LAST[1] // 12, LAST[1] % 12 + 1
    current = _end(year, month)
    Period.objects.create(
        plan=plan,
        key=f"{year}-{month:02d}",
        start=date(year, month, 1),
        end=current,
        deadline=current + timedelta(days=5),
        opened_at=_aware(date(year, month, 25), 9),
    )
    created += 1
    chain.record(
        "demo.history", obj=plan, after={"periods": created, "from": "2024-08", "to": f"{year}-{month:02d}"}
    )
    return created


def _versions(submission: Submission, status: str, actors, sent: date) -> None:
    from liangxin.reporting.workflow import content

    reporter, reviewer, coordinator = actors
    steps = [("save", S.DRAFT, reporter, sent - timedelta(days=1)), ("submit", S.SUBMITTED, reporter, sent)]
    if status in (S.APPROVED, S.ACCEPTED):
        steps.append(("approve", S.APPROVED, reviewer, sent + timedelta(days=1)))
    if status == S.ACCEPTED:
        steps.append(("accept", S.ACCEPTED, coordinator, sent + timedelta(days=3)))
    snapshot = content(submission)
    SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                submission=submission,
                version=i,
                action=action,
                status=state,
                actor=actor,
                at=_aware(day, 15),
                content=snapshot | {"status": state},
            )
            for i, (action, state, actor, day) in enumerate(steps, start=1)
        ]
    )
    Submission.objects.filter(pk=submission.pk).update(version=len(steps))
