"""Demo subsidy applications for `liangxin demo`, so the subsidy pages show a platform in use: about two
hundred appliance trade-ins across categories and shops, a few car and farm-machinery claims, three
enterprise equipment applications, some tripping the checks, many reviewed (approved, returned, refused
with reasons), and one payout batch the bank has partly answered.

Everything goes through the platform's own functions (submit_batch, the two decisions, build_batch,
record_result), so amounts, flags, encryption, the budget and the audit trail are what real use produces.
Deterministic (seeded), installed once (rows carry the source "demo"), and quick: one batch per programme.
The root test conftest does not install it, so tests start with empty subsidy tables.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import identifiers
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.payouts import batches
from liangxin.subsidies.review import decisions

SOURCE = "demo"
SEED = 20251128
S = Application.Status

# the district's counties (泰安市): 泰山区、岱岳区、宁阳县、东平县、新泰市、肥城市
REGIONS = ("370902", "370911", "370921", "370923", "370982", "370983")
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = (
    "建国", "秀英", "桂英", "志强", "海燕", "丽娟", "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂兰", "玉兰", "晓东", "红梅", "春生", "立新", "文博", "子涵", "浩然",
    "欣怡", "雨桐", "俊杰", "淑珍", "凤英", "德胜", "振华", "国庆", "爱华", "晓燕", "玉梅", "宏伟", "丽华", "永刚", "金凤",
    "长青", "卫东",
)  # fmt: skip
RETAILERS = (
    "泰山电器商城",
    "岱宗家电城",
    "东岳大街家电广场",
    "泰安百货大楼家电部",
    "新泰惠民电器",
    "肥城万家福家电",
    "宁阳县城乡家电超市",
    "东平湖畔电器行",
)
# category → (weight, [(brand and model, usual price in 元)])
MODELS = {
    "空调": (
        18,
        [("格力 KFR-35GW/NhGm1BAj", 3599), ("美的 KFR-26GW/N8XHA1", 2599), ("海尔 KFR-50LW/81@U1", 6299)],
    ),
    "冰箱": (14, [("海尔 BCD-470WDPG", 3999), ("美的 BCD-521WKPZM", 3299), ("容声 BCD-502WD11", 4599)]),
    "洗衣机": (12, [("小天鹅 TG100V88WMUIADY5", 2899), ("海尔 EG100MATE3S", 2199), ("美的 MG100V36T", 1699)]),
    "电视": (12, [("海信 65E5K", 4299), ("TCL 65V8E", 3199), ("创维 75A5D", 5499)]),
    "电脑": (6, [("联想 小新Pro14", 5499), ("华为 MateBook D 14", 4699)]),
    "热水器": (6, [("A.O.史密斯 E60VDD", 3299), ("万和 JSQ30-16S3", 2199)]),
    "吸油烟机": (5, [("老板 CXW-260-27A7", 3999), ("方太 CXW-358-EMD20", 4599)]),
    "家用灶具": (4, [("方太 JZT-TH29B", 2299), ("华帝 JZT-i10041B", 1599)]),
    "净水器": (4, [("沁园 QR-RU-06B", 2699), ("美的 MRO1895-1000G", 2199)]),
    "洗碗机": (3, [("西门子 SJ23HI00KC", 5299), ("美的 RX600", 3299)]),
    "微波炉": (3, [("格兰仕 G80F23CN3L", 599), ("美的 M3-L205C", 499)]),
    "电饭煲": (3, [("苏泊尔 SF40FC875", 599), ("美的 MB-HS4075", 399)]),
}
APPLIANCE_ROWS = 200  # ordinary trade-ins; the eight rows around what the checks catch come on top

CASEWORKER, APPROVER, FINANCE, ENTERPRISE = "swj_caseworker", "swj_approver", "czj_finance", "enterprise"
CHECKER = "czj_checker"
CLERK = "swj_clerk"  # enters the applications: whoever enters one decides it at neither step
FIRST_OK = ("材料齐全，价格核实无误", "发票、回收凭证与销售记录一致", "材料齐全，同意", "经核实符合补贴条件")
SECOND_OK = ("同意", "复核无误，同意补贴", "同意，纳入拨付")
RETURNS = (
    "发票号码与发票查验结果不符，请核对发票号码后补正",
    "旧机回收凭证号与回收企业台账不一致，请核实后补正",
    "能效等级与产品能效标识不符（该型号为 2 级），请更正后重新提交",
    "申请人姓名与身份证号不一致，请核对后重新提交",
)
SECOND_RETURN = "成交价格与发票金额不一致，请核实后补正"
REJECT_CLEAN = "经电话回访，旧机为借用他人旧家电，不符合以旧换新条件"
REJECT_DUP_INVOICE = "该发票已用于另一份申请，经核实为同一张发票重复申报，不予补贴"
REJECT_FOURTH_AC = "同一申请人空调补贴已达 3 台上限，本次不予补贴"
BANK_FAILED = ("收款账户已销户", "户名与账号不符")
FAILED_AT = (17, 42)  # items of the batch the bank could not pay
UNANSWERED = 8  # the last items of the batch, still waiting for the bank


def id_number(region: str, born: date, sequence: int) -> str:
    """A 居民身份证号 with its GB 11643 check digit."""
    body = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, identifiers._ID_WEIGHTS, strict=True))
    return body + identifiers._ID_CHECK[total % 11]


def vin(first_eight: str, rest: str) -> str:
    """A 车辆识别代号 with its check digit in position 9 (first_eight + check + eight more)."""
    body = f"{first_eight}0{rest}"
    total = sum(identifiers._VIN_VALUES[c] * w for c, w in zip(body, identifiers._VIN_WEIGHTS, strict=True))
    return f"{first_eight}{'X' if total % 11 == 10 else total % 11}{rest}"


class _Maker:
    """Seeded people, numbers and moments; every identifier it hands out is unique."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counter = 0
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def next(self) -> int:
        self.counter += 1
        return self.counter

    def person(self) -> dict:
        rng = self.rng
        while True:
            born = date(1952, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
            number = id_number(rng.choice(REGIONS), born, rng.randrange(1, 1000))
            if number not in self.ids:
                break
        self.ids.add(number)
        while True:
            phone = f"1{rng.choice('35789')}{rng.randrange(0, 10)}{rng.randrange(0, 10**8):08d}"
            if phone not in self.phones:
                break
        self.phones.add(phone)
        return {"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "id_number": number, "phone": phone}

    def moment(self, start=date(2025, 1, 2), end=date(2025, 11, 30)) -> str:
        """A transaction time in the programmes' window (2025), as a form would give it."""
        day = start + timedelta(days=self.rng.randrange(0, (end - start).days + 1))
        return f"{day} {self.rng.randrange(9, 21):02d}:{self.rng.randrange(0, 60):02d}"

    def invoice(self) -> str:
        return f"25372000{self.next():012d}"

    def account(self) -> str:
        return f"622848{self.rng.randrange(0, 10**13):013d}"

    def appliance(self, person: dict, category: str | None = None, when: str | None = None) -> dict:
        rng = self.rng
        if category is None:
            category = rng.choices(list(MODELS), weights=[w for w, _ in MODELS.values()])[0]
        model, usual = rng.choice(MODELS[category][1])
        price = max(int(round(usual * rng.uniform(0.88, 1.1), -2)) - 1, 99)
        n = self.next()
        return person | {
            "category": category,
            "grade": "1级" if rng.random() < 0.75 else "2级",
            "brand_model": model,
            "serial_number": f"{model.split()[-1][:6]}-{n:07d}",
            "price": f"{price}.00",
            "invoice_number": self.invoice(),
            "voucher_number": f"HS2025{n:06d}",
            "retailer": rng.choice(RETAILERS),
            "transaction_at": when or self.moment(),
        }


def _appliance_rows(make: _Maker) -> tuple[list[dict], dict]:
    """Ordinary trade-ins (some people trade in two kinds of appliance) and the rows the checks catch."""
    rows, people = [], []
    for _ in range(APPLIANCE_ROWS):
        if people and make.rng.random() < 0.12:  # the same person, another kind of appliance
            person = make.rng.choice(people)
            taken = {r["category"] for r in rows if r["id_number"] == person["id_number"]}
            category = make.rng.choice([c for c in MODELS if c not in taken and c != "空调"])
            rows.append(make.appliance(person, category))
        else:
            person = make.person()
            people.append(person)
            rows.append(make.appliance(person))
    # a fourth air conditioner for one person (three is the limit), the last of four in the summer
    cooler = make.person()
    for month in (5, 6, 7, 8):
        rows.append(make.appliance(cooler, "空调", f"2025-{month:02d}-{10 + month} 15:20"))
    # one invoice used twice: a second claim on a television already claimed in the spring
    original = next(r for r in rows if r["category"] == "电视" and r["transaction_at"] < "2025-05")
    reuse = make.appliance(make.person(), "电视", "2025-11-18 19:05") | {
        "invoice_number": original["invoice_number"]
    }
    rows.append(reuse)
    # one phone number given by three different people (a shop assistant's, say)
    shared = make.person()["phone"]
    for day in (3, 4, 6):
        rows.append(make.appliance(make.person() | {"phone": shared}, "微波炉", f"2025-11-{day:02d} 11:00"))
    special = {"fourth_ac": rows[-5], "reused_invoice": reuse, "shared_phone": rows[-1]}
    rows.sort(key=lambda r: r["transaction_at"])  # checked in this order: the later claim is flagged
    return rows, special


CAR_BANKS = ("中国建设银行泰安分行", "中国银行泰安分行", "泰安银行")


def car_account(n: int) -> dict:
    """The applicant's own account, paid by the car programmes (settlement `applicant`); numbered, not drawn
    from the seeded generator, so the rows after the cars stay as they were."""
    return {"bank_name": CAR_BANKS[n % len(CAR_BANKS)], "bank_account": f"62170038{n:011d}"}


def _car_rows(make: _Maker) -> tuple[list[dict], list[dict]]:
    rng = make.rng
    scrap, replace = [], []
    for i in range(6):
        scrap.append(
            make.person()
            | {
                "vin": vin(
                    rng.choice(("LGXCE4CB", "LFV2B2A1", "LSVAU218")), f"S{rng.randrange(0, 10**7):07d}"
                ),
                "scrap_certificate": f"BF3709{2025_0000 + i * 37 + 11}",
                "vehicle_type": "新能源乘用车" if i % 3 else "2.0升及以下燃油乘用车",
                "invoice_number": make.invoice(),
                "transaction_at": make.moment(end=date(2025, 10, 31)),
            }
            | car_account(i)
        )
    for i in range(5):
        replace.append(
            make.person()
            | {
                "vin": vin(
                    rng.choice(("LGXCE4CB", "LFV3A2BU", "LSGKB54H")), f"S{rng.randrange(0, 10**7):07d}"
                ),
                "vehicle_type": "新能源乘用车" if i % 2 == 0 else "燃油乘用车",
                "invoice_number": make.invoice(),
                "transaction_at": make.moment(end=date(2025, 10, 31)),
            }
            | car_account(100 + i)
        )
    # the same new car claimed for scrapping and for replacing: the second claim is flagged
    double = (
        make.person()
        | {
            "vin": scrap[1]["vin"],
            "vehicle_type": "新能源乘用车",
            "invoice_number": make.invoice(),
            "transaction_at": "2025-11-20 10:30",
        }
        | car_account(200)
    )
    replace.append(double)
    return scrap, replace


def _farm_rows(make: _Maker) -> list[dict]:
    machines = [
        ("拖拉机", "28000.00"),
        ("联合收割机", "52000.00"),
        ("播种机", "9600.00"),
        ("拖拉机", "16500.00"),
    ]
    banks = ("中国农业银行泰安分行", "泰安农村商业银行", "中国邮政储蓄银行泰安市分行")
    return [
        make.person()
        | {
            "machine_type": machine,
            "machine_subsidy": subsidy,
            "serial_number": f"NJ2016{make.next():06d}",
            "scrap_certificate": f"NJBF3709{2025_000 + i * 13 + 5}",
            "transaction_at": make.moment(start=date(2025, 3, 1), end=date(2025, 10, 31)),
            "bank_name": banks[i % len(banks)],
            "bank_account": make.account(),
        }
        for i, (machine, subsidy) in enumerate(machines)
    ]


def _enterprise_rows(make: _Maker) -> tuple[list[dict], list[dict]]:
    """泰山示范机械 (the demo enterprise account's own company) applies twice; a foundry once."""
    own = {
        "name": "泰山示范机械有限公司",
        "credit_code": "91370900MA3C12345J",
        "phone": "13905381234",
        "bank_name": "中国工商银行泰安分行",
        "bank_account": "1606023409200123456",
    }

    def line(name, spec, quantity, amount):
        return {
            "name": name,
            "spec": spec,
            "quantity": quantity,
            "invoice_number": make.invoice(),
            "amount": amount,
        }

    own_rows = [
        own
        | {
            "lines": [
                line("数控加工中心", "VMC-850", 2, "1200000.00"),
                line("工业机器人", "ER20-1700", 1, "800000.00"),
            ]
        },
        own | {"lines": [line("激光切割机", "GF-3015", 1, "1350000.00")]},
    ]
    foundry = {
        "name": "泰安岱岳精密铸造有限公司",
        "credit_code": "91370902163010628Y",
        "phone": "15805386677",
        "bank_name": "中国建设银行泰安岱岳支行",
        "bank_account": "37050168650800001234",
        "lines": [
            line("中频感应熔炼炉", "KGPS-1500", 2, "460000.00"),
            line("自动造型线", "ZZ415", 1, "1880000.00"),
            line("除尘设备", "LCM-200", 1, "215000.00"),
        ],
    }
    return own_rows, [foundry]


def _submit(user, programme: Programme, rows: list[dict]) -> list[Application]:
    outcomes = applications.submit_batch(user, programme, rows, SOURCE)
    refused = [(n, o.problems) for n, o in enumerate(outcomes) if o.problems]
    if refused:
        raise RuntimeError(f"演示数据有误（{programme.code}）：{refused[:3]}")
    pks = [o.application.pk for o in outcomes]
    found = Application.objects.select_related("programme").in_bulk(pks)
    return [found[pk] for pk in pks]


class _Review:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.clerk = User.objects.get(username=CLERK)
        self.caseworker = User.objects.get(username=CASEWORKER)
        self.approver = User.objects.get(username=APPROVER)

    def first(self, app, outcome="approve", reason=None):
        return decisions.first_decision(self.caseworker, app, outcome, reason or self.rng.choice(FIRST_OK))

    def approve(self, app):
        self.first(app)
        return decisions.second_decision(self.approver, app, "approve", self.rng.choice(SECOND_OK))


def _open(programme: Programme | None) -> bool:
    return programme is not None and timezone.localdate() <= programme.open_until


def installed() -> bool:
    return Application.objects.filter(source=SOURCE).exists()


@transaction.atomic
def install_subsidy_demo(seed: int = SEED) -> dict[str, int]:
    """Create the demo applications once; returns the number created per status ({} when they were there
    already, or the demo programmes are not loaded). A programme no longer taking applications is left out."""
    if installed():
        return {}
    found = {p.code: p for p in Programme.objects.all()}
    appliance = found.get("appliance-2025")
    if not _open(appliance):
        return {}
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    make = _Maker(rng)
    reviewer = _Review(rng)
    rows, special = _appliance_rows(make)
    apps = _submit(reviewer.clerk, appliance, rows)
    by_serial = {a.serial_number: a for a in apps}
    flagged = {name: by_serial[row["serial_number"]] for name, row in special.items()}
    clean = [a for a in apps if a.status == S.PENDING]  # in order of the transaction, oldest first
    # the oldest hundred are decided: most approved, a few returned or refused; the newest wait
    picks = rng.sample(range(100), len(RETURNS) + 2)
    returned_at_first = dict(zip(picks, RETURNS, strict=False))
    refused_at_first, returned_at_second = picks[-2:]
    for i, app in enumerate(clean[:100]):
        if i in returned_at_first:
            reviewer.first(app, "return", returned_at_first[i])
        elif i == refused_at_first:
            reviewer.first(app, "reject", REJECT_CLEAN)
        elif i == returned_at_second:
            reviewer.first(app)
            decisions.second_decision(reviewer.approver, app, "return", SECOND_RETURN)
        else:
            reviewer.approve(app)
    reviewer.first(flagged["reused_invoice"], "reject", REJECT_DUP_INVOICE)
    reviewer.first(flagged["fourth_ac"], "reject", REJECT_FOURTH_AC)
    # the shared phone stays flagged (待核查) for a person to look into

    # finance pays the first batch, reviewed by a second officer; the bank has answered for most of it,
    # two payments failed
    finance = User.objects.get(username=FINANCE)
    batch, _ = batches.build_batch(finance, appliance, f"demo-{appliance.code}-1")
    batches.review_batch(User.objects.get(username=CHECKER), batch, approve=True)
    items = list(batch.items.select_related("application").order_by("id"))
    for n, item in enumerate(items[:-UNANSWERED]):
        failed = n in FAILED_AT
        note = BANK_FAILED[FAILED_AT.index(n)] if failed else ""
        batches.record_result(finance, batch, str(item.application.public_id), paid=not failed, note=note)
    # approved since the batch (waiting for the next one), and some past the first review only
    for app in clean[100:120]:
        reviewer.approve(app)
    for app in clean[120:135]:
        reviewer.first(app)

    _cars(found, make, reviewer)
    if _open(found.get("farm-machinery-2025")):
        _submit(None, found["farm-machinery-2025"], _farm_rows(make))
    equipment = found.get("equipment-2025")
    if _open(equipment):
        own, others = _enterprise_rows(make)
        _submit(User.objects.get(username=ENTERPRISE), equipment, own)
        _submit(None, equipment, others)

    counts = dict(
        Application.objects.filter(source=SOURCE).values_list("status").annotate(n=Count("pk")).order_by()
    )
    chain.record(
        "demo.subsidies",
        object_type="subsidies.application",
        after={"applications": sum(counts.values()), "by_status": counts, "seed": seed},
    )
    return counts


def _cars(found: dict, make: _Maker, reviewer: _Review) -> None:
    scrap_programme, replace_programme = found.get("car-scrap-2025"), found.get("car-replace-2025")
    if not (_open(scrap_programme) and _open(replace_programme)):
        return
    scrap_rows, replace_rows = _car_rows(make)
    scrap = _submit(reviewer.clerk, scrap_programme, scrap_rows)
    replace = _submit(reviewer.clerk, replace_programme, replace_rows)
    for app in scrap[:4]:
        reviewer.approve(app)
    reviewer.first(scrap[4])
    for app in replace[:3]:
        reviewer.approve(app)
    reviewer.first(replace[3], "return", "车辆识别代号与购车发票不一致，请核对后重新提交")


def describe(counts: dict[str, int]) -> str:
    """The counts in words, for the demo command's output."""
    labels = dict(S.choices)
    return "，".join(f"{labels[s]} {counts[s]} 份" for s in S.values if counts.get(s))
