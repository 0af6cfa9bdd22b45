"""Keeps the search index in step with the database, after each commit, without ever undoing one.

The database is the source of truth: `index_report` makes the index hold exactly the report's current
sections (none if it was deleted or is held back), so running it twice, or late, is harmless. A failed
index write (disk full, the write lock held too long, any error) is logged and the report recorded in the
`IndexBacklog` table; the commit stands. The next successful write in any process retries the backlog,
and so does `checkindex --repair`; an entry is deleted once its report has been written after it.
"""

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from haystack import connections

from reports.models import IndexBacklog, Report, Section
from reports.research import similar
from reports.search.engines.base import SearchBackend

log = logging.getLogger(__name__)

HAYSTACK_ALIAS = "default"
_state = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """No per-report indexing inside the block (a bulk load followed by `rebuild_index`)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def search_backend() -> SearchBackend:
    """The configured engine (`reports.search.engines`): what every index write here goes through."""
    return connections[HAYSTACK_ALIAS].get_backend()


def section_index():
    return connections[HAYSTACK_ALIAS].get_unified_index().get_index(Section)


def _report_id(report: Report | int) -> int:
    return report if isinstance(report, int) else report.pk


def index_report(report: Report | int) -> bool:
    """Replace the report's documents by its sections as stored now (none when it is held back);
    False (logged, kept) on failure."""
    report_id = _report_id(report)
    pending = pending_backlog()  # read before the write: see `forget`
    if not _write(report_id, lambda: write_report(report_id)):
        return False
    for entry in pending:
        if entry.report_id == report_id:
            forget(entry)
    retry_backlog([entry for entry in pending if entry.report_id != report_id])
    return True


def unindex_report(report_id: int, section_ids: Iterable[int] = ()) -> bool:
    """Remove the report's documents (and those of `section_ids`); False (logged, kept) on failure."""
    section_ids = list(section_ids)
    pending = pending_backlog()
    if not _write(report_id, lambda: search_backend().remove_report(report_id, section_ids)):
        return False
    retry_backlog([entry for entry in pending if entry.report_id != report_id])
    return True


def write_report(report_id: int) -> None:
    """The index write of `index_report`, raising on failure.

    The sections are passed as a lazy queryset: the backend reads them once it holds the write lock.
    """
    search_index = section_index()
    sections = search_index.index_queryset().filter(report_id=report_id)
    search_backend().replace_report(search_index, report_id, sections)


def _write(report_id: int, write) -> bool:
    try:
        write()
    except Exception as error:
        log.exception("search index: could not update report %s; it is kept for a retry", report_id)
        record_failure(report_id, error)
        return False
    return True


# --- the backlog of failed writes ---------------------------------------------------------------------

BACKLOG_RETRIES_PER_WRITE = 20


def pending_backlog(limit: int | None = BACKLOG_RETRIES_PER_WRITE) -> list[IndexBacklog]:
    """The oldest backlog entries, as they are before the index write that may settle them."""
    try:
        return list(IndexBacklog.objects.all()[:limit])
    except DatabaseError:
        log.exception("search index: could not read the backlog")
        return []


def retry_backlog(pending: list[IndexBacklog]) -> None:
    """Re-index each pending report and forget its entry; stop at the first failure (kept for later).

    Called after a successful write, so the index was writable a moment ago.
    """
    for entry in pending:
        if not _write(entry.report_id, lambda report_id=entry.report_id: write_report(report_id)):
            return
        forget(entry)
        log.info("search index: report %s indexed on retry", entry.report_id)


def forget(entry: IndexBacklog) -> None:
    """Delete the entry unless it changed since it was read.

    A failure recorded after the entry was read may belong to a commit that the retry's read of the
    database did not see yet: that entry is kept. One recorded before it is settled by the retry,
    which read the database later still.
    """
    IndexBacklog.objects.filter(pk=entry.pk, attempts=entry.attempts, failed_at=entry.failed_at).delete()


def record_failure(report_id: int, error: Exception) -> None:
    """Add the report to the backlog (or count one more failure), in a transaction of its own."""
    message = f"{type(error).__name__}: {error}"[:2000]
    for _attempt in range(2):  # a second try when another process created the entry concurrently
        try:
            with transaction.atomic():
                values = {"failed_at": timezone.now(), "error": message}
                if not IndexBacklog.objects.filter(report_id=report_id).update(
                    attempts=F("attempts") + 1, **values
                ):
                    IndexBacklog.objects.create(report_id=report_id, **values)
            return
        except IntegrityError:
            continue
        except DatabaseError:
            break
    log.error("search index: could not record report %s in the backlog; run checkindex --repair", report_id)


class _ReportSync:
    """An on_commit callback that re-indexes one report (and its similar-reports lists); queued once."""

    def __init__(self, report_id: int):
        self.report_id = report_id
        self.done = False

    def __call__(self) -> None:
        # Marked first: a test's never-committed transaction keeps its callbacks listed after running.
        self.done = True
        index_report(self.report_id)
        similar.refresh_report(self.report_id)


def index_report_on_commit(report: Report | int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Re-index the report once the current transaction commits (at once outside a transaction).

    An admin save fires signals for the report and each inline section: one re-index is queued.
    """
    if getattr(_state, "paused", False):
        return
    report_id = _report_id(report)
    connection = transaction.get_connection(using)
    pending = (callback for _savepoints, callback, *_rest in connection.run_on_commit)
    if any(
        isinstance(callback, _ReportSync) and callback.report_id == report_id and not callback.done
        for callback in pending
    ):
        return
    transaction.on_commit(_ReportSync(report_id), using=using)
