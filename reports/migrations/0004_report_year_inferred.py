"""`Report.year_inferred`, filled from the years the old parser inferred and stored as `year`.

A year worked out from a "2024年工作任务" or "2023年工作回顾" heading (year_source tasks_heading or
review_heading) is not one the text states: it moves to `year_inferred`, and keeps its year_source so
the report page can say what it was inferred from. Browsing and search file it under the same year.
"""

from django.db import migrations, models

INFERRED_SOURCES = ("tasks_heading", "review_heading")


def move_inferred_years(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    inferred = Report.objects.filter(year__isnull=False, year_source__in=INFERRED_SOURCES)
    inferred.update(year_inferred=models.F("year"), year=None)


def restore_inferred_years(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    inferred = Report.objects.filter(year__isnull=True, year_inferred__isnull=False)
    inferred.update(year=models.F("year_inferred"), year_inferred=None)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_index_backlog"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="year_inferred",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="推定年份"),
        ),
        migrations.RunPython(move_inferred_years, restore_inferred_years),
    ]
