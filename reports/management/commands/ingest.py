"""Ingest raw report texts: files, folders (every *.txt below them) or - for standard input."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reports.ingest import InputTooLargeError, Outcome, Overrides, ingest_bytes, read_limited
from reports.regions import find_region
from reports.research import similar

PROGRESS_THRESHOLD = 3


class Command(BaseCommand):
    help = "Parse raw newspaper texts into reports and store them (one transaction per report)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders, or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="parse only, save nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object per input")
        parser.add_argument("--replace", action="store_true", help="re-parse a report already stored")
        parser.add_argument("--year", type=int, help="the year, when the text does not give it")
        parser.add_argument("--region", help="adcode or name of the region, when the text does not give it")

    def handle(self, *args, **options):
        overrides = self.overrides(options)
        inputs = expand_paths(options["paths"])
        show_progress = len(inputs) > PROGRESS_THRESHOLD and not options["json"]
        outcomes = []
        with similar.deferred():  # the similar-reports lists are refreshed once, after the last file
            for source in tqdm(inputs, disable=not show_progress, file=sys.stderr, unit="file"):
                outcome = self.ingest_one(source, options, overrides)
                outcomes.append(outcome)
                self.report(outcome, options["json"])
        # With --json, stdout carries only the JSON lines other tools read.
        (self.stderr if options["json"] else self.stdout).write(summary(outcomes))
        if any(not outcome.ok for outcome in outcomes):
            sys.exit(1)

    def overrides(self, options) -> Overrides:
        region = None
        if options["region"]:
            region = find_region(options["region"])
            if region is None:
                message = f"--region {options['region']!r}: no such region (is the gazetteer loaded?)"
                raise CommandError(message)
        if options["year"] is not None and not 1949 <= options["year"] <= 2100:
            raise CommandError(f"--year {options['year']}: not a plausible year")
        return Overrides(year=options["year"], region=region)

    def ingest_one(self, source, options, overrides: Overrides) -> Outcome:
        name = "-" if source == "-" else str(source)
        try:
            data = read_stdin() if source == "-" else read_limited(source)
        except (InputTooLargeError, OSError) as error:
            return Outcome(name, "failed", error=str(error))
        return ingest_bytes(
            data, name=name, replace=options["replace"], dry_run=options["dry_run"], overrides=overrides
        )

    def report(self, outcome: Outcome, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            return
        if outcome.status == "failed":
            self.stderr.write(f"{outcome.file}: failed: {outcome.error}")
        elif outcome.status == "duplicate":
            self.stdout.write(f"{outcome.file}: duplicate of report {outcome.report.pk}, skipped")
        else:
            target = f"report {outcome.report.pk}" if outcome.report else "not saved (dry run)"
            self.stdout.write(f"{outcome.file}: {outcome.status}, {target}")
            for warning in outcome.warnings:
                self.stdout.write(f"  warning [{warning.code}]: {warning.message}")


def expand_paths(paths: list[str]) -> list:
    inputs: list = []
    for raw in paths:
        if raw == "-":
            inputs.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            inputs.extend(sorted(candidate for candidate in path.rglob("*.txt") if candidate.is_file()))
        elif path.is_file():
            inputs.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return inputs


def read_stdin() -> bytes:
    data = sys.stdin.buffer.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise InputTooLargeError(f"standard input is over the limit of {settings.UPLOAD_MAX_BYTES:,} bytes")
    return data


SUMMARY_LABELS = {
    "ingested": "ingested",
    "replaced": "replaced",
    "parsed": "parsed (dry run)",
    "duplicate": "duplicate",
    "failed": "failed",
}
ALWAYS_COUNTED = ("ingested", "duplicate", "failed")


def summary(outcomes: list[Outcome]) -> str:
    """ "5 ingested, 1 duplicate, 2 failed"; replaced and dry-run counts only when there are any, and
    how many of the parsed reports have no region or no year (they would be filed under neither)."""
    parts = []
    for status, label in SUMMARY_LABELS.items():
        count = sum(outcome.status == status for outcome in outcomes)
        if count or status in ALWAYS_COUNTED:
            parts.append(f"{count} {label}")
    records = [outcome.record for outcome in outcomes if outcome.record is not None]
    no_region = sum(1 for record in records if not record["adcode"])
    no_year = sum(1 for record in records if not (record["year"] or record["year_inferred"]))
    if no_region:
        parts.append(f"{no_region} without a region")
    if no_year:
        parts.append(f"{no_year} without a year")
    return ", ".join(parts)
