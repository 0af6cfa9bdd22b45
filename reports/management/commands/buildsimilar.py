"""Recompute the archive's word statistics, every report's TF-IDF vector and its list of similar reports."""

import time

from django.core.management.base import BaseCommand

from reports.research.similar import build_all


class Command(BaseCommand):
    help = (
        "Count every report's words again, recompute the IDF over the archive, each report's vector and "
        "its most similar reports. Run it after a bulk import and from time to time as the archive grows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-counts",
            action="store_true",
            help="reuse stored word counts (count only reports without them): faster, same dictionary",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        figures = build_all(recount=not options["keep_counts"])
        self.stdout.write(
            f"{figures['reports']} reports ({figures['counted']} counted), {figures['words']} words in two "
            f"or more reports, {figures['entries']} similar-report entries, "
            f"{time.perf_counter() - started:.1f} s (counting {figures['counting_s']:.1f} s, "
            f"vectors and lists {figures['lists_s']:.1f} s)"
        )
