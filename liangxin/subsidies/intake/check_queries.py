"""The checks' database look-ups, one statement per kind of check for a whole batch.

A batch's values go in as one parameter, an array on PostgreSQL and a JSON list on SQLite, not as a
thousand placeholders: the statement's text, and the cost of parsing and planning it, stay the same
whatever the batch size (with the ORM's `__in`, building and parsing those lists was a third of the
import's time). Only applications that are still live (not rejected) count.

On PostgreSQL each value is looked up on its own (a LATERAL subquery kept apart by OFFSET 0), so each
is an index probe whatever the planner believes about the table. Written as `column = ANY(array)`, the
planner judged a thousand probes dearer than reading the table whole, and did so for every batch while
a bulk import grew the table to a hundred thousand rows and more.
"""

import json
import uuid
from decimal import Decimal

from django.db import connection

from liangxin.subsidies.models import Application, EquipmentLine, ImportRow, ModelPrice

TABLE = connection.ops.quote_name(Application._meta.db_table)


def _one_of(column: str, values) -> tuple[str, object]:
    values = list(values)
    if connection.vendor == "postgresql":
        if all(isinstance(v, str) for v in values):
            # an array literal written here (psycopg builds text arrays in Python, slowly), so that the
            # planner sees how many values there are and looks them up in the index
            return f"{column} = ANY(%s::text[])", _text_array(values)
        return f"{column} = ANY(%s)", values
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(values)  # noqa: S608 - our columns


def _text_array(values: list[str]) -> str:
    if not values:
        return "{}"
    if not any('"' in v or "\\" in v for v in values):  # the usual case, joined without a pass per value
        return '{"' + '","'.join(values) + '"}'
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


# a look-up's public ids come back as text, made into UUIDs only for the few a flag shows: a batch's
# look-ups can return more rows than the batch has, and making each a UUID cost as much as the look-up
PUBLIC_ID = "public_id::text" if connection.vendor == "postgresql" else "public_id"


def public_id_text(value) -> str:
    """A public id as shown (with hyphens), from a draft's UUID or a look-up's text (SQLite keeps hex)."""
    return str(value if isinstance(value, uuid.UUID) or len(value) == 36 else uuid.UUID(value))


def _live(excluded) -> tuple[str, list]:
    """Live applications, less those being checked again (a corrected one must not count against itself)."""
    if not excluded:
        return f"{TABLE}.status <> 'rejected'", []
    not_in, param = _one_of(f"{TABLE}.id", excluded)
    return f"{TABLE}.status <> 'rejected' AND NOT ({not_in})", [param]


def _lookup(columns: str, column: str, values, conditions: str, params: list, tail: str = ""):
    """The statement and parameters selecting `columns` of the applications whose text `column` is one of
    `values` (never empty) and that meet `conditions`; `tail` groups them. The "not empty" test repeats
    the partial indexes' condition as the migration wrote it: PostgreSQL cannot tell that a value taken
    from the array is not empty, and SQLite uses a partial index only for a condition written the same
    way."""
    values = sorted(set(values) - {""})
    if connection.vendor == "postgresql":
        return (
            f"SELECT {columns} FROM unnest(%s::text[]) AS wanted(value) CROSS JOIN LATERAL "  # noqa: S608
            f"(SELECT * FROM {TABLE} WHERE {column} = wanted.value AND NOT ({column} = '') AND {conditions} "
            f"OFFSET 0) AS {TABLE}{tail}",
            [_text_array(values), *params],
        )
    return (
        f"SELECT {columns} FROM {TABLE} WHERE {column} IN (SELECT value FROM json_each(%s)) "  # noqa: S608
        f"AND NOT ({column} = '') AND {conditions}{tail}",
        [json.dumps(values), *params],
    )


def _select(columns: str, column: str, values, where: str = "", params=(), tail: str = "", excluded=()):
    if not values:
        return []
    live, live_params = _live(excluded)
    sql, all_params = _lookup(columns, column, values, f"{live}{where}", [*live_params, *params], tail)
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return cursor.fetchall()


def claims(programme_id: int, people, excluded=()) -> list[tuple[str, str, str]]:
    """(person's blind index, category, public id) of the programme's applications by these people."""
    return _select(
        f"id_number_index, category, {PUBLIC_ID}",
        "id_number_index",
        people,
        " AND programme_id = %s",
        [programme_id],
        excluded=excluded,
    )


