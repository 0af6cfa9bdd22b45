"""Measure the parser against labelled pages: per-field accuracy, every miss, and a closing summary."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.evaluation import EvaluationError, evaluate, text_lines


class Command(BaseCommand):
    help = (
        "Parse every file labelled in EXPECTED.jsonl (from RAW_DIR, default raw/ beside it) as ingest "
        "does and compare nine fields; the last four lines are the summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("expected", help="labels, one JSON record per line (file, is_report, fields)")
        parser.add_argument("raw_dir", nargs="?", help="folder of the labelled files (default: raw/ beside)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        expected = Path(options["expected"])
        raw_dir = Path(options["raw_dir"]) if options["raw_dir"] else expected.parent / "raw"
        if not expected.is_file():
            raise CommandError(f"{expected}: no such file")
        if not raw_dir.is_dir():
            raise CommandError(f"{raw_dir}: no such folder")
        try:
            evaluation = evaluate(expected, raw_dir)
        except EvaluationError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(text_lines(evaluation)))
