from pathlib import Path

import yaml
from django.db import migrations

CHANNELS_FILE = Path(__file__).resolve().parent.parent / "data" / "funding_channels.yaml"


def seed(apps, schema_editor):
    FundingChannel = apps.get_model("projects", "FundingChannel")
    for position, entry in enumerate(yaml.safe_load(CHANNELS_FILE.read_text(encoding="utf-8")), start=1):
        FundingChannel.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"], "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_reserve")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