def holders(column: str, values, excluded=()) -> list[tuple[str, str]]:
    """(value, public id) of applications in any programme using one of these values of `column`."""
    return _select(f"{column}, {PUBLIC_ID}", column, values, excluded=excluded)


def users_of(column: str, values, excluded=()) -> list[tuple[str, str, str]]:
    """(value, the applicant's blind index or credit code, public id) of applications giving one of these
    phones or bank accounts (`column` is their blind index)."""
    rows = _select(f"{column}, id_number_index, credit_code, {PUBLIC_ID}", column, values, excluded=excluded)
    return [(value, person or code, public_id) for value, person, code, public_id in rows]


def line_invoices(invoices, excluded=()) -> list[tuple[str, str]]:
    """(invoice number, public id) of live applications whose equipment lines carry these invoices."""
    if not invoices:
        return []
    condition, param = _one_of("line.invoice_number", invoices)
    live, live_params = _live(excluded)
    lines = connection.ops.quote_name(EquipmentLine._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT line.invoice_number, {PUBLIC_ID} FROM {lines} AS line JOIN {TABLE} "  # noqa: S608
            f"ON {TABLE}.id = line.application_id WHERE {live} AND {condition}",
            [*live_params, param],
        )
        return cursor.fetchall()


def granted_to(programme_id: int, credit_codes, excluded=()) -> dict[str, Decimal]:
    """What each enterprise's live applications in the programme already amount to."""
    rows = _select(
        "credit_code, SUM(amount)",
        "credit_code",
        credit_codes,
        " AND programme_id = %s",
        [programme_id],
        tail=" GROUP BY credit_code",
        excluded=excluded,
    )
    # SQLite sums a decimal column as a float; sums of cents below 10¹³ come back exact to the cent
    return {code: Decimal(str(total)).quantize(Decimal("0.01")) for code, total in rows}


def sales_per_hour(keys, excluded=()) -> dict[str, int]:
    """Applications per retailer-hour key."""
    return dict(
        _select(
            "retailer_hour, COUNT(*)",
            "retailer_hour",
            keys,
            tail=" GROUP BY retailer_hour",
            excluded=excluded,
        )
    )


def price_counts(models) -> list[tuple[str, int, int]]:
    """(model, price bucket, sales) of the saved sales of these models."""
    if not models:
        return []
    condition, param = _one_of("brand_model", models)
    table = connection.ops.quote_name(ModelPrice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT brand_model, bucket, count FROM {table} WHERE {condition}", [param])  # noqa: S608
        return cursor.fetchall()


def prices_taken_in(job_id: int) -> list[tuple[str, Decimal]]:
    """(model, price) of the sales an import job has taken in so far and counted into the models' prices
    (not those flagged as far above the usual)."""
    return list(
        Application.objects.filter(pk__in=ImportRow.objects.filter(job_id=job_id).values("application_id"))
        .exclude(brand_model="")
        .exclude(price=None)
        .exclude(flags__code="PRICE_OUTLIER")
        .values_list("brand_model", "price")
    )


def record_prices(counts: dict[tuple[str, int], int]) -> None:
    """Add {(model, price bucket): sales} to the models' counts in one statement, in a fixed order so
    that two imports at once never wait on each other in a circle."""
    if not counts:
        return
    table = connection.ops.quote_name(ModelPrice._meta.db_table)
    data = json.dumps([[model, bucket, n] for (model, bucket), n in sorted(counts.items())])
    if connection.vendor == "postgresql":
        rows = "SELECT r->>0, (r->>1)::bigint, (r->>2)::int FROM jsonb_array_elements(%s::jsonb) AS r"
    else:  # SQLite needs the WHERE to read ON CONFLICT as the upsert's
        rows = "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(%s) WHERE true"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (brand_model, bucket, count) {rows} "  # noqa: S608
            f"ON CONFLICT (brand_model, bucket) DO UPDATE SET count = {table}.count + excluded.count",
            [data],
        )


def existing_prints(programme_id: int, prints) -> dict[str, int]:
    """{fingerprint: id} of the programme's applications with these fingerprints (any status)."""
    if not prints:
        return {}
    sql, params = _lookup("fingerprint, id", "fingerprint", prints, "programme_id = %s", [programme_id])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
