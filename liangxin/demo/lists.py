"""Demo entries of the 两优 and 两新 lists: the demo enterprises' advantage products in several categories
(most accepted and so in the public 名录, one returned, one waiting for review), and equipment-renewal needs
of the demo enterprises, the hospital and the school, with consumer trade-in estimates by category."""

from liangxin.accounts.models import User
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.lists import entries, review
from liangxin.lists.models import DemandEntry, SupplyEntry

TRANSFORMER, HEAVY, CABLE = "91370902MA3C10000C", "91370902MA3C10010D", "91370902MA3C10020E"
APPLIANCE_SHOP, RECYCLER = "91370902MA3C10030F", "91370902MA3C10040G"
HOSPITAL, SCHOOL = "12370902MB0001001L", "12370902MB0001002P"

# unit, product, category, specification, certifications, capacity, price range (万元), what happens
SUPPLY = [
    (
        DEMO_ENTERPRISE_CODE,
        "矿用隔爆型变频调速一体机",
        "mining",
        "75–400 kW，Ex d I Mb，一体化变频",
        "矿用产品安全标志证书（MA）",
        "年产 300 台",
        ("12", "48"),
        "accept",
    ),
    (
        DEMO_ENTERPRISE_CODE,
        "智能化综采工作面液压支架",
        "mining",
        "支护高度 1.8–5.5 m，电液控制",
        "省级首台（套）技术装备",
        "年产 800 架",
        ("35", "90"),
        "accept",
    ),
    (
        DEMO_ENTERPRISE_CODE,
        "矿用带式输送机",
        "mining",
        "带宽 800–1400 mm，变频软启动",
        "矿用产品安全标志证书（MA）",
        "年产 120 台",
        ("60", "260"),
        "return",
    ),
    (
        TRANSFORMER,
        "SCB18 型干式电力变压器",
        "power-cable",
        "30–2500 kVA，一级能效",
        "国家级绿色工厂；能效标识一级",
        "年产 3000 台",
        ("6", "65"),
        "accept",
    ),
    (
        TRANSFORMER,
        "35 kV 预装式智能变电站",
        "power-cable",
        "箱式，含在线监测",
        "CCC 认证",
        "年产 200 套",
        ("80", "260"),
        "accept",
    ),
    (
        TRANSFORMER,
        "非晶合金节能配电变压器",
        "energy-saving",
        "SBH25 型，空载损耗降低 70%",
        "节能产品认证",
        "年产 2000 台",
        ("4", "30"),
        "accept",
    ),
    (
        HEAVY,
        "XCT25 全地面起重机",
        "construction-machinery",
        "额定起重量 25 t，国四排放",
        "省级智能制造标杆；好品山东",
        "年产 500 台",
        ("120", "180"),
        "accept",
    ),
    (
        HEAVY,
        "电动装载机",
        "construction-machinery",
        "5 t，磷酸铁锂电池，快充 1 h",
        "好品山东",
        "年产 300 台",
        ("75", "110"),
        "accept",
    ),
    (HEAVY, "隧道凿岩台车", "mining", "三臂，全电脑控制", "", "年产 40 台", ("600", "900"), "accept"),
    (
        CABLE,
        "交联聚乙烯绝缘电力电缆",
        "power-cable",
        "0.6/1 kV–35 kV，YJV/YJLV",
        "CCC 认证；5G 工厂（市级）",
        "年产 5 万公里",
        (None, None),
        "accept",
    ),
    (
        CABLE,
        "矿用阻燃橡套软电缆",
        "power-cable",
        "MYP/MCP 系列",
        "矿用产品安全标志证书（MA）",
        "年产 1 万公里",
        (None, None),
        "accept",
    ),
    (
        CABLE,
        "光伏专用直流电缆",
        "energy-saving",
        "PV1-F 1×4 mm²，耐候 25 年",
        "TÜV 认证",
        "年产 2 万公里",
        (None, None),
        "submit",
    ),
    (
        RECYCLER,
        "废旧家电智能拆解线",
        "energy-saving",
        "冰箱、洗衣机、空调拆解，年处理 20 万台",
        "",
        "年产 5 条",
        ("300", "450"),
        "accept",
    ),
    (
        APPLIANCE_SHOP,
        "一级能效变频空调（以旧换新套餐）",
        "smart-appliance",
        "1.5 匹，含旧机回收",
        "",
        "月供 2000 台",
        ("0.25", "0.6"),
        "accept",
    ),
    (
        HEAVY,
        "医用负压救护车改装",
        "medical",
        "依维柯底盘，负压舱",
        "医疗器械生产许可证",
        "年产 60 台",
        ("38", "52"),
        "accept",
    ),
]
# kind, unit, town, subject, field or consumer category, supply category, quantity, measure, amount (万元),
# month, who enters it, what happens
DEMAND = [
    (
        "equipment",
        HOSPITAL,
        "",
        "更新 64 排螺旋 CT",
        "health",
        "medical",
        "1",
        "台",
        "680",
        "2026-06",
        "wjj_reporter",
        "accept",
    ),
    (
        "equipment",
        HOSPITAL,
        "",
        "更新负压救护车",
        "health",
        "medical",
        "2",
        "辆",
        "100",
        "2026-09",
        "wjj_reporter",
        "accept",
    ),
    (
        "equipment",
        SCHOOL,
        "",
        "更新理化生实验室设备",
        "education",
        "",
        "6",
        "间",
        "180",
        "2026-08",
        "fgj_coordinator",
        "submit",
    ),
    (
        "equipment",
        DEMO_ENTERPRISE_CODE,
        "",
        "更新老旧变压器为一级能效干式变压器",
        "industry",
        "power-cable",
        "4",
        "台",
        "120",
        "2026-05",
        "enterprise",
        "accept",
    ),
    (
        "equipment",
        CABLE,
        "",
        "更新交联生产线配电系统",
        "industry",
        "power-cable",
        "1",
        "套",
        "260",
        "2026-07",
        "gxj_reporter",
        "accept",
    ),
    (
        "equipment",
        HEAVY,
        "",
        "更新厂内物流电动装载机",
        "industry",
        "construction-machinery",
        "3",
        "台",
        "300",
        "2026-10",
        "gxj_reporter",
        "accept",
    ),
    (
        "consumer",
        None,
        "dmjd",
        "岱庙街道家电以旧换新需求测算",
        "appliance",
        "",
        "3200",
        "台",
        "1150",
        "2026-12",
        "swj_reporter",
        "accept",
    ),
    (
        "consumer",
        None,
        "",
        "全区汽车报废更新和置换更新需求测算",
        "car",
        "",
        "2600",
        "辆",
        "3900",
        "2026-12",
        "swj_reporter",
        "accept",
    ),
    (
        "consumer",
        None,
        "",
        "全区电动自行车以旧换新需求测算",
        "ebike",
        "",
        "5000",
        "辆",
        "250",
        "2026-12",
        "swj_reporter",
        "accept",
    ),
    (
        "consumer",
        None,
        "",
        "全区家装厨卫焕新需求测算",
        "home",
        "",
        "1800",
        "件",
        "540",
        "2026-12",
        "swj_reporter",
        "draft",
    ),
]


