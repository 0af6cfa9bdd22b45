"""Ingest raw report texts: files, folders (every *.txt below them) or - for standard input."""

import json
import os
import stat
import sys
from dataclasses import dataclass
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
        parser.add_argument(
            "--hold",
            action="store_true",
            help="store the reports held back from the public (staff publish them in the admin); "
            "with --replace, a stored report is held too",
        )
        parser.add_argument("--year", type=int, help="the year, when the text does not give it")
        parser.add_argument("--region", help="adcode or name of the region, when the text does not give it")
        parser.add_argument(
            "--follow-links", action="store_true", help="read files that symbolic links in a folder point to"
        )

    def handle(self, *args, **options):
        overrides = self.overrides(options)
        inputs = expand_paths(options["paths"], follow_links=options["follow_links"])
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
        if isinstance(source, Refused):
            return Outcome(str(source.path), "failed", error=f"{source.reason}; nothing read")
        name = "-" if source == "-" else str(source)
        try:
            data = read_stdin() if source == "-" else read_limited(source)
        except (InputTooLargeError, OSError) as error:
            return Outcome(name, "failed", error=str(error))
        return ingest_bytes(
            data,
            name=name,
            replace=options["replace"],
            dry_run=options["dry_run"],
            overrides=overrides,
            hold=options["hold"],
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
            held = ", held back" if outcome.report and outcome.report.is_held else ""
            self.stdout.write(f"{outcome.file}: {outcome.status}, {target}{held}")
            for warning in outcome.warnings:
                self.stdout.write(f"  warning [{warning.code}]: {warning.message}")


@dataclass(frozen=True)
class Refused:
    """A file found in a folder and not read: a link, or not a regular file."""

    path: Path
    reason: str


def expand_paths(paths: list[str], *, follow_links: bool = False) -> list:
    """The inputs the arguments name: "-", files, and every *.txt below a folder, in order.

    Below a folder, a symbolic link is never followed out of it (nor at all, unless `follow_links`)
    and a file that is not a regular file (a device, a pipe) is never read: each is a `Refused`.
    """
    inputs: list = []
    for raw in paths:
        if raw == "-":
            inputs.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            inputs.extend(_folder_inputs(path, follow_links))
        elif path.is_file():
            inputs.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return inputs


def _folder_inputs(folder: Path, follow_links: bool) -> list:
    found: list = []
    for directory, subfolders, files in os.walk(folder, followlinks=False):
        base = Path(directory)
        for name in sorted(subfolders):
            if (base / name).is_symlink():
                found.append(Refused(base / name, "a symbolic link to a folder: not followed"))
        for name in sorted(files):
            if name.endswith(".txt"):
                found.append(_file_input(base / name, follow_links))
    return sorted(found, key=lambda item: str(item.path if isinstance(item, Refused) else item))


def _file_input(path: Path, follow_links: bool) -> "Path | Refused":
    if path.is_symlink():
        if not follow_links:
            return Refused(path, "a symbolic link: not followed (--follow-links reads what it points to)")
        if not path.resolve().is_file():
            return Refused(path, "a symbolic link to something that is not a regular file")
        return path
    if not stat.S_ISREG(path.lstat().st_mode):
        return Refused(path, "not a regular file")
    return path


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
