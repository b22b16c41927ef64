"""Automatic checks on applications, a batch at a time. Each finding is a flag with a code, a Chinese
reason and the applications it relates to; a flagged application waits for a person, a clean one goes
to review. A batch is checked against the database and against its own earlier rows, with one query per
kind of check, so a file of a million rows costs thousands of queries, not millions."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from operator import attrgetter

from django.utils import timezone

from liangxin.subsidies.intake import check_queries as queries

SHARED_PEOPLE = 3  # one phone or bank account given by this many different people
SHARED = (("phone_index", "SHARED_PHONE", "手机号"), ("bank_account_index", "SHARED_ACCOUNT", "收款账号"))
ONCE_PER_PERSON = ("car_scrap", "car_replace")
RETAILER_PER_HOUR = 60  # more sales than one shop can plausibly make in an hour
PRICE_OUTLIER_FACTOR = Decimal("1.5")  # far above the model's usual price (先涨价后补贴)
PRICE_SAMPLE_MIN = 5  # sales of a model below which its median is not trusted (the 型号指导价 is, if any)
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


def _column(apps: list, attr: str) -> list:
    return list(map(attrgetter(attr), apps))


def _invoices(apps: list) -> list[list[str]]:
    """Each application's invoice numbers: its own, and for an enterprise those on its equipment lines."""
    out = []
    for app, own in zip(apps, _column(apps, "invoice_number"), strict=True):
        lines = getattr(app, "lines", None) or []
        if not isinstance(lines, list):  # a saved application (being corrected): its lines in the database
            lines = lines.values("invoice_number")
        out.append(([own] if own else []) + [line["invoice_number"] for line in lines])
    return out


def _person(app) -> str:
    return app.id_number_index or app.credit_code


def run_batch(
    programme, apps: list, limit_for=None, prices: "PriceSample | None" = None
) -> list[list[Finding]]:
    """Findings for each application (saved, or a row about to be inserted), in order; earlier
    applications of the batch count as existing. Each check goes over the whole batch in turn, so an
    application's findings come in the order of the checks. A model's usual price is taken over
    `prices` (a whole file's, see PriceSample), or else over the saved history and this batch."""
    if not apps:
        return []
    findings: list[list[Finding]] = [[] for _ in apps]
    # an application being corrected is in the database already: it must not count against itself
    excluded = [a.pk for a in apps if a.pk]
    public_ids = _column(apps, "public_id")
    _person_quota(programme, apps, public_ids, findings, excluded, limit_for)
    for attr, code, label in UNIQUE_ATTRS:
        values = (
            _invoices(apps) if attr == "invoice_number" else [[v] if v else [] for v in _column(apps, attr)]
        )
        _used_once(attr, code, label, values, public_ids, findings, excluded)
    _retailer_rate(apps, findings, excluded)
    _price_outliers(programme, apps, findings, prices)
    for column, code, label in SHARED:
        _shared(column, code, label, apps, public_ids, findings, excluded)
    return findings


def _person_quota(programme, apps, public_ids, findings, excluded, limit_for) -> None:
    """Appliances: a quota per person and category; cars: once per person in a programme (its year)."""
    per_person = programme.kind in ONCE_PER_PERSON
    people, categories = _column(apps, "id_number_index"), _column(apps, "category")
    wanted = {p for p, c in zip(people, categories, strict=True) if p and (c or per_person)}
    if not wanted:
        return
    claims = _grouped(((i, c), p) for i, c, p in queries.claims(programme.pk, wanted, excluded))
    for n, (person, category) in enumerate(zip(people, categories, strict=True)):
        if not person or not (category or per_person):
            continue
        key = (person, category)
        limit = limit_for(category) if limit_for and category else 1
        if len(claims[key]) >= limit:
            what = category or programme.get_kind_display()
            findings[n].append(
                Finding(
                    "DUP_PERSON_CATEGORY",
                    f"同一申请人在本项目中已申请{what}补贴 {len(claims[key])} 次（上限 {limit} 次）",
                    _related(claims[key]),
                )
            )
        claims[key].append(public_ids[n])


def _used_once(attr, code, label, values, public_ids, findings, excluded) -> None:
    """An invoice, serial number, voucher, VIN or scrapping certificate used before (in any programme)."""
    wanted = {v for row in values for v in row}
    if not wanted:
        return
    existing = _grouped(queries.holders(attr, wanted, excluded))
    if attr == "invoice_number":
        for invoice, public_id in queries.line_invoices(wanted, excluded):
            existing[invoice].append(public_id)
    for n, row in enumerate(values):
        for value in row:
            seen = existing[value]
            if seen:
                findings[n].append(
                    Finding(code, f"{label} {value} 已被其他申请使用（含其他补贴项目）", _related(seen))
                )
            seen.append(public_ids[n])


def _retailer_rate(apps, findings, excluded) -> None:
    hours = _column(apps, "retailer_hour")
    per_hour = defaultdict(int, queries.sales_per_hour({h for h in hours if h}, excluded))
    for n, hour in enumerate(hours):
        if not hour:
            continue
        per_hour[hour] += 1
        if per_hour[hour] > RETAILER_PER_HOUR:
            findings[n].append(
                Finding(
                    "RETAILER_RATE",
                    f"销售商户“{apps[n].retailer}”在 {hour[:13]}时 一小时内"
                    f"成交 {per_hour[hour]} 笔，超过 {RETAILER_PER_HOUR} 笔",
                )
            )


