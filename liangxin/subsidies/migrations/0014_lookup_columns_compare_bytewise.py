"""On PostgreSQL, the columns the checks look up by equality compare byte by byte (COLLATE "C").

Under the database's own collation (C.UTF-8, zh_CN.UTF-8 …) every comparison in these columns' indexes
went through strcoll: a bulk import inserts each row into ten of these indexes and looks it up in nine.
Equality is the same under both collations (both are deterministic), and these are identifiers and keys,
never sorted for a person to read. SQLite compares bytes already. A later AlterField on one of these
columns would set its collation back to the database's: a test checks it stays "C"."""

from django.db import migrations

COLUMNS = {
    "subsidies_application": {
        "fingerprint": 64,
        "id_number_index": 64,
        "phone_index": 64,
        "bank_account_index": 64,
        "credit_code": 18,
        "invoice_number": 20,
        "serial_number": 100,
        "voucher_number": 60,
        "retailer_hour": 220,
        "vin": 17,
        "scrap_certificate": 60,
    },
    "subsidies_equipmentline": {"invoice_number": 20},
    "subsidies_modelprice": {"brand_model": 200},
}


def _collate(collation: str):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, columns in COLUMNS.items():
            changes = ", ".join(
                f'ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "{collation}"'
                for column, length in columns.items()
            )
            schema_editor.execute(f'ALTER TABLE "{table}" {changes}')

    return alter


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0013_shorter_lookup_keys")]

    operations = [migrations.RunPython(_collate("C"), _collate("default"))]
