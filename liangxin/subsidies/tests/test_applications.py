"""Programmes as data, and taking in appliance applications: checks, encryption, masks, reveal."""

import pickle
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.subsidies.intake import applications, check_queries, fields
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.errors import ProgrammeInvalid

pytestmark = pytest.mark.django_db

DEMO = Path(catalogue.__file__).parent / "data" / "programmes-demo.yaml"
ID_A = "370902199001011235"
ID_B = "11010519491231002X"
SECOND_VIN = "LSVAU218XN2183294"  # a valid VIN (check digit computed)


@pytest.fixture
def appliance():
    catalogue.load_file(DEMO, Plan.objects.get(code="taishan-2024"))
    return Programme.objects.get(code="appliance-2025")


def row(**changes):
    base = {
        "name": "张三",
        "id_number": ID_A,
        "phone": "13800138000",
        "category": "冰箱",
        "grade": "一级",
        "brand_model": "海尔 BCD-470",
        "serial_number": "SN0001",
        "price": "4999.00",
        "invoice_number": "24372000000000000001",
        "voucher_number": "HS0001",
        "retailer": "泰山电器商城",
        "transaction_at": "2025-06-18 14:30",
    }
    return base | changes


def caseworker():
    return User.objects.get(username="swj_caseworker")


def test_demo_programmes_load_with_rules_and_indicators(appliance):
    assert Programme.objects.count() == 5
    assert appliance.budget == Decimal("30000000.00") and appliance.rules["cap_per_item"] == 2000
    assert appliance.indicator.code == "t10-appliance-trade-in-events"
    assert AuditEntry.objects.filter(action="programme.create").count() == 5
    catalogue.load_file(DEMO)  # loading again changes nothing and writes nothing
    assert AuditEntry.objects.filter(action="programme.create").count() == 5


def test_bad_programme_file_names_the_path(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("programmes:\n  - code: X bad\n    name: n\n", encoding="utf-8")
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.load_file(bad)
    paths = {p.path for p in caught.value.problems}
    assert "programmes[0].code" in paths and "programmes[0].department" in paths


def test_clean_application_goes_to_review_with_its_amount(appliance):
    app, created = applications.submit(caseworker(), appliance, row())
    assert created and app.status == "pending" and app.amount == Decimal("999.80")
    assert "按成交价 4999.00 元的 20% 计" in app.explanation


def test_personal_data_is_encrypted_masked_and_never_in_the_audit_trail(appliance):
    app, _ = applications.submit(caseworker(), appliance, row())
    stored = Application.objects.get(pk=app.pk)
    assert ID_A not in stored.id_number_enc and "13800138000" not in stored.phone_enc
    assert stored.id_number_masked == "3709**********1235" and stored.phone_masked == "138****8000"
    entry = AuditEntry.objects.filter(action="application.create").latest("seq")
    assert ID_A not in str(entry.after) and "13800138000" not in str(entry.after)


def test_reveal_needs_permission_and_a_reason_and_is_audited(appliance):
    app, _ = applications.submit(caseworker(), appliance, row())
    with pytest.raises(PermissionDenied):
        applications.reveal(User.objects.get(username="leader"), app, "id_number", "核对")
    with pytest.raises(fields.ApplicationInvalid, match="须填写理由"):
        applications.reveal(caseworker(), app, "id_number", " ")
    with pytest.raises(fields.ApplicationInvalid, match="理由：.*控制字符"):
        applications.reveal(caseworker(), app, "id_number", "核对\x00身份")
    assert not AuditEntry.objects.filter(action="pii.reveal").exists()
    assert applications.reveal(caseworker(), app, "id_number", "电话核实身份") == ID_A
    entry = AuditEntry.objects.filter(action="pii.reveal").latest("seq")
    assert entry.after == {"field": "id_number", "reason": "电话核实身份", "masked": "3709**********1235"}


def test_submitting_the_same_row_twice_creates_nothing_new(appliance):
    first, created = applications.submit(caseworker(), appliance, row())
    again, created_again = applications.submit(caseworker(), appliance, row())
    assert created and not created_again and first.pk == again.pk
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "370902199001011234"}, "id_number", "校验位不正确"),
        ({"phone": "2380013800"}, "phone", "11 位"),
        ({"category": "手机"}, "category", "不是本项目的补贴品类"),
        ({"price": "-5"}, "price", "大于 0"),
        ({"grade": "A++"}, "grade", "无法识别"),
        ({"transaction_at": "昨天"}, "transaction_at", "应为日期时间"),
        ({"serial_number": ""}, "serial_number", "必填"),
    ],
)
def test_invalid_rows_are_refused_naming_the_field(appliance, changes, field, message):
    with pytest.raises(fields.ApplicationInvalid) as caught:
        applications.submit(caseworker(), appliance, row(**changes))
    assert any(p.field == field and message in p.message for p in caught.value.problems)
    assert not Application.objects.exists()


