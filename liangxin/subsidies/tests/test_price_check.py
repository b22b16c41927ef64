"""The usual-price check on a retailer's first file: judged over the history and the whole file together
(the median, with a minimum sample), the same whatever the import's batch size, and the programme's
型号指导价 for a model with too few sales."""

import csv
from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml
from django.db import transaction

from liangxin.plans.models import Plan
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import applications, checks
from liangxin.subsidies.models import Application, ImportRow, ModelPrice, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.errors import ProgrammeInvalid
from liangxin.subsidies.tests.test_applications import caseworker, row
from liangxin.subsidies.tests.test_review import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def appliance():
    return load()


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
MODELS = {f"品牌 K{n}": Decimal(1000 + 300 * n) for n in range(12)}  # 1,000 … 4,300 元
CATEGORIES = ["冰箱", "洗衣机", "电视", "空调", "电脑", "热水器", "家用灶具", "吸油烟机", "微波炉", "净水器"]
ROWS = 3000
# row index → its model's price times ten; 0 and 12 are the first sales of their models in the file
TENFOLD = {0: "品牌 K0", 12: "品牌 K11", 611: "品牌 K11", 1500: "品牌 K4", 2222: "品牌 K7", 2999: "品牌 K3"}
RARE = {3000: ("稀有 R1", "3000.00"), 3001: ("稀有 R1", "3100.00"), 3002: ("稀有 R1", "31000.00")}
UNGUIDED = {3003: ("稀有 R2", "3000.00"), 3004: ("稀有 R2", "30000.00")}


def id_number(i: int) -> str:
    born = date(1950, 1, 1) + timedelta(days=i)
    first = f"370902{born:%Y%m%d}{i % 1000:03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11]


def sale(i: int, model: str, price: str) -> list:
    day = date(2025, 1, 1) + timedelta(days=i % 365)
    cells = row(
        name=f"顾客{i}",
        id_number=id_number(i),
        phone=f"139{i:08d}",
        category=CATEGORIES[i % len(CATEGORIES)],
        brand_model=model,
        serial_number=f"SN{i:06d}",
        price=price,
        invoice_number=f"{24372000000000000000 + i}",
        voucher_number=f"HS{i:06d}",
        retailer=f"商户{i % 40}",
        transaction_at=f"{day} {8 + i % 12:02d}:{i % 60:02d}",
    )
    return [cells[pipeline.HEADERS[h]] for h in pipeline.HEADERS]


def first_file(path) -> dict[int, str]:
    """A retailer's first file: 3,000 ordinary sales (±10 % around each model's usual price) with a few
    at ten times it, then a rarely sold model with a 型号指导价 and one without. Returns {file line: model}
    of the sales at ten times the usual price."""
    names = list(MODELS)
    planted = {}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(pipeline.HEADERS))
        for i in range(ROWS):
            model = TENFOLD.get(i, names[i % len(names)])
            price = MODELS[model] * (Decimal("0.9") + Decimal(i % 21) / 100)
            if i in TENFOLD:
                price, planted[i + 2] = MODELS[model] * 10, model
            writer.writerow(sale(i, model, f"{price:.2f}"))
        for i, (model, price) in {**RARE, **UNGUIDED}.items():
            writer.writerow(sale(i, model, price))
    return planted


def with_reference_prices(tmp_path, prices: dict) -> Programme:
    """The demo programmes loaded from their file, appliance-2025 carrying `reference_prices`."""
    data = yaml.safe_load(catalogue.DEMO_FILE.read_text(encoding="utf-8"))
    next(p for p in data["programmes"] if p["code"] == "appliance-2025")["reference_prices"] = prices
    path = tmp_path / "programmes.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalogue.load_file(path, Plan.objects.get(code="taishan-2024"))
    return Programme.objects.get(code="appliance-2025")


def verdicts(programme, path, batch: int, settings, stop: bool = False) -> dict[int, tuple[str, str]]:
    """{file line: (result, reason)} of importing the file in batches of `batch` (stopped after the first
    batch and resumed, with `stop`), all undone after."""
    settings.IMPORT_BATCH = batch

    def crash(job):
        raise KeyboardInterrupt("killed")

    with transaction.atomic():
        job = pipeline.start(None, programme, path)
        if stop:
            with pytest.raises(KeyboardInterrupt):
                pipeline.run(None, job, path, progress=crash, workers=0)
            job.refresh_from_db()
            assert job.rows_done == batch
        pipeline.run(None, job, path, workers=0)
        found = {r.number: (r.result, r.reason) for r in ImportRow.objects.filter(job=job)}
        transaction.set_rollback(True)
    return found


