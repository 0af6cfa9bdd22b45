"""Compare the search index with the database; with --repair, make it match again.

Exit status 0 when the index matches the database (after the repair, with --repair), 1 when it does not.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report
from reports.search.integrity import IndexCheck, Repair, check_index, repair_index


class Command(BaseCommand):
    help = (
        "Find sections missing from the search index, stale or orphaned documents and an unreadable "
        "index; --repair re-indexes them from the database (exit status 1 while they remain)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="re-index what differs; rebuild an unreadable index"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        check = check_index()
        repair = after = None
        if options["repair"] and (not check.in_sync or check.backlog):
            try:
                repair = repair_index(check)
            except Exception as error:
                raise CommandError(f"repair failed: {type(error).__name__}: {error}") from error
            after = check_index()
        final = after or check
        unfiled = unfiled_reports()
        if options["json"]:
            self.stdout.write(json.dumps({**as_json(check, repair, after), "unfiled": unfiled}))
        else:
            self.stdout.write(describe_unfiled(unfiled))
            self.stdout.write(describe(check))
            if repair is not None:
                self.stdout.write(describe_repair(repair))
                self.stdout.write(describe(after))
        if not final.in_sync:
            sys.exit(1)


def as_json(check: IndexCheck, repair: Repair | None, after: IndexCheck | None) -> dict:
    final = after or check
    return {
        "in_sync": final.in_sync,
        "check": check.as_json(),
        "repair": vars(repair) if repair else None,
        "after": after.as_json() if after else None,
    }


def describe(check: IndexCheck) -> str:
    lines = [
        f"{check.sections:,} sections in the database, {check.documents:,} documents in the index "
        f"(checked in {check.seconds:.1f} s)"
    ]
    if check.unreadable:
        lines.append(f"the index cannot be read: {check.unreadable}")
    else:
        lines.append(
            f"missing {len(check.missing)}, stale {len(check.stale)}, orphans {len(check.orphans)}, "
            f"waiting for a retry {check.backlog}"
        )
    lines.append("in sync" if check.in_sync else "drift found: run checkindex --repair")
    return "\n".join(lines)


def describe_repair(repair: Repair) -> str:
    if repair.rebuilt:
        return f"rebuilt from the database in {repair.seconds:.1f} s: reports indexed: {repair.reports:,}"
    return (
        f"repaired in {repair.seconds:.1f} s: reports re-indexed: {repair.reports:,}, "
        f"orphans removed: {repair.orphans:,}"
    )


UNFILED_SHOWN = 20


def unfiled_reports() -> dict[str, list[int]]:
    """Reports browsing cannot file: no region (never under a county) or no year, stated or inferred."""
    reports = Report.objects.order_by("pk")
    return {
        "without_region": list(reports.filter(region__isnull=True).values_list("pk", flat=True)),
        "without_year": list(
            reports.filter(year__isnull=True, year_inferred__isnull=True).values_list("pk", flat=True)
        ),
    }


def describe_unfiled(unfiled: dict[str, list[int]]) -> str:
    lines = []
    for key, label in (("without_region", "without a region"), ("without_year", "without a year")):
        ids = unfiled[key]
        if ids:
            shown = ", ".join(str(pk) for pk in ids[:UNFILED_SHOWN])
            shown += " …" if len(ids) > UNFILED_SHOWN else ""
            lines.append(f"{len(ids)} reports {label} (set them in the admin's review queue): {shown}")
    return "\n".join(lines) or "every report has a region and a year"
