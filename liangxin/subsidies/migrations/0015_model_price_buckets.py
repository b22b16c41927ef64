from collections import Counter
from decimal import ROUND_HALF_UP, Context

from django.db import migrations, models

THREE_FIGURES = Context(prec=3, rounding=ROUND_HALF_UP)


def forget(apps, schema_editor):
    apps.get_model("subsidies", "ModelPrice").objects.all().delete()


def backfill(apps, schema_editor):
    """Each model's sales counted by price (to three significant figures) from the applications already
    taken in, less rejected ones and flagged outliers (as checks.price_bucket counts them)."""
    Application = apps.get_model("subsidies", "Application")
    ModelPrice = apps.get_model("subsidies", "ModelPrice")
    prices = (
        Application.objects.exclude(status="rejected")
        .exclude(brand_model="")
        .exclude(price=None)
        .exclude(flags__code="PRICE_OUTLIER")
        .values_list("brand_model", "price")
    )
    counts = Counter(
        (model, int(THREE_FIGURES.plus(price).scaleb(2)))
        for model, price in prices.iterator(chunk_size=10000)
    )
    ModelPrice.objects.bulk_create(
        [ModelPrice(brand_model=model, bucket=bucket, count=n) for (model, bucket), n in counts.items()],
        batch_size=5000,
    )


def bytewise(apps, schema_editor):
    """The model column keeps comparing byte by byte on PostgreSQL (migration 0014), whatever the
    AlterField above did to it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "subsidies_modelprice" ALTER COLUMN "brand_model" TYPE varchar(200) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0014_lookup_columns_compare_bytewise"),
    ]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
        migrations.RemoveField(model_name="modelprice", name="total"),
        migrations.AddField(
            model_name="modelprice", name="bucket", field=models.BigIntegerField(), preserve_default=False
        ),
        migrations.AlterField(
            model_name="modelprice", name="brand_model", field=models.CharField(max_length=200)
        ),
        migrations.AddConstraint(
            model_name="modelprice",
            constraint=models.UniqueConstraint(fields=("brand_model", "bucket"), name="model_price_bucket"),
        ),
        migrations.AddField(
            model_name="programme",
            name="reference_prices",
            field=models.JSONField(blank=True, default=dict, verbose_name="型号指导价"),
        ),
        migrations.RunPython(bytewise, migrations.RunPython.noop),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
