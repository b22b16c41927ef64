"""申请编号 (issue 11 D.2): SQ-2025-000123, per programme and year of submission, without gaps however
many save at once, in blocks for imports, shown and searchable wherever an application is named."""

import csv
import importlib
import io
import threading
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, transaction
from openpyxl import load_workbook

from liangxin.subsidies.intake import applications, numbers
from liangxin.subsidies.models import Application, ApplicationCounter, ImportRow, Programme
from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_imports import rows, write_csv
from liangxin.subsidies.tests.test_review import load, numbered, person

YEAR = datetime.now(UTC).astimezone(numbers.timezone.get_default_timezone()).year


def seq(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


@pytest.mark.django_db
def test_numbers_count_per_programme_and_year_from_one():
    appliance = load()
    caseworker = person("swj_caseworker")
    made = [applications.submit(caseworker, appliance, numbered(i))[0] for i in range(3)]
    car = Programme.objects.get(code="car-scrap-2025")
    car_app, _ = applications.submit(
        caseworker,
        car,
        {
            "name": "王五",
            "id_number": "370902198501017516",
            "phone": "13800138001",
            "vin": "1M8GDM9AXKP042788",
            "scrap_certificate": "BF2025000001",
            "vehicle_type": "新能源乘用车",
            "invoice_number": "24372000000000009999",
            "transaction_at": "2025-06-18 14:30",
            "bank_name": "中国建设银行泰安分行",
            "bank_account": "6217003800000000001",
        },
    )
    assert [a.number for a in made] == [f"SQ-{YEAR}-00000{n}" for n in (1, 2, 3)]
    assert car_app.number == f"SQ-{YEAR}-000001"
    # the same application again is the same one, with its number: nothing is used up
    again, created = applications.submit(caseworker, appliance, numbered(0))
    assert not created and again.number == made[0].number
    assert ApplicationCounter.objects.get(programme=appliance, year=YEAR).last == 3


@pytest.mark.django_db
def test_the_year_is_the_district_s_year_of_submission():
    appliance = load()
    # 2025-12-31 16:30 UTC is already 2026-01-01 00:30 in Taishan
    new_year = datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
    before = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)
    with transaction.atomic():
        late = applications.prepare(appliance, [numbered(0)], user_id=None, source="api", now=new_year)
        early = applications.prepare(appliance, [numbered(1)], user_id=None, source="api", now=before)
        applications.save_prepared(appliance, late + early)
    assert late[0].draft.number == "SQ-2026-000001" and early[0].draft.number == "SQ-2025-000001"


@pytest.mark.django_db
def test_a_returned_application_keeps_its_number_when_corrected():
    from liangxin.subsidies.review import decisions

    app, _ = applications.submit(person("swj_clerk"), load(), row())
    decisions.first_decision(person("swj_caseworker"), app, "return", "发票号码需核对")
    corrected = applications.resubmit(person("swj_clerk"), app, row(invoice_number="24372000000000000777"))
    assert corrected.number == app.number == f"SQ-{YEAR}-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_every_number_once_without_gaps():
    """Twelve submissions at once, each in its own thread and connection. PostgreSQL runs them side by
    side (the counter row's lock orders them); SQLite serialises writers (IMMEDIATE transactions wait)."""
    from liangxin.demo.accounts import install_demo

    install_demo()
    appliance = load()
    caseworker = person("swj_caseworker")
    count = 12
    barrier = threading.Barrier(count)
    made, failures = [], []
    serial = threading.Lock() if connection.vendor == "sqlite" else None

    def submit(i):
        try:
            barrier.wait()
            if serial:
                with serial:
                    app, _ = applications.submit(caseworker, appliance, numbered(i))
            else:
                app, _ = applications.submit(caseworker, appliance, numbered(i))
            made.append(app.number)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    saved = sorted(Application.objects.filter(programme=appliance).values_list("number", flat=True))
    assert sorted(made) == saved == [f"SQ-{YEAR}-{n:06d}" for n in range(1, count + 1)]


@pytest.mark.django_db
def test_a_rolled_back_save_gives_its_numbers_back():
    appliance = load()
    with pytest.raises(RuntimeError), transaction.atomic():
        applications.submit(person("swj_caseworker"), appliance, numbered(0))
        raise RuntimeError("the caller's transaction fails after the save")
    app, _ = applications.submit(person("swj_caseworker"), appliance, numbered(1))
    assert app.number == f"SQ-{YEAR}-000001"