def test_a_first_file_holds_every_sale_at_ten_times_its_models_price_whatever_the_batch_size(
    tmp_path, settings
):
    programme = with_reference_prices(tmp_path, {"稀有 R1": 3000})
    assert Application.objects.filter(programme=programme).count() == 0
    path = tmp_path / "first.csv"
    planted = first_file(path)
    rare = {i + 2 for i in RARE}
    held = planted.keys() | {max(rare)}

    by_size = {batch: verdicts(programme, path, batch, settings) for batch in (5000, 500, 7, 1)}
    found = by_size[5000]
    assert len(found) == ROWS + len(RARE) + len(UNGUIDED)
    for line, (result, reason) in found.items():
        if line in held:
            assert result == "待核查", (line, reason)
            assert "远高于" in reason, (line, reason)
        else:
            assert (result, reason) == ("通过", ""), (line, reason)
    # the usual price of a model sold often is the median of its sales in the file, the planted one among
    # them: 品牌 K0 sells 248 times, at 900, 930 … 1,080 元 in turn
    line = min(planted)
    assert found[line][1] == (
        f"成交价格 {MODELS[planted[line]] * 10:.2f} 元远高于该型号通常价格（248 笔成交价格的中位数约 990 元）"
    )
    # a model with too few sales: the programme's reference price, else no verdict on its price
    assert (
        found[max(rare)][1]
        == "成交价格 31000.00 元远高于本项目该型号的指导价 3000.00 元（该型号成交 3 笔，不足 5 笔）"
    )
    assert all(found[i + 2][0] == "通过" for i in UNGUIDED)
    for batch, other in by_size.items():
        assert other == found, f"batch size {batch} gives other verdicts"
    # an import stopped after its first batch and resumed judges the rest as if it had not stopped
    assert verdicts(programme, path, 500, settings, stop=True) == found


def test_the_usual_price_counts_the_saved_history_and_the_batch_together(appliance):
    def apply(n: int, price: str, model="海尔 BCD-470"):
        return row(
            name=f"顾客{n}",
            id_number=id_number(n),
            phone=f"137{n:08d}",
            brand_model=model,
            serial_number=f"H{n}",
            voucher_number=f"HV{n}",
            invoice_number=f"{24372000000000001000 + n}",
            price=price,
            transaction_at=f"2025-07-{n % 28 + 1:02d} 09:00",
        )

    saved = applications.submit_batch(caseworker(), appliance, [apply(n, "4300") for n in range(3)], "import")
    assert not any(o.flags for o in saved)  # three sales: too few to judge by
    # two more in one batch with a sale at ten times the price: five sales with the saved ones
    outcomes = applications.submit_batch(
        caseworker(), appliance, [apply(3, "4200"), apply(4, "43000"), apply(5, "4400")], "import"
    )
    assert [[f.code for f in o.flags] for o in outcomes] == [[], ["PRICE_OUTLIER"], []]
    assert "6 笔成交价格的中位数约 4300 元" in outcomes[1].flags[0].message
    counted = dict(ModelPrice.objects.filter(brand_model="海尔 BCD-470").values_list("bucket", "count"))
    assert counted == {430000: 3, 420000: 1, 440000: 1}  # the outlier left out


def test_prices_are_counted_to_three_significant_figures():
    assert [
        checks.price_bucket(Decimal(p)) for p in ("4299.00", "4294.99", "0.01", "42990.00", "999.50")
    ] == [
        430000,
        429000,
        1,
        4300000,
        100000,
    ]
    sample = checks.PriceSample()
    for price in ("100", "100", "900", "950", "960"):
        sample.add("M", Decimal(price))
    assert sample.usual("M") == (Decimal("900"), 5) and sample.usual("N") == (Decimal(0), 0)


def test_reference_prices_in_the_programme_file_are_checked_and_kept(tmp_path, appliance):
    programme = with_reference_prices(tmp_path, {"海尔 BCD-470": "4299.00"})
    assert programme.reference_prices == {"海尔 BCD-470": "4299.00"}
    assert catalogue.entry_data(programme)["reference_prices"] == {"海尔 BCD-470": "4299.00"}
    assert catalogue.describe_reference_prices(programme.reference_prices) == [
        ("型号指导价", "海尔 BCD-470 4,299.00 元")
    ]
    with pytest.raises(ProgrammeInvalid) as refused:
        with_reference_prices(tmp_path, {"海尔 BCD-470": -1, "": 10})
    paths = {p.path for p in refused.value.problems}
    assert any(p.startswith("programmes[0].reference_prices") for p in paths), paths


def test_the_migration_counts_the_sales_already_taken_in_by_price(appliance):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("liangxin.subsidies.migrations.0015_model_price_buckets")
    outcomes = applications.submit_batch(
        caseworker(),
        appliance,
        [
            row(
                name=f"顾客{n}",
                id_number=id_number(n),
                phone=f"137{n:08d}",
                serial_number=f"H{n}",
                voucher_number=f"HV{n}",
                invoice_number=f"{24372000000000002000 + n}",
                price=price,
            )
            for n, price in enumerate(["4299.00", "4301.00", "4250.00", "4300.00", "4300.00", "43000.00"])
        ],
        "import",
    )
    assert [o.flags[0].code if o.flags else None for o in outcomes][-1] == "PRICE_OUTLIER"
    migration.forget(apps, None)
    assert not ModelPrice.objects.exists()
    migration.backfill(apps, None)
    counted = dict(ModelPrice.objects.filter(brand_model="海尔 BCD-470").values_list("bucket", "count"))
    assert counted == {430000: 4, 425000: 1}  # the outlier left out, as the import leaves it out
