

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='credit_code',
            field=models.CharField(blank=True, max_length=18, verbose_name='统一社会信用代码'),
        ),
    ]
