"""From raw bytes to a stored report: parse, check for duplicates, import atomically.

One code path for the `ingest` command and the admin upload. A failure at any
step leaves nothing behind: the database write is one transaction, and the
original file is content-addressed, so a stray copy is harmless.

A new report is published unless imported with `hold=True` (`ingest --hold`, the upload's 暂缓发布);
re-importing a stored report keeps it held or public as it was, and `hold=True` holds it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports.gazetteer import Gazetteer
from reports.models import Region, Report, Section
from reports.originals import sha256_of, store_original
from reports.parsing import NotAReportError, ParsedReport, ParseError, parse_bytes
from reports.parsing.warnings import ParseWarning
from reports.publication import hold as hold_reports
from reports.search.sync import index_report_on_commit


class InputTooLargeError(ParseError):
    pass


@dataclass
class Overrides:
    """What the person ingesting supplies because the text lacks it."""

    year: int | None = None
    region: Region | None = None


@dataclass
class Outcome:
    """What happened to one input; `as_json()` is the command's JSON contract."""

    file: str
    status: str  # ingested | replaced | duplicate | failed | parsed (dry run)
    report: Report | None = None
    record: dict[str, Any] | None = None
    error: str | None = None
    is_report: bool | None = None
    parsed: ParsedReport | None = None  # a dry run's parse, for a preview to show and then import
    refusal_code: str | None = None  # why a text is not a report ("not_report.news" …)

    @property
    def warnings(self) -> list[ParseWarning]:
        return [ParseWarning.from_dict(item) for item in self.record["warnings"]] if self.record else []

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def as_json(self) -> dict[str, Any]:
        record = self.record or _EMPTY_RECORD
        return {
            "file": self.file,
            "ok": self.ok,
            "error": self.error,
            "refusal": {"code": self.refusal_code, "message": self.error} if self.refusal_code else None,
            "is_report": self.is_report,
            **{key: value for key, value in record.items() if key != "is_report"},
            "status": self.status,
            "report_id": self.report.pk if self.report else None,
            "held": self.report.is_held if self.report else None,
            "duplicate_of": self.duplicate_of(),
        }

    def duplicate_of(self) -> dict[str, Any] | None:
        """The stored report holding the very same original: its id and content-addressed permalink."""
        if self.status != "duplicate" or self.report is None:
            return None
        permalink = reverse("reports:permalink", args=[self.report.sha256[:12]])
        return {"id": self.report.pk, "permalink": permalink}


_EMPTY_RECORD: dict[str, Any] = {
    "title": None, "body": None, "level": None, "province": None, "prefecture": None,
    "county": None, "adcode": None, "term": None, "session": None, "date": None, "year": None,
    "year_source": None, "year_inferred": None, "reviewed_year": None, "speaker": None, "is_abstract": None,
    "is_complete": None, "source": {"newspaper": None, "page": None, "published_on": None},
    "sections": [], "warnings": [],
}


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, refused before reading when it is over the upload limit."""
    limit = limit or settings.UPLOAD_MAX_BYTES
    size = path.stat().st_size
    if size > limit:
        raise InputTooLargeError(f"file is {size:,} bytes, over the limit of {limit:,} bytes")
    return path.read_bytes()


def ingest_bytes(
    data: bytes,
    *,
    name: str,
    replace: bool = False,
    dry_run: bool = False,
    overrides: Overrides | None = None,
    uploaded_by=None,
    hold: bool = False,
) -> Outcome:
    """Parse one input and, unless it is a dry run or a duplicate, store it (held back with `hold`)."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES
        return Outcome(name, "failed", error=f"file is over the limit of {limit:,} bytes")
    existing = Report.objects.filter(sha256=sha256_of(data)).first()
    if existing and not replace and not dry_run:
        return Outcome(name, "duplicate", report=existing, error=None, is_report=True)
    try:
        parsed = parse_bytes(data)
    except NotAReportError as error:
        return Outcome(name, "failed", error=str(error), is_report=False, refusal_code=error.code)
    except ParseError as error:
        return Outcome(name, "failed", error=str(error))
    record = apply_overrides(parsed.to_dict(), overrides or Overrides())
    if existing and not replace:  # a dry run of a stored file: its parse, and which report holds it
        return Outcome(name, "duplicate", report=existing, record=record, is_report=True, parsed=parsed)
    if dry_run:
        return Outcome(name, "parsed", record=record, is_report=True, parsed=parsed)
    try:
        report = import_report(
            parsed, record, original=data, name=name, existing=existing, uploaded_by=uploaded_by, hold=hold
        )
    except IntegrityError:  # another ingest stored the same original since the check above
        stored = Report.objects.filter(sha256=sha256_of(data)).first()
        if stored is None:
            raise
        return Outcome(name, "duplicate", report=stored, record=record, is_report=True)
    status = "replaced" if existing else "ingested"
    return Outcome(name, status, report=report, record=record, is_report=True)