def test_duplicates_across_person_invoice_serial_and_voucher_are_flagged(appliance):
    first, _ = applications.submit(caseworker(), appliance, row())
    second, _ = applications.submit(
        caseworker(),
        appliance,
        row(id_number=ID_B, name="李四", phone="13900139000", transaction_at="2025-06-19 10:00"),
    )
    codes = {f.code for f in second.flags.all()}
    assert {"DUP_INVOICE", "DUP_SERIAL", "DUP_VOUCHER"} <= codes
    assert second.status == "flagged"
    assert str(first.public_id) in second.flags.get(code="DUP_INVOICE").related
    third, _ = applications.submit(
        caseworker(),
        appliance,
        row(
            serial_number="SN0003",
            voucher_number="HS0003",
            invoice_number="24372000000000000003",
            transaction_at="2025-07-01 09:00",
        ),
    )
    assert "DUP_PERSON_CATEGORY" in {f.code for f in third.flags.all()}


def test_air_conditioners_allow_three_per_person(appliance):
    for i in range(3):
        app, _ = applications.submit(
            caseworker(),
            appliance,
            row(
                category="空调",
                serial_number=f"AC{i}",
                voucher_number=f"V{i}",
                invoice_number=f"2437200000000000010{i}",
                transaction_at=f"2025-08-0{i + 1} 10:00",
            ),
        )
        assert app.status == "pending", [f.message for f in app.flags.all()]
    fourth, _ = applications.submit(
        caseworker(),
        appliance,
        row(
            category="空调",
            serial_number="AC9",
            voucher_number="V9",
            invoice_number="24372000000000000109",
            transaction_at="2025-08-09 10:00",
        ),
    )
    assert "上限 3 次" in fourth.flags.get(code="DUP_PERSON_CATEGORY").message


def test_window_grade_ceiling_and_shared_phone_flags(appliance):
    late, _ = applications.submit(caseworker(), appliance, row(transaction_at="2026-01-02 10:00"))
    assert late.flags.get(code="OUTSIDE_WINDOW")
    grade3, _ = applications.submit(
        caseworker(),
        appliance,
        row(
            grade="三级",
            serial_number="S3",
            voucher_number="V3",
            invoice_number="24372000000000000333",
            category="电视",
            transaction_at="2025-05-01 10:00",
        ),
    )
    assert grade3.amount == 0 and "3级能效" in grade3.flags.get(code="INELIGIBLE").message
    pricey, _ = applications.submit(
        caseworker(),
        appliance,
        row(
            price="60000",
            serial_number="S4",
            voucher_number="V4",
            invoice_number="24372000000000000444",
            category="电脑",
            transaction_at="2025-05-02 10:00",
        ),
    )
    assert pricey.flags.get(code="PRICE_CEILING") and pricey.amount == Decimal("2000.00")
    people = ["11010519491231002X", "370902199001011235", "370902198501017516"]
    for i, number in enumerate(people):
        app, _ = applications.submit(
            caseworker(),
            appliance,
            row(
                id_number=number,
                phone="13700137000",
                category="洗衣机",
                serial_number=f"W{i}",
                voucher_number=f"WV{i}",
                invoice_number=f"2437200000000000090{i}",
                transaction_at="2025-09-01 10:00",
            ),
        )
    assert app.flags.get(code="SHARED_PHONE").message == "同一手机号被 3 个不同申请人使用"


def test_closed_programme_refuses_applications(appliance):
    from datetime import date

    Programme.objects.filter(pk=appliance.pk).update(open_until=date(2025, 1, 1))
    appliance.refresh_from_db()
    with pytest.raises(fields.ApplicationInvalid, match="停止受理"):
        applications.submit(caseworker(), appliance, row())


