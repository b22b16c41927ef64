from pathlib import Path

from django.db import migrations

from liangxin.core import datalists

CHANNELS_FILE = Path(__file__).resolve().parent.parent / "data" / "funding_channels.yaml"


def seed(apps, schema_editor):
    datalists.seed(apps.get_model("projects", "FundingChannel"), CHANNELS_FILE)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_reserve")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
