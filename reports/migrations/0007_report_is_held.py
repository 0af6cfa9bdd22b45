"""A report can be held back from the public (`Report.objects.public()`); every stored report stays public."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_load_regions"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="is_held",
            field=models.BooleanField(default=False, verbose_name="暂缓发布"),
        ),
    ]