def _person(username: str) -> User:
    return User.objects.get(username=username)


def _enterer(unit: str) -> User:
    return _person("enterprise" if unit == DEMO_ENTERPRISE_CODE else "gxj_reporter")


def install_list_demo() -> int:
    """The demo entries, once; how many were made (0 when the lists hold entries already)."""
    if SupplyEntry.objects.exists() or DemandEntry.objects.exists():
        return 0
    supply_reviewer, demand_reviewer = _person("gxj_reviewer"), _person("fgj_coordinator")
    made = 0
    for number, (unit, product, category, spec, certs, capacity, (low, high), outcome) in enumerate(SUPPLY):
        user = _enterer(unit)
        entry = entries.create(
            user,
            "supply",
            {
                "unit": unit,
                "product": product,
                "category": category,
                "specification": spec,
                "certifications": certs,
                "capacity": capacity,
                "price_min": low or "",
                "price_max": high or "",
                "contact_name": "王经理",
                "contact_phone": f"1390538{5000 + number:04d}",
            },
        )
        review.submit(user, entry)
        if outcome == "accept":
            review.accept(supply_reviewer, entry, "产品信息属实，同意发布")
        elif outcome == "return":
            review.return_entry(supply_reviewer, entry, "请补充带宽 1400 mm 机型的价格和产能")
        made += 1
    for number, row in enumerate(DEMAND):
        kind, unit, town, subject, field, category, quantity, measure, amount, month, username, outcome = row
        user = _person(username)
        entry = entries.create(
            user,
            "demand",
            {
                "kind": kind,
                "unit": unit or "",
                "town": town,
                "subject": subject,
                "field": field if kind == "equipment" else "",
                "consumer_category": field if kind == "consumer" else "",
                "category": category,
                "quantity": quantity,
                "measure": measure,
                "amount": amount,
                "wanted_by": month,
                "contact_name": "李主任",
                "contact_phone": f"1390538{6000 + number:04d}",
            },
        )
        if outcome != "draft":
            review.submit(user, entry)
        if outcome == "accept":
            review.accept(demand_reviewer, entry, "需求明确，列入两新清单")
        made += 1
    return made
