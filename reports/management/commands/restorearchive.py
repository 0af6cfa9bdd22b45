"""Restore a backup written by backuparchive into an empty database, then rebuild the search index."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.backup import BackupError
from reports.restore import restore_archive


class Command(BaseCommand):
    help = (
        "Restore a backuparchive file: every checksum is verified first, the rows are loaded in one "
        "transaction, the originals are stored again and the search index is rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a file written by backuparchive")
        parser.add_argument(
            "--force", action="store_true", help="flush a database that already holds data before restoring"
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="skip rebuilding the search index (run rebuild_index later)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = restore_archive(
                options["path"], force=options["force"], rebuild_index=not options["no_index"]
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"restore failed: {error}") from error
        for sha256 in summary.missing_originals:
            self.stderr.write(f"warning: no original file for the report with SHA-256 {sha256}")
        index = "search index rebuilt" if summary.index_rebuilt else "search index NOT rebuilt (--no-index)"
        self.stdout.write(
            f"{summary.counts.get('reports.report', 0)} reports, {sum(summary.counts.values())} rows, "
            f"{summary.originals} originals restored; {index} ({time.monotonic() - started:.1f} s)"
        )
