"""Write the whole archive (database and originals) to one .tar.gz file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.backup import BackupError, backup_archive


class Command(BaseCommand):
    help = "Back up the database and the original files into one .tar.gz (restore with restorearchive)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="the backup file to write, e.g. archive-2025-03-01.tar.gz"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = backup_archive(options["path"])
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        for sha256 in summary.missing_originals:
            self.stderr.write(
                f"warning: a report's original is missing or damaged in the data folder: {sha256}"
            )
        rows = sum(summary.counts.values())
        self.stdout.write(
            f"{summary.counts.get('reports.report', 0)} reports, {rows} rows, {summary.originals} originals "
            f"written to {summary.path} ({summary.size:,} bytes, {time.monotonic() - started:.1f} s)"
        )
