"""Automatic checks on applications, a batch at a time. Each finding is a flag with a code, a Chinese
reason and the applications it relates to; a flagged application waits for a person, a clean one goes
to review. A batch is checked against the database and against its own earlier rows, with one query per
kind of check, so a file of a million rows costs thousands of queries, not millions."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from liangxin.subsidies import check_queries as queries

SHARED_PEOPLE = 3  # one phone or bank account given by this many different people
SHARED = (("phone_index", "SHARED_PHONE", "手机号"), ("bank_account_index", "SHARED_ACCOUNT", "收款账号"))
ONCE_PER_PERSON = ("car_scrap", "car_replace")
RETAILER_PER_HOUR = 60  # more sales than one shop can plausibly make in an hour
PRICE_OUTLIER_FACTOR = Decimal("1.5")  # far above the model's usual price (先涨价后补贴)
PRICE_SAMPLE_MIN = 5
RELATED_MAX = 20
LABELS = {
    "DUP_PERSON_CATEGORY": "同人同品类超限",
    "DUP_INVOICE": "发票重复使用",
    "DUP_SERIAL": "序列号重复",
    "DUP_VOUCHER": "回收凭证重复",
    "DUP_VIN": "车辆识别代号重复",
    "DUP_SCRAP_CERT": "报废证明重复",
    "OUTSIDE_WINDOW": "不在交易期内",
    "RETAILER_RATE": "商户成交过快",
    "PRICE_OUTLIER": "价格远高于同型号",
    "PRICE_CEILING": "价格超过上限",
    "SHARED_PHONE": "手机号多人使用",
    "SHARED_ACCOUNT": "收款账号多人使用",
    "INELIGIBLE": "不符合补贴条件",
    "MANUAL_AMOUNT": "金额需人工核定",
    "CAP_REACHED": "达到企业补贴上限",
}
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
        found[key].append(public_id)
    return found


def _related(public_ids: list) -> list[str]:
    return [queries.public_id_text(public_id) for public_id in public_ids[:RELATED_MAX]]


def _unique_values(app) -> dict[str, list[str]]:
    """The application's values of each unique attribute; an enterprise's invoices are also on its
    equipment lines."""
    values = {attr: [getattr(app, attr)] if getattr(app, attr) else [] for attr, _, _ in UNIQUE_ATTRS}
    lines = getattr(app, "lines", None) or []
    if not isinstance(lines, list):  # a saved application (being corrected): its lines in the database
        lines = lines.values("invoice_number")
    values["invoice_number"] += [line["invoice_number"] for line in lines]
    return values


def _person(app) -> str:
    return app.id_number_index or app.credit_code


def run_batch(programme, apps: list, limit_for=None) -> list[list[Finding]]:
    """Findings for each application (saved, or a draft about to be), in order; earlier applications of
    the batch count as existing."""
    if not apps:
        return []
    findings: list[list[Finding]] = [[] for _ in apps]
    # an application being corrected is in the database already: it must not count against itself
    excluded = [a.pk for a in apps if a.pk]

    # appliances: a quota per person and category; cars: once per person in a programme (its year)
    per_person = programme.kind in ONCE_PER_PERSON
    people = {a.id_number_index for a in apps if a.id_number_index and (a.category or per_person)}
    claims = _grouped(((i, c), p) for i, c, p in queries.claims(programme.pk, people, excluded))
    unique = [_unique_values(a) for a in apps]
    existing_by_attr = {
        attr: _grouped(queries.holders(attr, {v for values in unique for v in values[attr]}, excluded))
        for attr, _, _ in UNIQUE_ATTRS
    }
    for invoice, public_id in queries.line_invoices(
        {v for values in unique for v in values["invoice_number"]}, excluded
    ):
        existing_by_attr["invoice_number"][invoice].append(public_id)
    sharing = {}  # phone or bank account → (the different people using it, their applications)
    for column, _, _ in SHARED:
        people_using, apps_using = defaultdict(set), defaultdict(list)
        for value, person, public_id in queries.users_of(
            column, {getattr(a, column) for a in apps if getattr(a, column)}, excluded
        ):
            if person:
                people_using[value].add(person)
            apps_using[value].append(public_id)
        sharing[column] = people_using, apps_using
    per_hour = defaultdict(
        int, queries.sales_per_hour({a.retailer_hour for a in apps if a.retailer_hour}, excluded)
    )
    usual = queries.usual_prices({a.brand_model for a in apps if a.brand_model and a.price})

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
                        _related(claims[key]),
                    )
                )
            claims[key].append(app.public_id)
        for attr, code, label in UNIQUE_ATTRS:
            for value in unique[n][attr]:
                seen = existing_by_attr[attr][value]
                if seen:
                    found.append(
                        Finding(code, f"{label} {value} 已被其他申请使用（含其他补贴项目）", _related(seen))
                    )
                seen.append(app.public_id)
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
        if app.retailer_hour:
            per_hour[app.retailer_hour] += 1
            if per_hour[app.retailer_hour] > RETAILER_PER_HOUR:
                found.append(
                    Finding(
                        "RETAILER_RATE",
                        f"销售商户“{app.retailer}”在 {app.retailer_hour[:13]}时 一小时内"
                        f"成交 {per_hour[app.retailer_hour]} 笔，超过 {RETAILER_PER_HOUR} 笔",
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
        for column, code, label in SHARED:
            value = getattr(app, column)
            if not value:
                continue
            people_using, apps_using = sharing[column]
            if _person(app):
                people_using[value].add(_person(app))
            if len(people_using[value]) >= SHARED_PEOPLE:
                found.append(
                    Finding(
                        code,
                        f"同一{label}被 {len(people_using[value])} 个不同申请人使用",
                        _related(apps_using[value]),
                    )
                )
            apps_using[value].append(app.public_id)
    return findings


def retailer_hour(retailer: str, moment) -> str:
    """The key sales per hour are counted by: the district's clock hour a sale falls in, and the shop."""
    if not retailer or moment is None:
        return ""
    local = moment.astimezone(timezone.get_default_timezone())
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d} {retailer}"
