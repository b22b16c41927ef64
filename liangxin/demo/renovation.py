"""Demo 技改 and equipment projects in numbers that make the plan's computed figures show a real status:
about thirty 技术改造 projects of the district's manufacturers (some started in 2026, some in 2024–2025,
some stuck in 前期工作, some 下达 and waiting to start), equipment projects of the goal's other fields,
a funding round with grants, the monthly progress the departments reported in the demo's accepted
periods, and each field's 2023 equipment investment."""

import random
from datetime import date, timedelta
from decimal import Decimal

from liangxin.accounts.models import User
from liangxin.demo.reporting import LAST
from liangxin.enterprises import units
from liangxin.enterprises.models import Unit
from liangxin.plans.fields import FIELDS
from liangxin.projects import baselines, funding, preparation, progress, records, stages
from liangxin.projects.models import Project, ProjectProgress
from liangxin.reporting.models import Submission

MANUFACTURERS = [
    "91370902MA3C10000C",
    "91370902MA3C10010D",
    "91370902MA3C10020E",
    "91370902MA3C10030F",
    "91370902MA3C10040G",
    "91370900MA3C12345J",
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
    "精密轴承",
]
WORKS = ["智能化技术改造", "生产线自动化改造", "数字化车间改造", "节能降碳技术改造", "绿色工厂提升改造"]
NEW_UNITS = [  # owners of the goal's other fields: kind, name, credit code, industry, department
    ("enterprise", "泰山区丰源粮食专业合作社", "91370902MA3C10050H", ("A0111", "稻谷种植"), "nyncj"),
    (
        "enterprise",
        "泰安泰山城市建设发展有限公司",
        "91370902MA3C10060J",
        ("E4813", "市政道路工程建筑"),
        "zjj",
    ),
    (
        "enterprise",
        "泰安市泰山公共交通有限公司",
        "91370902MA3C10070K",
        ("G5411", "城市公共交通运输"),
        "jtysj",
    ),
]
OTHER_FIELDS = [  # field, owner's credit code, department, name, total, equipment
    ("agriculture", "91370902MA3C10050H", "nyncj", "粮食烘干仓储设备更新项目", "1800", "1500"),
    ("construction", "91370902MA3C10060J", "zjj", "老旧供水管网及加压设备更新项目", "6500", "3900"),
    ("transport", "91370902MA3C10070K", "jtysj", "新能源公交车辆更新项目", "9600", "9000"),
    ("education", "12370902MB0001002P", "jtj", "智慧教室及实验室设备更新项目", "1200", "1100"),
    ("culture_tourism", "12370902MB0001003T", "wlj", "景区索道及游客服务设施更新项目", "5200", "3800"),
    ("health", "12370902MB0001001L", "wjj", "医用 DR、CT 设备更新项目", "3600", "3400"),
]
DEMO_END = date(LAST[0], LAST[1], 28)  # the last month the demo's periods cover
GROWTH_OVER_2023 = Decimal("1.18")  # the demo's 2026 equipment investment against 2023


def _actor(department: str) -> User:
    return User.objects.filter(
        department__code=department, role_assignments__role="reporter"
    ).first() or User.objects.get(username="fgj_coordinator")


def _move_to(project: Project, stage: str, on: date) -> None:
    """Through the stages to `stage`, the last move on `on`, the coordinator confirming 申报 and 下达."""
    coordinator = User.objects.get(username="fgj_coordinator")
    order = ["reserve", "applied", "selected", "started"]
    steps = order[: order.index(stage) + 1]
    for i, to in enumerate(steps):
        change = stages.move(
            _actor(project.department.code), project, to, on - timedelta(days=30 * (len(steps) - 1 - i))
        )
        if change.status == "pending":
            stages.decide(coordinator, change, True)


def _prepared(project: Project, on: date, complete: bool) -> None:
    reporter = _actor(project.department.code)
    preparation.report(
        reporter,
        project,
        "approval",
        "done",
        approval_kind="filing",
        document_number=f"泰山审批备〔{on.year}〕{project.pk}号",
        done_on=on,
    )
    preparation.report(reporter, project, "land", "not_needed")
    if complete:
        number = f"泰发改能审〔{on.year}〕{project.pk}号"
        preparation.report(reporter, project, "energy", "done", document_number=number, done_on=on)
    else:
        preparation.report(reporter, project, "energy", "in_progress")
    if not complete:
        preparation.report(reporter, project, "environment", "not_started")


def _town_of(owner: str) -> str:
    """A project is built where its unit is."""
    town = Unit.objects.filter(credit_code=owner).values_list("town__code", flat=True).first()
    return town or ""


def _create(
    rng: random.Random, owner: str, department: str, field: str, name: str, total, equipment, start, kind
):
    return records.create(
        _actor(department),
        {
            "name": name,
            "owner": owner,
            "field": field,
            "town": _town_of(owner),
            "construction": kind,
            "total_investment": str(total),
            "equipment_investment": str(equipment),
            "start": start,
            "end": start + timedelta(days=rng.choice([300, 420, 540])),
            "department": department,
            "directions": rng.sample(["数字化转型", "节能降碳", "安全生产", "设备更新"], 2),
        },
    )


