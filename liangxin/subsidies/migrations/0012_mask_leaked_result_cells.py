"""Import results written before 0012 took the row's columns by their position in the file: a file with
its columns in another order, or with a column of its own, could leave a phone or ID number in clear in
the stored result (and so in the downloadable result file). This masks every cell that is a whole
mobile or ID number, wherever it sits. A name kept in clear cannot be told apart from other text."""

import re

from django.db import migrations

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MOBILE = re.compile(r"(?:\+86)?(1[3-9]\d{9})")


def _masked(value):
    if not isinstance(value, str):
        return value
    text = "".join(value.split())
    if ID_NUMBER.fullmatch(text):
        return f"{text[:4]}{'*' * 10}{text[-4:].upper()}"
    if mobile := MOBILE.fullmatch(text):
        number = mobile.group(1)
        return f"{number[:3]}****{number[-4:]}"
    return value


def mask_cells(apps, schema_editor):
    ImportRow = apps.get_model("subsidies", "ImportRow")
    changed = []
    for row in ImportRow.objects.only("id", "cells").iterator(chunk_size=2000):
        cells = row.cells
        masked = {k: _masked(v) for k, v in cells.items()} if isinstance(cells, dict) else [_masked(v) for v in cells]
        if masked != cells:
            row.cells = masked
            changed.append(row)
        if len(changed) >= 2000:
            ImportRow.objects.bulk_update(changed, ["cells"])
            changed = []
    ImportRow.objects.bulk_update(changed, ["cells"])


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0011_ordered_public_ids")]

    operations = [migrations.RunPython(mask_cells, migrations.RunPython.noop)]
