

from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Sum


def backfill(apps, schema_editor):
    """Usual prices from the applications already taken in, less rejected ones and flagged outliers."""
    Application = apps.get_model("subsidies", "Application")
    ModelPrice = apps.get_model("subsidies", "ModelPrice")
    sums = (
        Application.objects.exclude(status="rejected")
        .exclude(brand_model="")
        .exclude(price=None)
        .exclude(flags__code="PRICE_OUTLIER")
        .order_by()
        .values("brand_model")
        .annotate(n=Count("pk"), s=Sum("price"))
    )
    ModelPrice.objects.bulk_create(
        [ModelPrice(brand_model=row["brand_model"], count=row["n"], total=row["s"]) for row in sums]
    )


class Migration(migrations.Migration):

    dependencies = [
        ('subsidies', '0009_enterprise_bank_farm'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ModelPrice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('brand_model', models.CharField(max_length=200, unique=True)),
                ('count', models.PositiveIntegerField(default=0)),
                ('total', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=18)),
            ],
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='application_id_number',
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='application_brand_model',
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='application_credit_code',
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['id_number_index', 'programme'], name='application_person_programme'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('credit_code', ''), _negated=True), fields=['credit_code', 'programme'], name='application_enterprise'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
