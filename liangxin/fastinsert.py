"""Insert many model rows with one executemany, converting only the values that need it.

Django's bulk_create prepares every value of every row through the field machinery; for the bulk
import, where most columns are plain text, that preparation was about half of the time. This keeps the
same conversions (Decimal, date-times with time zones, UUID, JSON) but decides them once per column.
Rows are inserted as they are: no signals, no primary keys set on the objects.
"""

from django.db import connection, models


def _converter(field):
    if isinstance(
        field,
        models.UUIDField
        | models.DecimalField
        | models.DateTimeField
        | models.DateField
        | models.JSONField
        | models.BooleanField,
    ):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model, objects, batch_size: int = 2000) -> None:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    converters = [(f.attname, _converter(f)) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    rows = []
    with connection.cursor() as cursor:
        for obj in objects:
            rows.append(
                [
                    convert(getattr(obj, name)) if convert else getattr(obj, name)
                    for name, convert in converters
                ]
            )
            if len(rows) >= batch_size:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
