"""Build the benchmark's synthetic corpus into a data directory that is kept, for serving and load tests."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.benchmark import isolation, kept


class Command(BaseCommand):
    help = (
        "Build N synthetic reports (the benchmark's corpus) into DIR: a SQLite file, the search index "
        "and collected static files. DIR must be empty or hold a previous corpus, which is replaced; "
        "--resume carries on a build that was stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=100, help="number of synthetic reports")
        parser.add_argument("--data-dir", required=True, type=Path, help="folder to build the corpus in")
        parser.add_argument("--seed", type=int, default=2025, help="random seed of the corpus")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="carry on an unfinished build in DIR (same --reports and --seed) instead of starting anew",
        )

    def handle(self, *args, **options):
        if options["reports"] < 1:
            raise CommandError("--reports must be at least 1")
        if isolation.in_child():
            return self.build(options)
        try:
            if options["resume"]:
                folder = options["data_dir"].resolve()
                kept.require_resumable(folder, options["reports"], options["seed"])
            else:
                folder = kept.prepare(options["data_dir"], settings.ARCHIVE_DATA_DIR)
        except kept.CorpusFolderError as error:
            raise CommandError(str(error)) from None
        arguments = ["--reports", str(options["reports"]), "--seed", str(options["seed"])]
        child = isolation.run_in_child(
            [*arguments, "--data-dir", str(folder)], command="buildcorpus", folder=folder
        )
        if child.returncode != 0:
            raise CommandError(
                f"building the corpus failed (exit {child.returncode}); see the messages above"
            )
        self.stdout.write(child.stdout.rstrip("\n"))

    def build(self, options):
        isolation.check_child_settings()
        folder = Path(settings.ARCHIVE_DATA_DIR)
        info = kept.build(folder, options["reports"], options["seed"])
        self.stdout.write(f"corpus in {folder}: " + json.dumps(info, ensure_ascii=False))
