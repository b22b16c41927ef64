from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    Application = apps.get_model("subsidies", "Application")
    zone = timezone.get_default_timezone()
    for app in Application.objects.exclude(retailer="").exclude(transaction_at=None).iterator():
        key = f"{app.transaction_at.astimezone(zone):%Y-%m-%d %H} {app.retailer}"
        Application.objects.filter(pk=app.pk).update(retailer_hour=key)


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0006_transaction_hour"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="retailer_hour",
            field=models.CharField(blank=True, db_index=True, max_length=220),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveField(model_name="application", name="transaction_hour"),
    ]
