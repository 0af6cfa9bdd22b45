"""Load the region gazetteer on `migrate`, so a new database has every province, prefecture and
county before the first ingest (`loadregions` stays for refreshing by hand).

When reports/data/regions.csv changes, add a migration like this one with the new table's digest:
tests/test_gazetteer.py checks that the newest region migration names the shipped table.
"""

from django.db import migrations

# sha256 of reports/data/regions.csv as this migration loads it.
REGIONS_TABLE_SHA256 = "a4304a3506968e1b052f27afb89c146e15d8160c723c4e1ad0eaed2b01684a41"


def load(apps, schema_editor):
    from reports.gazetteer import Gazetteer
    from reports.regions import load_regions

    load_regions(Gazetteer.default(), region_model=apps.get_model("reports", "Region"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_warning_codes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
