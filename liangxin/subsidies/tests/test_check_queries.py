"""The checks' look-ups pass a batch's values as one parameter; any text must come back as written, and a
batch is looked up through the indexes however large the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.subsidies.intake import applications, check_queries
from liangxin.subsidies.tests.test_applications import appliance, caseworker, row  # noqa: F401 - fixture
from liangxin.subsidies.tests.test_review import numbered

pytestmark = pytest.mark.django_db

AWKWARD = ['引号"在中间', "反斜杠\\在中间", "逗号,分隔", "{花括号}", "NULL", "  前后空格 ", "单引号'"]


def test_awkward_text_is_looked_up_exactly(appliance):  # noqa: F811
    for i, serial in enumerate(AWKWARD):
        applications.submit(
            caseworker(),
            appliance,
            row(serial_number=serial, voucher_number=f"AV{i}", invoice_number=f"2437200000000000030{i}"),
        )
    written = [s.strip() for s in AWKWARD]  # as parsing keeps them
    stored = {value for value, _ in check_queries.holders("serial_number", [*written, "不存在", '"'])}
    assert stored == set(written)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_a_batch_of_look_ups_searches_the_indexes_and_never_reads_the_table_whole(appliance):  # noqa: F811
    # a bulk import's table, freshly grown and never analyzed: PostgreSQL read it whole for `= ANY(batch)`
    applications.submit_batch(None, appliance, [numbered(i) for i in range(1500)], "import")
    batch = [f"{i:064x}" for i in range(1000)]
    with CaptureQueriesContext(connection) as captured:
        check_queries.existing_prints(appliance.pk, batch)
        check_queries.claims(appliance.pk, batch)
        check_queries.holders("serial_number", [f"SN{i:04d}" for i in range(1000, 2000)])
        check_queries.users_of("phone_index", batch)
        check_queries.sales_per_hour([f"2025-06-{i % 28 + 1:02d} 10 商户{i}" for i in range(1000)])
        # columns most rows leave empty, indexed only where filled
        check_queries.users_of("bank_account_index", batch)
        check_queries.holders("vin", [f"LSVAU218XN{i:07d}" for i in range(1000)])
        check_queries.holders("scrap_certificate", [f"BF{i}" for i in range(1000)])
        check_queries.granted_to(appliance.pk, [f"91370900MA3C{i:06d}" for i in range(1000)])
    assert len(captured.captured_queries) == 9
    for query in captured.captured_queries:
        plan = _plan(query["sql"])
        assert "subsidies_application" in plan
        assert "Seq Scan on subsidies_application" not in plan and "SCAN subsidies_application" not in plan, (
            plan
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite compares text byte by byte already")
def test_the_look_up_columns_compare_byte_by_byte_on_postgresql():
    import importlib

    wanted = importlib.import_module(
        "liangxin.subsidies.migrations.0014_lookup_columns_compare_bytewise"
    ).COLUMNS
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, collation_name, character_maximum_length "
            "FROM information_schema.columns WHERE table_name = ANY(%s)",
            [list(wanted)],
        )
        found = {
            (table, column): (collation, length) for table, column, collation, length in cursor.fetchall()
        }
    for table, columns in wanted.items():
        for column, length in columns.items():
            assert found[(table, column)] == ("C", length), (table, column)
