import django.db.models.deletion
from django.conf import settings
from zoneinfo import ZoneInfo

from django.db import migrations, models

DISTRICT = ZoneInfo("Asia/Shanghai")


def number_existing(apps, schema_editor):
    """Applications saved before numbers existed are numbered per programme and year of submission (the
    district's calendar), in submission order; each year's counter starts after the last."""
    Application = apps.get_model("subsidies", "Application")
    Counter = apps.get_model("subsidies", "ApplicationCounter")
    last = {}
    changed = []
    found = Application.objects.order_by("programme_id", "created_at", "id").only(
        "id", "programme_id", "created_at", "number"
    )
    for app in found.iterator(chunk_size=5000):
        key = (app.programme_id, app.created_at.astimezone(DISTRICT).year)
        last[key] = last.get(key, 0) + 1
        app.number = f"SQ-{key[1]}-{last[key]:06d}"
        changed.append(app)
        if len(changed) >= 5000:
            Application.objects.bulk_update(changed, ["number"])
            changed = []
    Application.objects.bulk_update(changed, ["number"])
    Counter.objects.bulk_create(
        [Counter(programme_id=programme, year=year, last=n) for (programme, year), n in last.items()]
    )


def settle_by_kind(apps, schema_editor):
    """家电以旧换新 is given off the price at the till and the retailer is repaid; the others pay the
    applicant (payouts/settlement.py)."""
    Programme = apps.get_model("subsidies", "Programme")
    Programme.objects.filter(kind="appliance").update(settlement="retailer")


class Migration(migrations.Migration):

    dependencies = [
        ('subsidies', '0016_import_rows_read'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApplicationCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveIntegerField()),
                ('last', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name='application',
            name='number',
            field=models.CharField(blank=True, max_length=20, verbose_name='申请编号'),
        ),
        migrations.AddField(
            model_name='programme',
            name='retailers',
            field=models.JSONField(blank=True, default=list, verbose_name='销售商户收款账户'),
        ),
        migrations.AddField(
            model_name='programme',
            name='settlement',
            field=models.CharField(choices=[('applicant', '拨付申请人（申请人本人账户）'), ('retailer', '与销售商户结算（按商户汇总，拨付商户账户）')], default='applicant', max_length=10, verbose_name='结算对象'),
        ),
        migrations.AddField(
            model_name='applicationcounter',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counters', to='subsidies.programme'),
        ),
        migrations.AddConstraint(
            model_name='applicationcounter',
            constraint=models.UniqueConstraint(fields=('programme', 'year'), name='one_counter_per_programme_year'),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.RunPython(settle_by_kind, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('number', 'programme'), name='unique_application_number'),
        ),
    ]
