

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('subsidies', '0008_check_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EquipmentLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='设备名称')),
                ('spec', models.CharField(blank=True, max_length=200, verbose_name='规格型号')),
                ('quantity', models.PositiveIntegerField(verbose_name='数量')),
                ('invoice_number', models.CharField(max_length=20, verbose_name='发票号码')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='发票金额（元，不含税）')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.AddField(
            model_name='application',
            name='bank_account_enc',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='application',
            name='bank_account_index',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='application',
            name='bank_account_masked',
            field=models.CharField(blank=True, max_length=40, verbose_name='收款账号'),
        ),
        migrations.AddField(
            model_name='application',
            name='bank_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='开户银行'),
        ),
        migrations.AddField(
            model_name='application',
            name='machine_subsidy',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='原购置补贴额'),
        ),
        migrations.AddField(
            model_name='application',
            name='machine_type',
            field=models.CharField(blank=True, max_length=40, verbose_name='机具类型'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('bank_account_index', ''), _negated=True), fields=['bank_account_index'], name='application_bank_account_index'),
        ),
        migrations.AddField(
            model_name='equipmentline',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='subsidies.application'),
        ),
        migrations.AddIndex(
            model_name='equipmentline',
            index=models.Index(fields=['invoice_number'], name='equipment_line_invoice'),
        ),
        migrations.AddConstraint(
            model_name='equipmentline',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='equipment_line_amount_positive'),
        ),
    ]
