"""Drift between the database and the search index: found by per-section digests, repaired from the database.

Every document carries the digest of what was indexed for its section (`SectionIndex.prepare`);
`check_index` compares those digests with the sections as stored now:

- missing: a section of a public report in the database without a document;
- stale: a document whose digest differs from its section's (or a section indexed twice);
- orphan: a document whose section is no longer in the database, or whose report is held back;
- unreadable: the index cannot be opened or read (a damaged TOC, a missing or truncated segment).

`repair_index` re-indexes the reports of missing and stale sections and those in the backlog, removes
orphans, and rebuilds the whole index from the database when it cannot be read. What touches the
engine is a method of `reports.search.engines.base.SearchBackend`: `document_digests`, `replace_report`
(through `sync.write_report`), `remove`, `clear` and `update`.
"""

import time
from dataclasses import asdict, dataclass, field

from haystack.utils import get_model_ct

from reports.models import IndexBacklog, Report, Section
from reports.search import sync
from reports.search.engines.base import IndexUnreadable

RECHECK_AFTER = 2.0  # seconds: drift is looked at again once index writes under way have landed
REBUILD_BATCH = 3_000  # reports per commit when the whole index is rebuilt (about 50,000 sections:
# whoosh writes a batch that large in parallel segments it never merges again)
_CHUNK = 500  # section ids per database query


@dataclass
class IndexCheck:
    sections: int = 0  # in the database
    documents: int = 0  # in the index
    missing: list[int] = field(default_factory=list)  # section ids
    stale: list[int] = field(default_factory=list)
    orphans: list[int] = field(default_factory=list)
    unreadable: str | None = None
    reports: list[int] = field(default_factory=list)  # the reports of missing and stale sections
    backlog: int = 0  # reports waiting for a retried index write
    seconds: float = 0.0

    @property
    def in_sync(self) -> bool:
        return not (self.missing or self.stale or self.orphans or self.unreadable)

    def as_json(self) -> dict:
        return {"in_sync": self.in_sync, **asdict(self)}


@dataclass
class Repair:
    rebuilt: bool = False  # the whole index, from the database
    reports: int = 0  # re-indexed
    orphans: int = 0  # removed
    seconds: float = 0.0


def check_index(*, recheck_after: float | None = None) -> IndexCheck:
    """Compare the index with the database; drift found is checked once more after `recheck_after` s.

    An ingest's index write lands a moment after its commit (and later when writers queue for the
    lock): the second look keeps only what is still different, so a running ingest is not drift.
    """
    started = time.monotonic()
    recheck_after = RECHECK_AFTER if recheck_after is None else recheck_after
    check = _first_look()
    if not check.in_sync and not check.unreadable and recheck_after > 0:
        time.sleep(recheck_after)
        check = _second_look(check)
    check.backlog = IndexBacklog.objects.count()
    check.seconds = time.monotonic() - started
    return check


def _first_look() -> IndexCheck:
    try:
        indexed = sync.search_backend().document_digests()
    except IndexUnreadable as error:
        return IndexCheck(sections=Section.objects.count(), unreadable=str(error))
    stored, report_of = database_digests()
    return compare(stored, indexed, report_of)


def _second_look(first: IndexCheck) -> IndexCheck:
    section_ids = first.missing + first.stale + first.orphans
    try:
        indexed = sync.search_backend().document_digests()
    except IndexUnreadable as error:
        return IndexCheck(sections=first.sections, unreadable=str(error))
    stored, report_of = database_digests(section_ids)
    check = compare(stored, {sid: indexed[sid] for sid in section_ids if sid in indexed}, report_of)
    check.sections, check.documents = first.sections, len(indexed)
    return check


def database_digests(section_ids: list[int] | None = None) -> tuple[dict[int, str], dict[int, int]]:
    """Digest and report id of each section (all, or those of `section_ids`) as stored now."""
    search_index = sync.section_index()
    queryset = search_index.index_queryset()
    if section_ids is None:
        batches = [queryset.iterator(chunk_size=2000)]
    else:
        batches = [
            queryset.filter(pk__in=section_ids[i : i + _CHUNK]) for i in range(0, len(section_ids), _CHUNK)
        ]
    digests, report_of = {}, {}
    for batch in batches:
        for section in batch:
            digests[section.pk] = search_index.full_prepare(section)["digest"]
            report_of[section.pk] = section.report_id
    return digests, report_of


def compare(stored: dict[int, str], indexed: dict[int, str], report_of: dict[int, int]) -> IndexCheck:
    """What differs between the database's digests and the index's, by section id."""
    missing = sorted(stored.keys() - indexed.keys())
    stale = sorted(sid for sid in stored.keys() & indexed.keys() if stored[sid] != indexed[sid])
    return IndexCheck(
        sections=len(stored),
        documents=len(indexed),
        missing=missing,
        stale=stale,
        orphans=sorted(indexed.keys() - stored.keys()),
        reports=sorted({report_of[sid] for sid in missing + stale}),
    )


def repair_index(check: IndexCheck) -> Repair:
    """Make the index match the database again, from what `check` found, and settle the backlog.

    Raises whatever the backend raises (the write lock held too long, a full disk); what was not
    repaired stays in the backlog or is found by the next check.
    """
    started = time.monotonic()
    pending = sync.pending_backlog(limit=None)  # read before the writes: see `sync.forget`
    if check.unreadable:
        repair = Repair(rebuilt=True, reports=rebuild_from_database())
    else:
        report_ids = sorted(set(check.reports) | {entry.report_id for entry in pending})
        for report_id in report_ids:
            sync.write_report(report_id)
        remove_orphans(check.orphans)
        repair = Repair(reports=len(report_ids), orphans=len(check.orphans))
    for entry in pending:
        sync.forget(entry)
    repair.seconds = time.monotonic() - started
    return repair


def remove_orphans(section_ids: list[int]) -> None:
    backend, content_type = sync.search_backend(), get_model_ct(Section)
    for section_id in section_ids:
        backend.remove(f"{content_type}.{section_id}")


def rebuild_from_database() -> int:
    """Empty the index, then index every public report, `REBUILD_BATCH` reports per commit; their count.

    The reports are listed after the index is emptied: one committed later indexes itself.
    """
    backend, search_index = sync.search_backend(), sync.section_index()
    backend.clear()
    report_ids = list(Report.objects.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(report_ids), REBUILD_BATCH):
        batch = report_ids[start : start + REBUILD_BATCH]
        backend.update(search_index, search_index.index_queryset().filter(report_id__in=batch))
    return len(report_ids)