def _renovations(rng: random.Random) -> list[tuple[Project, date | None]]:
    """30 技改 projects: (project, the day it started or None)."""
    made = []
    plan = [("started", 11, 2026), ("started", 9, 2025), ("stuck", 6, 2026), ("selected", 4, 2026)]
    n = 0
    for what, count, year in plan:
        for _ in range(count):
            n += 1
            product, work = PRODUCTS[n % len(PRODUCTS)], WORKS[n % len(WORKS)]
            total = Decimal(rng.randrange(800, 16000, 50))
            equipment = (total * Decimal(rng.choice(["0.55", "0.65", "0.75"]))).quantize(Decimal(1))
            if what == "started" and year == 2025:
                on = date(rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
            else:
                on = date(2026, rng.randint(1, LAST[1]), rng.randint(1, 28))
            project = _create(
                rng,
                MANUFACTURERS[n % len(MANUFACTURERS)],
                "gxj",
                "industry",
                f"年产{rng.randint(2, 30)}万台（套）{product}{work}项目",
                total,
                equipment,
                on,
                "renovation",
            )
            _prepared(project, on - timedelta(days=120), complete=what != "stuck")
            if what == "stuck":
                _move_to(project, "reserve", on - timedelta(days=150))
            else:
                _move_to(project, what, on)
            made.append((project, on if what == "started" else None))
    return made


def _others(rng: random.Random) -> list[tuple[Project, date]]:
    coordinator = User.objects.get(username="fgj_coordinator")
    for kind, name, code, (industry, industry_name), department in NEW_UNITS:
        if not Unit.objects.filter(credit_code=code).exists():
            units.create(
                coordinator,
                {
                    "kind": kind,
                    "name": name,
                    "credit_code": code,
                    "industry_code": industry,
                    "industry_name": industry_name,
                    "department": department,
                },
            )
    made = []
    for field, owner, department, name, total, equipment in OTHER_FIELDS:
        on = date(2025, rng.randint(3, 11), rng.randint(1, 28))
        project = _create(rng, owner, department, field, f"泰山区{name}", total, equipment, on, "equipment")
        _prepared(project, on - timedelta(days=90), complete=True)
        _move_to(project, "started", on)
        made.append((project, on))
    return made


def _funding_round(projects: list[Project]) -> None:
    """超长期特别国债 and 区级技改补助 asked for and granted in the 2026 round."""
    for i, project in enumerate(projects):
        reporter = _actor(project.department.code)
        channel = "special-bonds" if i % 2 == 0 else "district-renovation"
        asked = (project.equipment_investment * Decimal("0.2")).quantize(Decimal(1))
        funding.add(reporter, project, channel, "request", asked, date(2026, 3, 10))
        if i % 3 != 2:
            granted = (asked * Decimal("0.8")).quantize(Decimal(1))
            number = (
                f"鲁发改投资〔2026〕{200 + i}号"
                if channel == "special-bonds"
                else f"泰山工信字〔2026〕{30 + i}号"
            )
            funding.add(reporter, project, channel, "grant", granted, date(2026, 6, 18), number)


def _progress(started: list[tuple[Project, date]]) -> None:
    """Each started project's cumulative figures in its department's accepted submissions since it began,
    rising month by month to its investment over about eighteen months."""
    departments = {p.department_id for p, _ in started}
    submissions = list(
        Submission.objects.filter(department_id__in=departments, status="accepted")
        .select_related("period")
        .order_by("period__end")
    )
    rows = []
    for project, on in started:
        entered_by = _actor(project.department.code)
        for submission in submissions:
            if submission.department_id != project.department_id or submission.period.end < on:
                continue
            months = (submission.period.end - on).days / 30
            share = Decimal(min(1.0, (months + 1) / 18)).quantize(Decimal("0.0001"))
            rows.append(
                ProjectProgress(
                    project=project,
                    submission=submission,
                    investment_done=(project.total_investment * share).quantize(Decimal("0.01")),
                    equipment_done=(project.equipment_investment * share).quantize(Decimal("0.01")),
                    image_progress="设备已全部安装调试，进入试生产" if share == 1 else "设备采购安装中",
                    entered_by=entered_by,
                )
            )
    ProjectProgress.objects.bulk_create(rows)


def _baselines(projects: list[Project]) -> None:
    """The 2023 figure of each field the demo's projects complete equipment investment in, so that this
    year's stands about 18 % above it; a field without such projects has no baseline (shown as —)."""
    coordinator = User.objects.get(username="fgj_coordinator")
    done = progress.completed_in([p.pk for p in projects], DEMO_END.year, DEMO_END)
    by_field: dict[str, Decimal] = {}
    for project in projects:
        by_field[project.field] = (
            by_field.get(project.field, Decimal(0)) + done.get(project.pk, (0, Decimal(0)))[1]
        )
    for field in FIELDS:
        amount = by_field.get(field.code)
        if not amount:
            continue
        baselines.put(
            coordinator, field.code, baselines.BASELINE_YEAR, (amount / GROWTH_OVER_2023).quantize(Decimal(1))
        )


def install_renovation_demo(seed: int = 20260315) -> int:
    """The projects above, once (the caller installs them with the reserve's first demo); how many."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    renovations = _renovations(rng)
    others = _others(rng)
    started = [(p, on) for p, on in renovations if on is not None] + others
    _funding_round([p for p, on in renovations if on is None or on.year == 2026][:12])
    _progress(started)
    _baselines([p for p, _ in started])
    return len(renovations) + len(others)
