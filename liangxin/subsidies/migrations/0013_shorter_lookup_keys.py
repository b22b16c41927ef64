"""Blind indexes and row fingerprints keep the first 32 hex digits (128 bits) of their HMAC-SM3 or
SHA-256: the indexes the bulk import maintains for every row become half the size. The values already
stored are cut the same way, so they keep matching new ones."""

from django.db import migrations

COLUMNS = ("id_number_index", "phone_index", "bank_account_index", "fingerprint")
SHORTEN = "UPDATE subsidies_application SET " + ", ".join(
    f"{column} = substr({column}, 1, 32)" for column in COLUMNS
) + " WHERE " + " OR ".join(f"length({column}) > 32" for column in COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0012_mask_leaked_result_cells")]

    operations = [migrations.RunSQL(SHORTEN, migrations.RunSQL.noop)]
