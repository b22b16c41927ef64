"""智能制造项目 (the plan's 省级/市级智能制造项目, task 2) added to honour_kinds.yaml: a database made before
it gets it here; 0002 seeds it in a new one, and seeding again changes nothing."""

import importlib

from django.db import migrations

seed = importlib.import_module("liangxin.enterprises.migrations.0002_honour_kinds").seed


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_honour_kinds")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
