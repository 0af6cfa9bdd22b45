"""What the parser makes of a staged text, and saving it with the editor's corrections.

Both steps go through reports.ingest: a dry run of `ingest_bytes` (size, duplicate and parse checks,
the same as the `ingest` command), then `import_report` with the corrected record.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError

from reports.ingest import Outcome, Overrides, apply_overrides, import_report, ingest_bytes
from reports.models import Region, Report
from reports.originals import sha256_of
from reports.parsing.warnings import ParseWarning

TEXT_PREVIEW_CHARS = 1500

# Parser and ingest errors, in the editor's words; the original message is shown beside them.
ERROR_LABELS = [
    ("not a work report", "不是工作报告"),
    ("not a text file", "不是文本文件"),
    ("binary", "不是文本文件"),
    ("not UTF-8", "无法识别文字编码"),
    ("does not decode", "无法识别文字编码"),
    ("empty", "没有文字内容"),
    ("nothing is left", "去掉版面杂项后没有正文"),
    ("over the limit", "文件超过大小上限"),
]


@dataclass
class Preview:
    """One staged text as the editor sees it before saving."""

    name: str
    status: str  # failed | duplicate | parsed
    error: str | None = None
    stored: Report | None = None  # the report holding the very same original
    similar: list[Report] = field(default_factory=list)  # same region, body and year
    record: dict[str, Any] | None = None
    text: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)  # each with its Chinese `label`

    @property
    def can_save(self) -> bool:
        return self.status == "parsed"


def explain_error(message: str) -> str:
    label = next((label for phrase, label in ERROR_LABELS if phrase in message), "无法解析")
    return f"{label}（{message}）"


def preview(data: bytes, name: str) -> Preview:
    return preview_of(parse_for_preview(data, name), name)


def parse_for_preview(data: bytes, name: str) -> dict[str, Any]:
    """What the preview shows of a text, as JSON kept beside the staged bytes: the parse runs once per
    upload, not on every visit of the preview page."""
    outcome = ingest_bytes(data, name=name, dry_run=True)
    if outcome.status == "duplicate":
        return {"status": "duplicate", "sha256": sha256_of(data)}
    if outcome.status == "failed":
        return {"status": "failed", "error": outcome.error or ""}
    return {"status": "parsed", "record": outcome.record, "text": outcome.parsed.text[:TEXT_PREVIEW_CHARS]}


def store_parses(batch) -> None:
    """Parse each readable item of a freshly staged batch once and keep the result beside it."""
    for item in batch.items:
        if item.ok:
            batch.store_parse(item, parse_for_preview(batch.data(item), item.name))


def staged_preview(batch, item) -> Preview:
    """The preview of a staged item from its stored parse (made and stored now if it has none)."""
    parse = batch.stored_parse(item)
    if parse is None:
        parse = parse_for_preview(batch.data(item), item.name)
        batch.store_parse(item, parse)
    return preview_of(parse, item.name)


def preview_of(parse: dict[str, Any], name: str) -> Preview:
    if parse["status"] == "duplicate":
        return Preview(name, "duplicate", stored=Report.objects.filter(sha256=parse["sha256"]).first())
    if parse["status"] == "failed":
        return Preview(name, "failed", error=explain_error(parse["error"]))
    record = parse["record"]
    return Preview(
        name,
        "parsed",
        record=record,
        similar=similar_reports(record["adcode"], record["body"], record["year"] or record["year_inferred"]),
        text=parse["text"],
        warnings=[ParseWarning.from_dict(item) for item in record["warnings"]],
    )


def similar_reports(adcode: str | None, body: str | None, year: int | None) -> list[Report]:
    """Stored reports of the same region, body and year (as filed: stated, else inferred): likely the
    same report in another print."""
    if not (adcode and body and year):
        return []
    return list(Report.objects.filed_in(year).filter(region_id=adcode, body=body).order_by("pk"))


def corrected_record(record: dict[str, Any], corrections: dict[str, Any]) -> dict[str, Any]:
    """The parser's record with the editor's corrections; year and region go through apply_overrides."""
    region: Region | None = corrections["region"]
    year = corrections["year"]
    overrides = Overrides(
        year=year if year is not None and year != record["year"] else None,
        region=region if region is not None and region.pk != record["adcode"] else None,
    )
    record = apply_overrides(record, overrides)
    if year is None:
        record.update(year=None, year_source=None)
    if region is None:
        record.update(adcode=None, level=None, province=None, prefecture=None, county=None)
    delivered_on = corrections["delivered_on"]
    record.update(
        year_inferred=corrections["year_inferred"],
        title=corrections["title"] or None,
        body=corrections["body"] or None,
        term=corrections["term"],
        session=corrections["session"],
        date=delivered_on.isoformat() if delivered_on else None,
        speaker=corrections["speaker"] or None,
        is_abstract=corrections["is_abstract"],
        is_complete=corrections["is_complete"],
    )
    return record


def save(data: bytes, name: str, corrections: dict[str, Any], *, replacing: Report | None, user) -> Outcome:
    """Parse again (the parser may have changed since the preview) and import the corrected record."""
    outcome = ingest_bytes(data, name=name, dry_run=True)
    if outcome.status != "parsed":
        return outcome
    record = corrected_record(outcome.record, corrections)
    try:
        report = import_report(
            outcome.parsed,
            record,
            original=data,
            name=name,
            existing=replacing,
            uploaded_by=user,
            hold=corrections.get("hold", False),
        )
    except IntegrityError:  # someone stored the same original since the dry run
        stored = Report.objects.filter(sha256=sha256_of(data)).first()
        return Outcome(name, "duplicate", report=stored, is_report=True)
    status = "replaced" if replacing else "ingested"
    return Outcome(name, status, report=report, record=record, is_report=True)
