from django.db import migrations

from liangxin.enterprises import honour_kinds


def seed(apps, schema_editor):
    honour_kinds.seed(apps.get_model("enterprises", "HonourKind"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_register")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