@pytest.mark.django_db
def test_an_import_numbers_its_rows_in_file_order_in_contiguous_blocks(tmp_path, settings):
    programme = load()
    settings.IMPORT_BATCH = 4
    applications.submit(person("swj_caseworker"), programme, numbered(20))  # number 1 is taken first
    path = write_csv(tmp_path / "retailer.csv", rows(10, bad={3}, duplicate_of={7: 0}))
    call_command(
        "subsidy",
        "import",
        "appliance-2025",
        str(path),
        "--result",
        str(tmp_path / "r.csv"),
        stdout=StringIO(),
    )
    taken = ImportRow.objects.filter(application__isnull=False).order_by("number")
    assert [r.application.number for r in taken] == [f"SQ-{YEAR}-{n:06d}" for n in range(2, 10)]
    result = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    column = result[0].index("申请编号")
    by_line = {r[0]: r for r in result[1:]}
    assert by_line["2"][column] == f"SQ-{YEAR}-000002" and by_line["5"][column] == ""
    # the duplicate names the earlier application by its number
    assert f"与已受理的申请 SQ-{YEAR}-000002 重复" in by_line["9"][2]


@pytest.mark.django_db
def test_existing_applications_are_numbered_in_submission_order_by_the_migration():
    migration = importlib.import_module(
        "liangxin.subsidies.migrations.0017_application_numbers_and_settlement"
    )
    appliance = load()
    made = [applications.submit(person("swj_caseworker"), appliance, numbered(i))[0] for i in range(4)]
    times = [
        datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
        datetime(2024, 12, 31, 17, 0, tzinfo=UTC),  # 2025-01-01 01:00 in Taishan
        datetime(2024, 12, 31, 15, 0, tzinfo=UTC),  # still 2024 there
        datetime(2025, 2, 1, 2, 0, tzinfo=UTC),
    ]
    for app, at in zip(made, times, strict=True):
        Application.objects.filter(pk=app.pk).update(created_at=at, number="")
    ApplicationCounter.objects.all().delete()
    migration.number_existing(django_apps, None)
    got = dict(Application.objects.values_list("pk", "number"))
    assert [got[a.pk] for a in made] == [
        "SQ-2025-000003",
        "SQ-2025-000001",
        "SQ-2024-000001",
        "SQ-2025-000002",
    ]
    assert ApplicationCounter.objects.get(programme=appliance, year=2025).last == 3
    # the next one follows on
    with transaction.atomic():
        assert numbers.allocate(appliance.pk, 2025, 1) == ["SQ-2025-000004"]


def test_a_number_is_found_however_it_is_typed():
    assert numbers.normalised(" sq-2025-123 ") == "SQ-2025-000123"
    assert numbers.normalised("SQ2025000123") == numbers.normalised("SQ－2025－000123") == "SQ-2025-000123"
    assert numbers.normalised("张三") is None and numbers.normalised("2025-000123") is None
    assert numbers.number_clause("泰山") is None


@pytest.mark.django_db
def test_the_number_is_shown_searched_exported_and_returned_by_the_api(login, client, api_token):
    appliance = load()
    made = [applications.submit(person("swj_caseworker"), appliance, numbered(i))[0] for i in range(3)]
    second = made[1]
    assert list(numbers.search_by_number(Application.objects.all(), second.number.lower())) == [second]
    caseworker = login("swj_caseworker")
    listed = caseworker.get("/subsidies/applications/").content.decode()
    assert all(a.number in listed for a in made)
    found = caseworker.get(f"/subsidies/applications/?number={second.number}").content.decode()
    assert second.number in found and made[0].number not in found and "共 1 份" in found
    detail = caseworker.get(f"/subsidies/applications/{second.public_id}/").content.decode()
    assert f'data-testid="number">{second.number}<' in detail
    exported = caseworker.get("/subsidies/applications/export.xlsx?programme=appliance-2025")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][0] == "申请编号" and sorted(r[0] for r in table[1:]) == [a.number for a in made]
    headers = api_token("swj_caseworker")
    one = client.get(f"/api/v1/subsidy/applications/{second.public_id}", **headers).json()
    assert one["number"] == second.number
    searched = client.get(f"/api/v1/subsidy/applications?number={second.number}", **headers).json()
    assert [a["id"] for a in searched["items"]] == [str(second.public_id)]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ApplicationOut"]
    assert "number" in schema["required"]
