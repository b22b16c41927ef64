"""The applications search: what a caseworker types finds the application, inside the user's scope, and
whole personal data is matched through the blind index only."""

from pathlib import Path

import pytest

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications, exports, search
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.programmes import catalogue

pytestmark = pytest.mark.django_db

DEMO = Path(catalogue.__file__).parent / "data" / "programmes-demo.yaml"
ID_A = "370902199001011235"
ID_B = "11010519491231002X"
VIN = "LSVAU218XN2183294"


def row(**changes):
    base = {
        "name": "张三丰",
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


@pytest.fixture
def two():
    catalogue.load_file(DEMO, Plan.objects.get(code="taishan-2024"))
    programme = Programme.objects.get(code="appliance-2025")
    worker = User.objects.get(username="swj_caseworker")
    first, _ = applications.submit(worker, programme, row())
    second, _ = applications.submit(
        worker,
        programme,
        row(
            name="李四",
            id_number=ID_B,
            phone="13900139000",
            serial_number="sn-777",
            invoice_number="24372000000000000002",
            voucher_number="HS0002",
        ),
    )
    Application.objects.filter(pk=second.pk).update(vin=VIN)
    return worker, first, second


def found(user, q):
    return set(search.search_applications(access.applications_for(user), q).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("q", "which"),
    [
        ("张三", "first"),  # a part of the name
        ("三丰", "first"),
        (ID_A, "first"),  # the 身份证号, whole
        (ID_B.lower(), "second"),  # a lower-case x is the same number
        (" 1101 0519 4912 3100 2X ", "second"),  # typed with spaces
        ("13900139000", "second"),  # the phone
        ("+86 138 0013 8000", "first"),
        ("24372000000000000002", "second"),  # the invoice
        ("SN0001", "first"),  # the serial number, as written
        ("sn-777", "second"),
        (VIN.lower(), "second"),  # the VIN
    ],
)
def test_what_a_caseworker_types_finds_the_application(two, q, which):
    worker, first, second = two
    assert found(worker, q) == {{"first": first, "second": second}[which].pk}


def test_the_application_number_finds_it(two):
    worker, first, second = two
    assert found(worker, str(first.public_id)) == {first.pk}
    first.refresh_from_db()
    second.refresh_from_db()
    assert found(worker, first.number) == {first.pk}
    assert found(worker, second.number.lower().replace("-", "－")) == {second.pk}  # as typed in a hurry


def test_an_empty_search_finds_everything_in_scope_and_a_stranger_nothing(two):
    worker, first, second = two
    assert found(worker, "") == found(worker, "   ") == found(worker, None) == {first.pk, second.pk}
    assert found(worker, "王五") == set()
    assert found(worker, ID_A[:10]) == set()  # part of an ID number finds nothing: it is matched whole
    assert found(worker, "3709021990010112") == set()


def test_the_search_stays_inside_the_users_scope(two):
    other = User.objects.get(username="gxj_caseworker")  # another bureau's caseworker
    assert found(other, ID_A) == found(other, "张三") == set()


def test_personal_data_is_matched_only_through_the_blind_index(two):
    worker, first, _ = two
    stored = Application.objects.get(pk=first.pk)
    assert ID_A not in stored.id_number_index and stored.id_number_masked != ID_A
    sql = str(search.search_applications(Application.objects.all(), ID_A).query)
    assert ID_A not in sql and stored.id_number_index in sql


def test_the_export_records_the_search_masked(two, tmp_path):
    worker, first, _ = two
    apps = exports.matching(worker, q=ID_A)
    assert list(apps) == [first]
    exports.write(worker, apps, tmp_path / "x.xlsx", filters={"q": ID_A, "status": ""})
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert entry.after["filters"] == {"q": "3709**********1235"}
    assert search.for_the_record("张三") == "张三"


def test_an_id_number_todays_check_refuses_is_still_found_as_stored(two):
    """A number stored under an earlier rule (here: its index written directly) is found by what is typed."""
    from liangxin.core import crypto

    worker, first, _ = two
    old = "990000199001011230"  # 99 is no province: refused today
    Application.objects.filter(pk=first.pk).update(id_number_index=crypto.blind_index("id_number", old))
    assert found(worker, old) == {first.pk}
    assert search.for_the_record(old) == "9900**********1230"
    assert search.for_the_record("+86 138 0013 8000") == "138****8000"


@pytest.mark.parametrize("q", ["24372000000000000002", "SN0001", "sn-777", VIN])
def test_a_number_or_code_is_not_looked_for_among_the_names(q):
    """So the invoice, serial number and VIN indexes answer, rather than a scan of every name."""
    where = str(search.search_applications(Application.objects.all(), q).query).split(" WHERE ")[1]
    assert "applicant_name" not in where and "LIKE" not in where.upper()
