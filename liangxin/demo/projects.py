"""Demo projects of the reserve: a few of the demo units' equipment-renewal projects at different stages,
with their 前期工作 and funding, so that the list, the recommendation list and the roll-ups have content."""

from datetime import date

from liangxin.accounts.models import User
from liangxin.demo.renovation import install_renovation_demo
from liangxin.projects import funding, preparation, records, stages
from liangxin.projects.models import Project

PROJECTS = [  # name, owner's credit code, field, town, code, total, equipment, start, end, department, directions
    (
        "年产 5 万公里特种电缆智能化技术改造项目",
        "91370902MA3C10020E",
        "industry",
        "qjdz",
        "2407-370902-04-01-100101",
        "12000",
        "8000",
        date(2025, 3, 1),
        date(2026, 12, 31),
        "gxj",
        ["数字化转型", "节能降碳"],
    ),
    (
        "大型矿山装备数字化车间建设项目",
        "91370900MA3C12345J",
        "industry",
        "sgjd",
        "2409-370902-04-01-100102",
        "26000",
        "18500",
        date(2026, 4, 1),
        date(2027, 10, 31),
        "gxj",
        ["数字化转型"],
    ),
    (
        "输变电设备绿色工厂节能改造项目",
        "91370902MA3C10000C",
        "industry",
        "qjdz",
        "",
        "5600",
        "4200",
        date(2027, 3, 1),
        date(2027, 12, 31),
        "gxj",
        ["节能降碳"],
    ),
    (
        "泰山区人民医院医学影像设备更新项目",
        "12370902MB0001001L",
        "health",
        "cyjd",
        "2410-370902-89-01-100103",
        "4800",
        "4500",
        date(2025, 6, 1),
        date(2025, 12, 31),
        "wjj",
        ["设备更新"],
    ),
    (
        "泰山区实验中学教学实验设备更新项目",
        "12370902MB0001002P",
        "education",
        "tqjd",
        "",
        "900",
        "820",
        date(2026, 9, 1),
        date(2027, 6, 30),
        "jtj",
        ["设备更新", "安全生产"],
    ),
]


def install_project_demo() -> int:
    """The demo projects, once; how many were made (0 when there are projects already)."""
    if Project.objects.exists():
        return 0
    made = []
    for name, owner, field, town, code, total, equipment, start, end, department, directions in PROJECTS:
        reporter = User.objects.filter(department__code=department, role_assignments__role="reporter").first()
        reporter = reporter or User.objects.get(username="fgj_coordinator")
        made.append(
            (
                reporter,
                records.create(
                    reporter,
                    {
                        "name": name,
                        "owner": owner,
                        "field": field,
                        "town": town,
                        "code": code,
                        "total_investment": total,
                        "equipment_investment": equipment,
                        "start": start,
                        "end": end,
                        "department": department,
                        "directions": directions,
                    },
                ),
            )
        )
    coordinator = User.objects.get(username="fgj_coordinator")
    cable, mining, green, hospital, school = made
    reporter, project = cable
    preparation.report(
        reporter,
        project,
        "approval",
        "done",
        approval_kind="filing",
        document_number="泰山发改备〔2024〕31号",
        done_on=date(2024, 7, 20),
    )
    preparation.report(reporter, project, "land", "not_needed")
    preparation.report(
        reporter,
        project,
        "energy",
        "done",
        document_number="泰发改能审〔2024〕12号",
        done_on=date(2024, 11, 5),
    )
    preparation.report(
        reporter,
        project,
        "environment",
        "done",
        document_number="泰环审〔2024〕40号",
        done_on=date(2024, 12, 2),
    )
    preparation.report(reporter, project, "construction", "not_needed")
    for to, on in (("reserve", date(2024, 12, 10)), ("applied", date(2025, 1, 15))):
        change = stages.move(reporter, project, to, on)
        if change.status == "pending":
            stages.decide(coordinator, change, True)
    change = stages.move(reporter, project, "selected", date(2025, 5, 20))
    stages.decide(coordinator, change, True, "列入超长期特别国债设备更新项目清单")
    stages.move(reporter, project, "started", date(2025, 6, 1))
    funding.add(reporter, project, "special-bonds", "request", "2400", date(2025, 1, 15))
    funding.add(
        reporter, project, "special-bonds", "grant", "2000", date(2025, 5, 20), "鲁发改投资〔2025〕356号"
    )
    funding.add(reporter, project, "self-funded", "request", "10000", date(2025, 1, 15))
    for reporter, project in (mining, hospital, school):
        stages.move(reporter, project, "reserve", date(2025, 2, 1))
        preparation.report(
            reporter,
            project,
            "approval",
            "done",
            approval_kind="filing",
            document_number=f"泰山发改备〔2025〕{project.pk}号",
            done_on=date(2025, 1, 20),
        )
    reporter, project = mining
    preparation.report(reporter, project, "energy", "in_progress")
    reporter, project = hospital
    stages.move(reporter, project, "applied", date(2025, 3, 1))  # waits for the coordinator
    return len(made) + install_renovation_demo()