def test_retailer_rate_and_price_outlier_are_flagged(appliance, monkeypatch):
    from liangxin.subsidies.intake import checks

    monkeypatch.setattr(checks, "RETAILER_PER_HOUR", 3)
    people = ["370902199001011235", "11010519491231002X", "370902198501017516"]
    raws = [
        row(
            id_number=people[i % 3],
            category=["冰箱", "电视", "洗衣机", "电脑"][i // 3],
            serial_number=f"R{i}",
            voucher_number=f"RV{i}",
            invoice_number=f"2437200000000000070{i}",
            phone=f"1370013700{i}",
            transaction_at=f"2025-10-01 10:{i:02d}",
            price="3000",
        )
        for i in range(5)
    ]
    outcomes = applications.submit_batch(caseworker(), appliance, raws, "import")
    rate = [[f.code for f in o.flags] for o in outcomes]
    assert ["RETAILER_RATE" in codes for codes in rate] == [False, False, False, True, True]
    assert "一小时内成交 4 笔" in next(f.message for f in outcomes[3].flags if f.code == "RETAILER_RATE")
    pricey, _ = applications.submit(
        caseworker(),
        appliance,
        row(
            serial_number="P1",
            voucher_number="PV1",
            invoice_number="24372000000000000801",
            price="9000",
            transaction_at="2025-11-01 10:00",
            category="微波炉",
        ),
    )
    assert (
        "远高于该型号通常价格（6 笔成交价格的中位数约 3000 元）"
        in pricey.flags.get(code="PRICE_OUTLIER").message
    )
    from liangxin.subsidies.models import ModelPrice

    # the outlier is not counted into the model's usual price
    assert list(ModelPrice.objects.filter(brand_model="海尔 BCD-470").values_list("bucket", "count")) == [
        (300000, 5)
    ]


def test_cars_once_per_person_and_one_new_car_never_claims_both_programmes(appliance):
    scrap = Programme.objects.get(code="car-scrap-2025")
    replace = Programme.objects.get(code="car-replace-2025")
    car = {
        "name": "王五",
        "id_number": ID_A,
        "phone": "13600136000",
        "vin": "1M8GDM9AXKP042788",
        "scrap_certificate": "BF-2025-0001",
        "vehicle_type": "新能源乘用车",
        "invoice_number": "24372000000000005001",
        "transaction_at": "2025-03-01 10:00",
        "bank_name": "中国建设银行泰安分行",
        "bank_account": "6217003800000000001",
    }
    first, _ = applications.submit(caseworker(), scrap, car)
    assert first.status == "pending" and first.amount == Decimal("20000.00")
    twice, _ = applications.submit(
        caseworker(),
        scrap,
        car
        | {"vin": SECOND_VIN, "scrap_certificate": "BF-2025-0002", "invoice_number": "24372000000000005002"},
    )
    assert twice.status == "flagged"
    assert (
        twice.flags.get(code="DUP_PERSON_CATEGORY").message
        == "同一申请人在本项目中已申请汽车报废更新补贴 1 次（上限 1 次）"
    )
    other, _ = applications.submit(
        caseworker(),
        replace,
        car
        | {
            "id_number": ID_B,
            "scrap_certificate": "",
            "invoice_number": "24372000000000005003",
            "vehicle_type": "新能源乘用车",
        },
    )
    assert "DUP_VIN" in {f.code for f in other.flags.all()}
    assert other.amount == Decimal("15000.00")


def test_retailer_rate_counts_sales_already_saved_in_the_same_hour(appliance, monkeypatch):
    from liangxin.subsidies.intake import checks

    monkeypatch.setattr(checks, "RETAILER_PER_HOUR", 2)
    people = ["370902199001011235", "11010519491231002X", "370902198501017516"]
    for i, person in enumerate(people):
        outcome = applications.submit_batch(
            caseworker(),
            appliance,
            [
                row(
                    id_number=person,
                    serial_number=f"H{i}",
                    voucher_number=f"HV{i}",
                    invoice_number=f"2437200000000000090{i}",
                    phone=f"1370013800{i}",
                    transaction_at=f"2025-10-02 09:{i * 20:02d}",
                )
            ],
            "import",
        )[0]
    assert [f.code for f in outcome.flags] == ["RETAILER_RATE"]
    assert "2025-10-02 09时 一小时内成交 3 笔" in outcome.flags[0].message


def test_the_import_draft_carries_every_column_of_an_application():
    columns = {f.attname for f in Application._meta.concrete_fields if not f.primary_key}
    assert columns == set(applications.Draft.__dataclass_fields__) - {"pk", "lines"}


def test_a_row_sent_from_a_worker_process_arrives_whole_and_reads_as_the_application(appliance):
    sent = applications.prepare(
        appliance, [row(transaction_at="2025-06-18 14:30")], user_id=None, source="import", now=timezone.now()
    )[0]
    copy = pickle.loads(pickle.dumps(sent))  # noqa: S301 - our own object, as the import's workers send it
    assert copy.draft.values == sent.draft.values and copy.findings == sent.findings == []
    draft = copy.draft
    assert (draft.price, draft.category, draft.pk) == (Decimal("4999.00"), "冰箱", None)
    assert check_queries.public_id_text(draft.public_id) == check_queries.public_id_text(sent.draft.public_id)
    assert draft.id_number_enc and draft.id_number_masked == "3709**********1235"
    assert draft.retailer_hour == "2025-06-18 14 泰山电器商城"
    draft.amount = Decimal("1.00")  # the saving process sets the row it will insert
    assert draft.values[applications._application_layout().names.index("amount")] == Decimal("1.00")


def test_the_window_is_read_on_the_district_calendar_whatever_zone_a_time_is_written_in(appliance):
    # 2024-12-31 17:30 in London is 2025-01-01 01:30 in Taishan, inside the 2025 window
    inside = applications.submit_batch(
        None, appliance, [row(transaction_at="2024-12-31T17:30:00+00:00")], "import"
    )
    outside = applications.submit_batch(
        None,
        appliance,
        [
            row(
                transaction_at="2024-12-31 23:30",
                serial_number="SN0002",
                invoice_number="24372000000000000002",
                voucher_number="HS0002",
                category="洗衣机",
            )
        ],
        "import",
    )
    assert inside[0].flags == []
    assert [f.code for f in outside[0].flags] == ["OUTSIDE_WINDOW"]
    assert "交易日期 2024-12-31 不在本项目的交易期内" in outside[0].flags[0].message


def test_an_imported_transaction_time_is_stored_as_the_same_instant_and_can_be_searched(appliance):
    applications.submit_batch(None, appliance, [row(transaction_at="2025-06-18 14:30")], "import")
    app = Application.objects.get()
    shanghai = ZoneInfo("Asia/Shanghai")
    assert app.transaction_at == datetime(2025, 6, 18, 14, 30, tzinfo=shanghai)
    assert (
        Application.objects.filter(transaction_at__gte=datetime(2025, 6, 18, 14, 30, tzinfo=shanghai)).count()
        == 1
    )
    assert (
        Application.objects.filter(transaction_at__gt=datetime(2025, 6, 18, 14, 30, tzinfo=shanghai)).count()
        == 0
    )
    assert app.public_id.version == 7


def test_applications_stored_with_the_longer_keys_still_catch_duplicates_once_migrated(appliance):
    import importlib

    from django.db import connection

    shorten = importlib.import_module("liangxin.subsidies.migrations.0013_shorter_lookup_keys").SHORTEN
    first, _ = applications.submit(caseworker(), appliance, row())
    longer = {
        column: getattr(first, column) + "0" * 32
        for column in ("id_number_index", "phone_index", "fingerprint")
    }
    Application.objects.filter(pk=first.pk).update(**longer)  # as stored before the keys were cut to 32
    with connection.cursor() as cursor:
        cursor.execute(shorten)
    again, created = applications.submit(caseworker(), appliance, row())
    assert (again.pk, created) == (first.pk, False)  # the same row is still the same application
    other, _ = applications.submit(
        caseworker(),
        appliance,
        row(serial_number="SN0002", invoice_number="24372000000000000002", voucher_number="HS0002"),
    )
    assert "DUP_PERSON_CATEGORY" in {f.code for f in other.flags.all()}