THREE_FIGURES = Context(prec=3, rounding=ROUND_HALF_UP)


def price_bucket(price: Decimal) -> int:
    """The price a sale is counted under for its model's usual price: rounded to three significant
    figures, in cents (4,299.00 元 → 430000), so that a model has a few hundred counts at most."""
    return int(THREE_FIGURES.plus(price).scaleb(2))


class PriceSample:
    """Sales of each model counted by price (see price_bucket): the saved history, with the prices of the
    file or batch being checked. A model's usual price is their median, so a handful of inflated sales
    cannot move it. An import builds one for its whole file before its first batch, so every batch is
    judged over the same sales and the verdicts do not depend on the batch size."""

    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self._usual: dict[str, tuple[Decimal, int]] = {}

    def add(self, model: str, price: Decimal) -> None:
        self.counts[model][price_bucket(price)] += 1
        self._usual.pop(model, None)

    def add_history(self, less_job: int | None = None) -> "PriceSample":
        """The saved sales of the sample's models added in (one query); less those an import job took in
        before it stopped, when its whole file is in the sample already."""
        for model, bucket, count in queries.price_counts(list(self.counts)):
            self.counts[model][bucket] += count
        for model, price in queries.prices_taken_in(less_job) if less_job else ():
            self.counts[model][price_bucket(price)] -= 1
        self._usual.clear()
        return self

    def usual(self, model: str) -> tuple[Decimal, int]:
        """(median price, number of sales) of the model; (0, 0) for one never sold."""
        if model not in self._usual:
            counts = self.counts.get(model) or {}
            total, seen, median = sum(counts.values()), 0, Decimal(0)
            for bucket in sorted(counts):
                seen += counts[bucket]
                if 2 * seen >= total:
                    median = Decimal(bucket).scaleb(-2)
                    break
            self._usual[model] = (median, total)
        return self._usual[model]


def _price_outliers(programme, apps, findings, sample: PriceSample | None) -> None:
    """Far above the model's usual price (先涨价后补贴): the median of its sales when there are enough of
    them, else the programme's 型号指导价 for it if it has one."""
    models, prices = _column(apps, "brand_model"), _column(apps, "price")
    if sample is None:
        sample = PriceSample()
        for model, price in zip(models, prices, strict=True):
            if model and price:
                sample.add(model, price)
        sample.add_history()
    reference = programme.reference_prices or {}
    for n, (model, price) in enumerate(zip(models, prices, strict=True)):
        if not model or not price:
            continue
        median, sales = sample.usual(model)
        if sales >= PRICE_SAMPLE_MIN:
            if price > median * PRICE_OUTLIER_FACTOR:
                findings[n].append(
                    Finding(
                        "PRICE_OUTLIER",
                        f"成交价格 {price} 元远高于该型号通常价格（{sales} 笔成交价格的中位数约 "
                        f"{median.normalize():f} 元）",
                    )
                )
        elif model in reference and price > Decimal(reference[model]) * PRICE_OUTLIER_FACTOR:
            findings[n].append(
                Finding(
                    "PRICE_OUTLIER",
                    f"成交价格 {price} 元远高于本项目该型号的指导价 {reference[model]} 元"
                    f"（该型号成交 {sales} 笔，不足 {PRICE_SAMPLE_MIN} 笔）",
                )
            )


def _shared(column, code, label, apps, public_ids, findings, excluded) -> None:
    """One phone or bank account given by several different people."""
    values = _column(apps, column)
    if not any(values):
        return
    people_using, apps_using = defaultdict(set), defaultdict(list)
    for value, person, public_id in queries.users_of(column, {v for v in values if v}, excluded):
        if person:
            people_using[value].add(person)
        apps_using[value].append(public_id)
    for n, value in enumerate(values):
        if not value:
            continue
        if person := _person(apps[n]):
            people_using[value].add(person)
        if len(people_using[value]) >= SHARED_PEOPLE:
            findings[n].append(
                Finding(
                    code,
                    f"同一{label}被 {len(people_using[value])} 个不同申请人使用",
                    _related(apps_using[value]),
                )
            )
        apps_using[value].append(public_ids[n])


def outside_window(programme, moment) -> Finding | None:
    """A transaction outside the programme's window, by the district's calendar."""
    if moment is None:
        return None
    day = timezone.localtime(moment, timezone.get_default_timezone()).date()
    if programme.window_start <= day <= programme.window_end:
        return None
    return Finding(
        "OUTSIDE_WINDOW",
        f"交易日期 {day} 不在本项目的交易期内（{programme.window_start} 至 {programme.window_end}）",
    )


def retailer_hour(retailer: str, moment) -> str:
    """The key sales per hour are counted by: the district's clock hour a sale falls in, and the shop."""
    if not retailer or moment is None:
        return ""
    local = moment.astimezone(timezone.get_default_timezone())
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d} {retailer}"
