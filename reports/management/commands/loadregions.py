"""Load or refresh the region gazetteer (provinces, prefectures, counties) into the database."""

from django.core.management.base import BaseCommand

from reports.regions import load_regions


class Command(BaseCommand):
    help = "Load every province, prefecture and county of China (GB/T 2260) into the region table."

    def handle(self, *args, **options):
        counts = load_regions()
        self.stdout.write(
            f"{counts['total']} regions: {counts['created']} created, {counts['updated']} updated"
        )
