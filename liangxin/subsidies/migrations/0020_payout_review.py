
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('subsidies', '0019_import_worker'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='payoutitem',
            name='one_live_payout_per_application',
        ),
        # batches built before review existed were filed to the bank as built: they count as approved
        migrations.AddField(
            model_name='payoutbatch',
            name='review',
            field=models.CharField(choices=[('waiting', '待复核'), ('approved', '复核通过'), ('returned', '复核退回')], default='approved', max_length=8, verbose_name='复核'),
        ),
        migrations.AlterField(
            model_name='payoutbatch',
            name='review',
            field=models.CharField(choices=[('waiting', '待复核'), ('approved', '复核通过'), ('returned', '复核退回')], default='waiting', max_length=8, verbose_name='复核'),
        ),
        migrations.AddField(
            model_name='payoutbatch',
            name='review_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='复核意见'),
        ),
        migrations.AddField(
            model_name='payoutbatch',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='payoutbatch',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='payoutitem',
            name='status',
            field=models.CharField(choices=[('pending', '待拨付'), ('paid', '已拨付'), ('failed', '拨付失败'), ('voided', '已撤销（批次退回）')], default='pending', max_length=8),
        ),
        migrations.AddConstraint(
            model_name='payoutitem',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['failed', 'voided']), _negated=True), fields=('application',), name='one_live_payout_per_application'),
        ),
    ]
