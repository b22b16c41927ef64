"""Demo units and honours: a few of the district's enterprises (the demo enterprise account's own among
them), a hospital, a school and a scenic spot, with the honours the plan counts: its computed indicators
(省级以上绿色工厂, 智能制造项目, 好品山东) show a believable status from these."""

from liangxin.accounts.models import User
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.enterprises import honours, units
from liangxin.enterprises.models import Unit

UNITS = [
    (
        "enterprise",
        "泰山示范机械有限公司",
        DEMO_ENTERPRISE_CODE,
        "C3511",
        "矿山机械制造",
        True,
        "sgjd",
        "gxj",
    ),
    (
        "enterprise",
        "泰安岱宗输变电设备有限公司",
        "91370902MA3C10000C",
        "C3821",
        "变压器、整流器和电感器制造",
        True,
        "qjdz",
        "gxj",
    ),
    (
        "enterprise",
        "泰山重工工程机械股份有限公司",
        "91370902MA3C10010D",
        "C3431",
        "工程机械制造",
        True,
        "szz",
        "gxj",
    ),
    (
        "enterprise",
        "泰安鲁岳电线电缆有限公司",
        "91370902MA3C10020E",
        "C3831",
        "电线、电缆制造",
        True,
        "qjdz",
        "gxj",
    ),
    (
        "enterprise",
        "泰山区家电以旧换新示范门店",
        "91370902MA3C10030F",
        "F5271",
        "家用电器零售",
        False,
        "dmjd",
        "swj",
    ),
    (
        "enterprise",
        "泰安再生资源回收利用有限公司",
        "91370902MA3C10040G",
        "N7820",
        "再生资源回收",
        False,
        "xjljd",
        "swj",
    ),
    (
        "enterprise",
        "泰安泰山智能装备有限公司",
        "91370902MA3C10050H",
        "C3499",
        "其他通用设备制造",
        True,
        "sgjd",
        "gxj",
    ),
    (
        "enterprise",
        "泰安岱岳精密机械有限公司",
        "91370902MA3C10060J",
        "C3484",
        "机械零部件加工",
        True,
        "qjdz",
        "gxj",
    ),
    (
        "enterprise",
        "泰安汇通汽车零部件有限公司",
        "91370902MA3C10070K",
        "C3670",
        "汽车零部件及配件制造",
        True,
        "szz",
        "gxj",
    ),
    (
        "enterprise",
        "泰安天平纺织有限公司",
        "91370902MA3C10080L",
        "C1713",
        "棉印染精加工",
        True,
        "xjljd",
        "gxj",
    ),
    (
        "enterprise",
        "泰山新材料科技有限公司",
        "91370902MA3C10090M",
        "C2929",
        "塑料零件及其他塑料制品制造",
        True,
        "cyjd",
        "gxj",
    ),
    (
        "enterprise",
        "泰安鲁信电子科技有限公司",
        "91370902MA3C101002",
        "C3982",
        "电子电路制造",
        True,
        "tqjd",
        "gxj",
    ),
    (
        "enterprise",
        "泰安宏达环保设备有限公司",
        "91370902MA3C101103",
        "C3591",
        "环境保护专用设备制造",
        True,
        "dmjd",
        "gxj",
    ),
    (
        "enterprise",
        "泰安岱银医疗器械有限公司",
        "91370902MA3C101204",
        "C3581",
        "医疗诊断、监护及治疗设备制造",
        True,
        "sgjd",
        "gxj",
    ),
    ("hospital", "泰山区人民医院", "12370902MB0001001L", "Q8411", "综合医院", False, "cyjd", "wjj"),
    ("school", "泰山区实验中学", "12370902MB0001002P", "P8334", "普通高中教育", False, "tqjd", "jtj"),
    ("scenic", "泰山区天外村景区", "12370902MB0001003T", "N7861", "名胜风景区管理", False, "dmjd", "wlj"),
]
CONTACTS = ["王经理", "李主任", "张科长", "刘经理", "陈主任", "杨经理", "赵科长", "黄主任", "周经理"]
HONOURS = [  # credit code, kind, level, year, document number, the department that enters it
    (DEMO_ENTERPRISE_CODE, "green-factory", "provincial", 2024, "鲁工信节〔2024〕210号", "gxj_reporter"),
    ("91370902MA3C10000C", "green-factory", "national", 2025, "工信厅节函〔2025〕35号", "gxj_reporter"),
    ("91370902MA3C10060J", "green-factory", "provincial", 2025, "鲁工信节〔2025〕196号", "gxj_reporter"),
    ("91370902MA3C10020E", "green-factory", "city", 2025, "泰工信字〔2025〕58号", "gxj_reporter"),
    ("91370902MA3C10050H", "green-factory", "provincial", 2026, "鲁工信节〔2026〕77号", "gxj_reporter"),
    ("91370902MA3C10010D", "smart-manufacturing", "provincial", 2025, "鲁工信装〔2025〕88号", "gxj_reporter"),
    ("91370902MA3C10010D", "good-shandong", "provincial", 2025, "鲁质强〔2025〕6号", "gxj_reporter"),
    ("91370902MA3C10000C", "good-shandong", "provincial", 2025, "鲁质强〔2025〕6号", "gxj_reporter"),
    ("91370902MA3C10020E", "5g-factory", "city", 2024, "泰工信字〔2024〕41号", "gxj_reporter"),
    ("91370902MA3C10020E", "energy-leader", "provincial", 2025, "鲁发改环资〔2025〕102号", "gxj_reporter"),
]
# 智能制造项目 recognised each year, by level: the plan's 省级 5/10/20 and 市级 10/20/30 (2024/2025/2027);
# 省级 meets 2024 and 2025 and falls behind in 2026, 市级 misses 2024 and catches up
SMART_PROJECTS = {("provincial", 2024): 5, ("provincial", 2025): 5, ("provincial", 2026): 3}
SMART_PROJECTS |= {("city", 2024): 8, ("city", 2025): 12, ("city", 2026): 6}
SMART_DOCUMENTS = {"provincial": "鲁工信装〔{year}〕{n}号", "city": "泰工信字〔{year}〕{n}号"}


def smart_project_honours() -> list[tuple]:
    """The 智能制造项目 of SMART_PROJECTS spread over the manufacturers, one a year per unit and level."""
    makers = [code for kind, _n, code, industry, *_ in UNITS if kind == "enterprise" and industry[0] == "C"]
    found = []
    for (level, year), count in SMART_PROJECTS.items():
        document = SMART_DOCUMENTS[level].format(year=year, n=40 + year % 100)
        found += [
            (makers[i], "smart-manufacturing-project", level, year, document, "gxj_reporter")
            for i in range(count)
        ]
    return found


def install_unit_demo() -> int:
    """The demo units and honours, once; the number of units made (0 when they are there already)."""
    if Unit.objects.exists():
        return 0
    coordinator = User.objects.get(username="fgj_coordinator")
    made = {}
    for kind, name, code, industry, industry_name, above, town, department in UNITS:
        made[code] = units.create(
            coordinator,
            {
                "kind": kind,
                "name": name,
                "credit_code": code,
                "industry_code": industry,
                "industry_name": industry_name,
                "above_scale": above,
                "town": town,
                "department": department,
                "contact_name": CONTACTS[len(made) % len(CONTACTS)],
                "contact_phone": f"1390538{len(made):04d}",
            },
        )
    for code, kind, level, year, number, username in HONOURS + smart_project_honours():
        honours.record(
            User.objects.get(username=username),
            made[code],
            {"kind": kind, "level": level, "year": year, "document_number": number},
        )
    return len(made)
