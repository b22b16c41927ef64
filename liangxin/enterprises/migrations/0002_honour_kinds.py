from pathlib import Path

from django.db import migrations

from liangxin.core import datalists

KINDS_FILE = Path(__file__).resolve().parent.parent / "data" / "honour_kinds.yaml"


def seed(apps, schema_editor):
    datalists.seed(apps.get_model("enterprises", "HonourKind"), KINDS_FILE)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_register")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
