"""Demo events: a 供需对接会 held this year with the demo units taking part and its intentions and
contracts, the 汽车促销巡展 and 家电以旧换新促销 of 2025 and 2026 that the plan's tasks 9 and 10 count (two car
promotions in 2025 but one so far in 2026; two appliance promotions each year), and one event still planned."""

from datetime import date

from liangxin.accounts.models import User
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.enterprises.models import Unit
from liangxin.events import records, rows
from liangxin.events.models import Event

PROMOTIONS = [  # kind, title, start, end, place, organiser's reporter, co-organisers, held on (None: planned)
    (
        "car_promotion",
        "2025 泰山区春季汽车促销巡展",
        date(2025, 4, 19),
        date(2025, 4, 20),
        "泰山区万达广场",
        "swj_reporter",
        "区汽车流通行业协会",
        date(2025, 4, 19),
    ),
    (
        "car_promotion",
        "2025 泰山区金秋购车节暨新能源汽车下乡巡展",
        date(2025, 9, 27),
        date(2025, 9, 28),
        "省庄镇政府广场",
        "swj_reporter",
        "省庄镇人民政府",
        date(2025, 9, 27),
    ),
    (
        "car_promotion",
        "2026 泰山区汽车以旧换新促销巡展",
        date(2026, 5, 16),
        date(2026, 5, 17),
        "泰山区万达广场",
        "swj_reporter",
        "区汽车流通行业协会",
        date(2026, 5, 16),
    ),
    (
        "appliance_promotion",
        "2025 家电以旧换新惠民季",
        date(2025, 5, 1),
        date(2025, 5, 5),
        "泰山区家电以旧换新示范门店",
        "swj_reporter",
        "泰安再生资源回收利用有限公司",
        date(2025, 5, 1),
    ),
    (
        "appliance_promotion",
        "2025 国庆家电以旧换新促销月",
        date(2025, 10, 1),
        date(2025, 10, 7),
        "泰山区家电以旧换新示范门店",
        "swj_reporter",
        "",
        date(2025, 10, 1),
    ),
    (
        "appliance_promotion",
        "2026 绿色智能家电以旧换新促销活动",
        date(2026, 4, 30),
        date(2026, 5, 5),
        "泰山区家电以旧换新示范门店",
        "swj_reporter",
        "泰安再生资源回收利用有限公司",
        date(2026, 4, 30),
    ),
    (
        "appliance_promotion",
        "2026 金秋家电以旧换新促销季",
        date(2026, 9, 19),
        date(2026, 9, 27),
        "泰山区家电以旧换新示范门店",
        "swj_reporter",
        "",
        date(2026, 9, 19),
    ),
    (
        "nev_month",
        "2027 泰山区新能源汽车消费促进月",
        date(2027, 3, 1),
        date(2027, 3, 31),
        "泰山区各汽车销售门店",
        "swj_reporter",
        "区汽车流通行业协会",
        None,
    ),
]
MATCHMAKING = ("gxj_reporter", "2026 泰山区设备更新供需对接会", date(2026, 6, 18), "泰山区政务服务中心会议室")
PARTICIPANTS = [  # credit code, role
    ("91370902MA3C10000C", "supply"),
    ("91370902MA3C10010D", "supply"),
    ("91370902MA3C10020E", "supply"),
    (DEMO_ENTERPRISE_CODE, "supply"),
    ("12370902MB0001001L", "demand"),
    ("12370902MB0001002P", "demand"),
    ("12370902MB0001003T", "demand"),
]
OUTCOMES = [  # supply, demand, kind, value (万元), note
    ("91370902MA3C10000C", "泰山区人民医院", "contract", "680", "医院配电系统变压器更新"),
    ("91370902MA3C10020E", "泰山区实验中学", "contract", "125.5", "教学楼线路改造电缆"),
    ("91370902MA3C10010D", "泰山区天外村景区", "intention", "460", "景区道路养护工程机械"),
    (DEMO_ENTERPRISE_CODE, "泰安市某矿业有限公司", "intention", "1200", "矿山装备更新，需方未在名录登记"),
]


def _reporter(username: str) -> User:
    return User.objects.get(username=username)


def _matchmaking() -> None:
    username, title, day, place = MATCHMAKING
    reporter = _reporter(username)
    event = records.create(
        reporter,
        {
            "kind": "matchmaking",
            "title": title,
            "start": day,
            "place": place,
            "organiser": reporter.department.code,
            "co_organisers": "区发展和改革局、区商务局",
        },
    )
    registered = set(Unit.objects.values_list("credit_code", flat=True))
    for code, role in PARTICIPANTS:
        if code in registered:
            rows.add_participant(reporter, event, code, role)
    records.mark_held(reporter, event, day)
    for supply, demand, kind, value, note in OUTCOMES:
        if supply in registered:
            rows.add_outcome(
                reporter,
                event,
                {"supply": supply, "demand": demand, "kind": kind, "value": value, "note": note},
            )


def install_event_demo() -> int:
    """The demo events, once; how many were made (0 when there are events already)."""
    if Event.objects.exists():
        return 0
    for kind, title, start, end, place, username, co_organisers, held_on in PROMOTIONS:
        reporter = _reporter(username)
        event = records.create(
            reporter,
            {
                "kind": kind,
                "title": title,
                "start": start,
                "end": end,
                "place": place,
                "organiser": reporter.department.code,
                "co_organisers": co_organisers,
            },
        )
        if held_on is not None:
            records.mark_held(reporter, event, held_on)
    _matchmaking()
    return len(PROMOTIONS) + 1
