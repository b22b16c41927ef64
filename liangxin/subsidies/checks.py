"""Automatic checks on applications, a batch at a time. Each finding is a flag with a code, a Chinese
reason and the applications it relates to; a flagged application waits for a person, a clean one goes
to review. A batch is checked against the database and against its own earlier rows, with one query per
kind of check, so a file of a million rows costs thousands of queries, not millions."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from liangxin.subsidies.models import Application

SHARED_PHONE_PEOPLE = 3
ONCE_PER_PERSON = ("car_scrap", "car_replace")
RETAILER_PER_HOUR = 60  # more sales than one shop can plausibly make in an hour
PRICE_OUTLIER_FACTOR = Decimal("1.5")  # far above the model's usual price (先涨价后补贴)
PRICE_SAMPLE_MIN = 5
PRICE_SAMPLE_LIMIT = 5000
RELATED_MAX = 20
LIVE = ~Q(status=Application.Status.REJECTED)
UNIQUE_ATTRS = (
    ("invoice_number", "DUP_INVOICE", "发票号码"),
    ("serial_number", "DUP_SERIAL", "产品序列号"),
    ("voucher_number", "DUP_VOUCHER", "旧机回收凭证号"),
    ("vin", "DUP_VIN", "车辆识别代号"),
    ("scrap_certificate", "DUP_SCRAP_CERT", "报废机动车回收证明编号"),
)


@dataclass
class Finding:
    code: str
    message: str
    related: list[str] = field(default_factory=list)


def _grouped(rows) -> dict:
    found = defaultdict(list)
    for key, public_id in rows:
        found[key].append(str(public_id))
    return found


def run_batch(apps: list[Application], limit_for=None) -> list[list[Finding]]:
    """Findings for each application, in order; earlier applications of the batch count as existing."""
    if not apps:
        return []
    programme = apps[0].programme
    findings: list[list[Finding]] = [[] for _ in apps]
    # an application being corrected is in the database already: it must not count against itself
    live = Application.objects.filter(LIVE).exclude(pk__in=[a.pk for a in apps if a.pk])

    # appliances: a quota per person and category; cars: once per person in a programme (its year)
    per_person = programme.kind in ONCE_PER_PERSON
    people = {a.id_number_index for a in apps if a.id_number_index and (a.category or per_person)}
    claims = _grouped(
        ((i, c), p)
        for i, c, p in live.filter(programme=programme, id_number_index__in=people).values_list(
            "id_number_index", "category", "public_id"
        )
    )
    existing_by_attr = {
        attr: _grouped(
            live.filter(**{f"{attr}__in": {getattr(a, attr) for a in apps if getattr(a, attr)}}).values_list(
                attr, "public_id"
            )
        )
        for attr, _, _ in UNIQUE_ATTRS
    }
    phones = {a.phone_index for a in apps if a.phone_index}
    phone_people = defaultdict(set)
    for phone, person in (
        live.filter(phone_index__in=phones)
        .exclude(id_number_index="")
        .values_list("phone_index", "id_number_index")
    ):
        phone_people[phone].add(person)
    phone_apps = _grouped(live.filter(phone_index__in=phones).values_list("phone_index", "public_id"))
    hours = {(a.retailer, a.transaction_hour) for a in apps if a.retailer and a.transaction_hour}
    per_hour = defaultdict(int)
    if hours:
        for row in (
            live.filter(retailer__in={r for r, _ in hours}, transaction_hour__in={h for _, h in hours})
            .values("retailer", "transaction_hour")
            .annotate(n=Count("pk"))
        ):
            per_hour[(row["retailer"], hour_of(row["transaction_hour"]))] = row["n"]
    models = {a.brand_model for a in apps if a.brand_model and a.price}
    prices = defaultdict(list)  # the model's recent prices: a bounded sample keeps each batch's cost flat
    for model, price in (
        live.filter(brand_model__in=models, price__isnull=False)
        .order_by("-id")
        .values_list("brand_model", "price")[:PRICE_SAMPLE_LIMIT]
    ):
        prices[model].append(price)
    usual = {model: (sum(found, Decimal(0)) / len(found), len(found)) for model, found in prices.items()}

    for n, app in enumerate(apps):
        found = findings[n]
        if app.id_number_index and (app.category or per_person):
            key = (app.id_number_index, app.category)
            limit = limit_for(app.category) if limit_for and app.category else 1
            what = app.category or programme.get_kind_display()
            if len(claims[key]) >= limit:
                found.append(
                    Finding(
                        "DUP_PERSON_CATEGORY",
                        f"同一申请人在本项目中已申请{what}补贴 {len(claims[key])} 次（上限 {limit} 次）",
                        claims[key][:RELATED_MAX],
                    )
                )
            claims[key].append(str(app.public_id))
        for attr, code, label in UNIQUE_ATTRS:
            value = getattr(app, attr)
            if not value:
                continue
            seen = existing_by_attr[attr][value]
            if seen:
                found.append(
                    Finding(code, f"{label} {value} 已被其他申请使用（含其他补贴项目）", seen[:RELATED_MAX])
                )
            seen.append(str(app.public_id))
        if app.transaction_at is not None:
            day = app.transaction_at.date()
            if not programme.window_start <= day <= programme.window_end:
                found.append(
                    Finding(
                        "OUTSIDE_WINDOW",
                        f"交易日期 {day} 不在本项目的交易期内"
                        f"（{programme.window_start} 至 {programme.window_end}）",
                    )
                )
        if app.retailer and app.transaction_hour:
            key = (app.retailer, app.transaction_hour)
            per_hour[key] += 1
            if per_hour[key] > RETAILER_PER_HOUR:
                found.append(
                    Finding(
                        "RETAILER_RATE",
                        f"销售商户“{app.retailer}”在 {key[1]:%Y-%m-%d %H}时 一小时内"
                        f"成交 {per_hour[key]} 笔，超过 {RETAILER_PER_HOUR} 笔",
                    )
                )
        if app.brand_model and app.price:
            average, samples = usual.get(app.brand_model, (None, 0))
            if samples >= PRICE_SAMPLE_MIN and app.price > Decimal(average) * PRICE_OUTLIER_FACTOR:
                found.append(
                    Finding(
                        "PRICE_OUTLIER",
                        f"成交价格 {app.price} 元远高于该型号通常价格（{samples} 笔平均 "
                        f"{Decimal(average).quantize(Decimal('0.01'))} 元）",
                    )
                )
        if app.phone_index:
            if app.id_number_index:
                phone_people[app.phone_index].add(app.id_number_index)
            count = len(phone_people[app.phone_index])
            if count >= SHARED_PHONE_PEOPLE:
                found.append(
                    Finding(
                        "SHARED_PHONE",
                        f"同一手机号被 {count} 个不同申请人使用",
                        phone_apps[app.phone_index][:RELATED_MAX],
                    )
                )
            phone_apps[app.phone_index].append(str(app.public_id))
    return findings


def hour_of(moment):
    """The local clock hour a moment falls in (how retailers' sales per hour are counted)."""
    return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0) if moment else None