def apply_overrides(record: dict[str, Any], overrides: Overrides) -> dict[str, Any]:
    """Put what the user supplied over what the text gave, and say so in the warnings."""
    record = {**record, "warnings": list(record["warnings"])}
    if overrides.year is not None:
        record.update(year=overrides.year, year_source="supplied")
        record["warnings"].append(
            ParseWarning("year.supplied", f"year {overrides.year} supplied by the person ingesting").as_dict()
        )
    if overrides.region is not None:
        record.update(region_fields(overrides.region.adcode))
        message = f"region {overrides.region.full_name} supplied by the person ingesting"
        record["warnings"].append(ParseWarning("region.supplied", message).as_dict())
    return record


def region_fields(adcode: str) -> dict[str, Any]:
    gazetteer = Gazetteer.default()
    division = gazetteer.get(adcode)
    province, prefecture, county = gazetteer.lineage(division)
    return {
        "adcode": adcode,
        "level": division.level,
        "province": province.name if province else None,
        "prefecture": prefecture.name if prefecture else None,
        "county": county.name if county else None,
    }


def import_report(
    parsed: ParsedReport,
    record: dict[str, Any],
    *,
    original: bytes,
    name: str,
    existing: Report | None = None,
    uploaded_by=None,
    hold: bool = False,
) -> Report:
    """Store a parsed report and its sections in one transaction; a new one public unless `hold`.

    With `existing`, the stored report is updated in place: it keeps its id, so
    permalinks and citations survive a re-parse, and it stays held or public unless `hold` holds it.
    """
    sha256 = store_original(original)
    with transaction.atomic():
        report = existing or Report(uploaded_by=uploaded_by, is_held=hold)
        for field_name, value in report_fields(record).items():
            setattr(report, field_name, value)
        report.sha256 = sha256
        report.original_name = Path(name).name[:255]
        report.original_size = len(original)
        report.text = parsed.text
        report.save()
        report.sections.all().delete()
        Section.objects.bulk_create(
            Section(report=report, position=number, level=section.level, heading=section.heading[:500],
                    text=section.text)
            for number, section in enumerate(parsed.sections, start=1)
        )
        index_report_on_commit(report)  # the search index follows once the transaction commits
        if hold and existing is not None:  # a stored report, perhaps in the corpus export: see publication
            hold_reports(Report.objects.filter(pk=report.pk))
            report.is_held = True
    return report


def report_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Model field values from the JSON record (dates are ISO strings there)."""
    source = record["source"]
    region = Region.objects.filter(pk=record["adcode"]).first() if record["adcode"] else None
    warnings = list(record["warnings"])
    if record["adcode"] and region is None:
        message = f"region {record['adcode']} is not in the region table (run loadregions)"
        warnings.append(ParseWarning("region.not_loaded", message).as_dict())
    return {
        "region": region,
        "body": record["body"] or "",
        "title": (record["title"] or "")[:255],
        "term": record["term"],
        "session": record["session"],
        "delivered_on": record["date"],
        "year": record["year"],
        "year_source": record["year_source"] or "",
        "year_inferred": record["year_inferred"],
        "reviewed_year": record["reviewed_year"],
        "speaker": (record["speaker"] or "")[:64],
        "is_abstract": bool(record["is_abstract"]),
        "is_complete": bool(record["is_complete"]),
        "source_newspaper": (source["newspaper"] or "")[:128],
        "source_page": (source["page"] or "")[:64],
        "published_on": source["published_on"],
        "warnings": warnings,
    }

