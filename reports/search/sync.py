"""Keeps the search index in step with the database, after each commit, without ever undoing one.

The database is the source of truth: `index_report` makes the index hold exactly the report's current
sections (none if it was deleted), so running it twice, or late, is harmless. A failed index write is
logged and left for `rebuild_index` (or a later drift-repair command); the commit stands.
"""

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, transaction
from haystack import connections

from reports.models import Report, Section

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


def search_backend():
    return connections[HAYSTACK_ALIAS].get_backend()


def section_index():
    return connections[HAYSTACK_ALIAS].get_unified_index().get_index(Section)


def _report_id(report: Report | int) -> int:
    return report if isinstance(report, int) else report.pk


def index_report(report: Report | int) -> bool:
    """Replace the report's documents by its sections as stored now; False (logged) on failure."""
    report_id = _report_id(report)
    try:
        search_index = section_index()
        sections = list(search_index.index_queryset().filter(report_id=report_id))
        search_backend().replace_report(search_index, report_id, sections)
    except Exception:
        log.exception("search index: could not index report %s; run rebuild_index", report_id)
        return False
    return True


def unindex_report(report_id: int, section_ids: Iterable[int] = ()) -> bool:
    """Remove the report's documents (and those of `section_ids`); False (logged) on failure."""
    try:
        search_backend().remove_report(report_id, list(section_ids))
    except Exception:
        log.exception("search index: could not remove report %s; run rebuild_index", report_id)
        return False
    return True


class _ReportSync:
    """An on_commit callback that re-indexes one report; recognisable, so it is queued once."""

    def __init__(self, report_id: int):
        self.report_id = report_id
        self.done = False

    def __call__(self) -> None:
        # Marked first: a test's never-committed transaction keeps its callbacks listed after running.
        self.done = True
        index_report(self.report_id)


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
