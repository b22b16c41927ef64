

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('subsidies', '0007_retailer_hour'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='credit_code',
            field=models.CharField(blank=True, max_length=18, verbose_name='统一社会信用代码'),
        ),
        migrations.AlterField(
            model_name='application',
            name='id_number_index',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='application',
            name='invoice_number',
            field=models.CharField(blank=True, max_length=20, verbose_name='发票号码'),
        ),
        migrations.AlterField(
            model_name='application',
            name='phone_index',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='application',
            name='programme',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='subsidies.programme'),
        ),
        migrations.AlterField(
            model_name='application',
            name='retailer',
            field=models.CharField(blank=True, max_length=200, verbose_name='销售商户'),
        ),
        migrations.AlterField(
            model_name='application',
            name='retailer_hour',
            field=models.CharField(blank=True, max_length=220),
        ),
        migrations.AlterField(
            model_name='application',
            name='scrap_certificate',
            field=models.CharField(blank=True, max_length=60, verbose_name='报废机动车回收证明编号'),
        ),
        migrations.AlterField(
            model_name='application',
            name='serial_number',
            field=models.CharField(blank=True, max_length=100, verbose_name='序列号'),
        ),
        migrations.AlterField(
            model_name='application',
            name='status',
            field=models.CharField(choices=[('flagged', '待核查'), ('pending', '待初审'), ('first_approved', '初审通过'), ('approved', '复审通过'), ('returned', '已退回'), ('rejected', '不予补贴'), ('paid', '已拨付')], max_length=16, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='application',
            name='vin',
            field=models.CharField(blank=True, max_length=17, verbose_name='车辆识别代号'),
        ),
        migrations.AlterField(
            model_name='application',
            name='voucher_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='旧机回收凭证号'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['programme', 'status'], name='application_programme_status'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['id_number_index'], name='application_id_number'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['phone_index'], name='application_phone'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['invoice_number'], name='application_invoice'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['serial_number'], name='application_serial'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['voucher_number'], name='application_voucher'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['retailer_hour'], name='application_retailer_hour'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['brand_model'], name='application_brand_model'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('vin', ''), _negated=True), fields=['vin'], name='application_vin'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('scrap_certificate', ''), _negated=True), fields=['scrap_certificate'], name='application_scrap_certificate'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('credit_code', ''), _negated=True), fields=['credit_code'], name='application_credit_code'),
        ),
    ]
