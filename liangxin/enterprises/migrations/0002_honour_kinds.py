from pathlib import Path

import yaml
from django.db import migrations

KINDS_FILE = Path(__file__).resolve().parent.parent / "data" / "honour_kinds.yaml"


def seed(apps, schema_editor):
    HonourKind = apps.get_model("enterprises", "HonourKind")
    for position, entry in enumerate(yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8")), start=1):
        HonourKind.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"], "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_register")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
