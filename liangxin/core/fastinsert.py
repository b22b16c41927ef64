"""Insert many rows of a model quickly: COPY on PostgreSQL, one executemany on SQLite.

Django's bulk_create prepares every value of every row through the field machinery, wants model
instances and, on PostgreSQL, sends one huge INSERT … VALUES that the server is slow to plan; for the
bulk import that was most of the time. Here the objects are anything with the model's attribute names
(model instances, or the import's light records), each column's conversion is decided once, and when
the caller needs the new rows' keys it takes them first with allocate_ids and inserts them explicitly.
Rows are inserted as they are: no signals, no save().
"""

import operator

from django.db import connection, models


def _converter(field):
    ops = connection.ops
    if connection.vendor == "postgresql":
        # COPY adapts dates, decimals and UUIDs itself; JSON needs its wrapper
        if isinstance(field, models.JSONField):
            return lambda value: ops.adapt_json_value(value, field.encoder)
        return None
    if isinstance(field, models.DateTimeField):
        zone = connection.timezone

        def stored(value):  # what adapt_datetimefield_value gives, without its checks on every row
            if value is None or value.tzinfo is None:
                return ops.adapt_datetimefield_value(value)
            return str(value.astimezone(zone).replace(tzinfo=None))

        return stored
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.UUIDField):
        return lambda value: value.hex if value is not None else None
    if isinstance(field, models.JSONField):
        return lambda value: ops.adapt_json_value(value, field.encoder)
    return None


def allocate_ids(model, count: int) -> list[int]:
    """`count` new primary keys for rows the caller will insert with explicit keys, in this transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_ids must run inside the transaction that inserts the rows")
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(  # the sequence's name looked up once, not once per key
                "SELECT nextval((SELECT pg_get_serial_sequence(%s, %s))::regclass) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: transactions begin IMMEDIATE (settings), so this one already holds the write lock and
        # nobody can take these numbers before it inserts them; AUTOINCREMENT never reuses a number, so
        # start past both the largest key in use and the largest ever given.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def _fields(model, with_pk: bool) -> list:
    return [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]


class Layout:
    """A model's columns for a bulk insert and each one's conversion, decided once. Rows can be converted
    in one process (the import's workers) and inserted in another; `ready` names columns whose values
    come already in the database's form (a JSON text, say)."""

    def __init__(self, model, *, with_pk: bool = False, ready: frozenset = frozenset()):
        self.model = model
        self.fields = _fields(model, with_pk)
        self.names = self.names_of(model, with_pk=with_pk)
        self._values = (
            operator.attrgetter(*self.names)
            if len(self.names) > 1
            else lambda obj: (getattr(obj, self.names[0]),)
        )
        self._converters = [
            (position, convert)
            for position, (name, f) in enumerate(zip(self.names, self.fields, strict=True))
            if name not in ready and (convert := _converter(f)) is not None
        ]

    @staticmethod
    def names_of(model, *, with_pk: bool = False) -> list[str]:
        """The attribute each column of a row comes from, in the row's order."""
        return ["pk" if f.primary_key else f.attname for f in _fields(model, with_pk)]

    def row(self, obj) -> list:
        values = list(self._values(obj))  # all columns in one call; only those that need it converted
        for position, convert in self._converters:
            values[position] = convert(values[position])
        return values

    def insert(self, rows, batch_size: int = 2000) -> None:
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"  # noqa: S608
            chunk = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= batch_size:
                    cursor.executemany(sql, chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)


def insert_rows(model, objects, *, with_pk: bool = False) -> None:
    """Insert the objects; with_pk inserts their `pk` too (keys from allocate_ids)."""
    layout = Layout(model, with_pk=with_pk)
    layout.insert(layout.row(obj) for obj in objects)
