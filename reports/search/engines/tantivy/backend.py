"""haystack's backend on tantivy (Rust, embedded), with the documents and semantics every engine has.

What is indexed is in `documents` (the terms are cut in Python, as for every engine), the queries in
`queries`; a search reads tantivy's columns, never a Python object per matching section (`hits`).

tantivy allows one writer per index, and fails at once when another holds it: writers take an
advisory file lock first (`fcntl.flock`, released by the kernel if the process dies) and wait for it
up to `WRITE_LOCK_TIMEOUT` seconds, so concurrent ingests queue, as on whoosh.

The backend offers `reports.search.engines.base.SearchBackend`.
"""

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import tantivy
from django.core.exceptions import ImproperlyConfigured
from haystack.backends import BaseEngine, BaseSearchBackend, log_query
from haystack.constants import DJANGO_ID
from haystack.exceptions import SearchBackendError, SkipDocument

from reports.search.engines.base import DUPLICATE, IndexUnreadable, Match, ReportHits
from reports.search.engines.haystack_api import ArchiveSearchQuery, haystack_search, refusal
from reports.search.engines.tantivy.documents import TOKENIZER, add_documents, build_schema
from reports.search.engines.tantivy.hits import ReportReader
from reports.search.engines.tantivy.queries import exact_query, filter_clauses, ranking_clauses
from reports.search.query import Query

WRITE_LOCK_TIMEOUT = 120.0
WRITER_HEAP_BYTES = 200_000_000
LOCK_FILE = "archive-writer.lock"


class ArchiveTantivyBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        if not connection_options.get("PATH"):
            raise ImproperlyConfigured(f"the '{connection_alias}' tantivy connection needs a PATH")
        self.path = Path(connection_options["PATH"])
        self.schema = build_schema()
        self._index = None
        self._fingerprint = None
        self._searcher = None
        self._reports = ReportReader(self.schema)

    # --- opening --------------------------------------------------------------------------------

    def index(self) -> tantivy.Index | None:
        """The index, opened once; None while there is none (only a writer, under the lock, creates it)."""
        if self._index is None and (self.path / "meta.json").exists():
            self._index = self._open()
        return self._index

    def _open(self) -> tantivy.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        index.register_tokenizer(TOKENIZER, analyzer)
        return index

    def searcher(self) -> tantivy.Searcher | None:
        """A searcher on the latest commit (meta.json changes on every commit, in any process)."""
        fingerprint = self._meta_fingerprint()
        if fingerprint is None:
            self.close_searcher()
            return None
        if self._searcher is None or fingerprint != self._fingerprint:
            index = self.index()
            index.reload()
            self._searcher, self._fingerprint = index.searcher(), fingerprint
        return self._searcher

    def close_searcher(self) -> None:
        self._searcher = self._fingerprint = None
        self._index = None

    def _meta_fingerprint(self) -> tuple | None:
        try:
            stat = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    # --- writing --------------------------------------------------------------------------------

    @contextmanager
    def _write_lock(self):
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / LOCK_FILE, "a") as lock:
            _acquire(lock, WRITE_LOCK_TIMEOUT)
            yield

    @contextmanager
    def _writer(self):
        """tantivy's writer under the cross-process lock; committed on success, rolled back on error."""
        with self._write_lock():
            if self._index is None:
                self._index = self._open()
            writer = self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
            try:
                yield writer
            except BaseException:
                writer.rollback()
                raise
            writer.commit()
            writer.wait_merging_threads()  # also drops tantivy's own lock before ours is released

    def update(self, index, iterable, commit=True):
        """Index (or re-index) the given objects in one commit; a lazy `iterable` is read under the lock."""
        with self._writer() as writer:
            prepared = []
            for obj in iterable:
                try:
                    prepared.append(index.full_prepare(obj))
                except SkipDocument:
                    continue
                writer.delete_documents_by_term("section_id", int(prepared[-1][DJANGO_ID]))
            add_documents(writer, prepared)

    def replace_report(self, search_index, report_id: int, sections) -> None:
        """Delete every document of the report, then add `sections`, in one commit.

        `sections` is read while the write lock is held: of two processes re-indexing one report, the
        later writes the later state, whatever order their database reads happened in.
        """
        with self._writer() as writer:
            writer.delete_documents_by_term("report_id", report_id)
            add_documents(writer, [search_index.full_prepare(section) for section in sections])

    def remove_report(self, report_id: int, section_ids=()) -> None:
        with self._writer() as writer:
            writer.delete_documents_by_term("report_id", report_id)
            for section_id in section_ids:
                writer.delete_documents_by_term("section_id", int(section_id))

    def remove(self, obj_or_string, commit=True):
        with self._writer() as writer:
            writer.delete_documents_by_term("section_id", _section_id(obj_or_string))

    def clear(self, models=None, commit=True):
        """Empty the index (the archive indexes one model) as a commit: readers see the old or the empty.

        An index that cannot be opened (damaged, or written with another schema) is deleted instead,
        under the lock; the next write creates it anew.
        """
        try:
            with self._writer() as writer:
                writer.delete_all_documents()
        except (ValueError, OSError):
            with self._write_lock():
                self.close_searcher()
                for child in self.path.iterdir():
                    if child.name != LOCK_FILE:
                        shutil.rmtree(child) if child.is_dir() else child.unlink()

    def delete_index(self):
        self.clear()

    # --- reading --------------------------------------------------------------------------------

    def exact_search(
        self,
        query: Query,
        *,
        region: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        body: str | None = None,
        scored: bool = True,
    ) -> list[Match]:
        """Every section matching `query` and the filters, best first when `scored` (see whoosh's)."""
        filters = filter_clauses(self.schema, region=region, year_from=year_from, year_to=year_to, body=body)
        if query.is_empty:
            if not filters:
                return []
            tantivy_query, scored = tantivy.Query.boolean_query(filters), False
        else:
            exact = exact_query(self.schema, query, filters)
            ranking = ranking_clauses(self.schema, query) if scored else []
            tantivy_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, exact), *ranking])
        searcher = self.searcher()
        if searcher is None or searcher.num_docs == 0:
            return []
        hits = searcher.search(tantivy_query, limit=searcher.num_docs, count=False).hits
        return self._matches(searcher, hits, scored)

    def report_hits(self, query: Query, *, wanted: int = 0, **filters) -> ReportHits:
        """The matching reports from tantivy's columns and aggregations (see `hits.ReportReader`)."""
        return self._reports.report_hits(self.searcher(), query, wanted=wanted, **filters)

    def _matches(self, searcher, hits, scored: bool) -> list[Match]:
        addresses = [address for _score, address in hits]
        columns = [
            searcher.fast_field_values(name, addresses)
            for name in ("section_id", "report_id", "year", "region1", "region2", "region3")
        ]
        scores = [score for score, _address in hits] if scored else [0.0] * len(hits)
        return [
            Match(section_id, report_id, year, _lineage((r1, r2, r3)), score)
            for section_id, report_id, year, r1, r2, r3, score in zip(*columns, scores, strict=True)
        ]

    def document_count(self) -> int:
        searcher = self.searcher()
        return searcher.num_docs if searcher is not None else 0

    @log_query
    def search(self, query_string, **kwargs):
        """haystack's search entry point, answered with the archive's exact semantics (`haystack_api`)."""
        return haystack_search(self, query_string, **kwargs)

    def more_like_this(self, *args, **kwargs):
        raise refusal("more_like_this()", "use reports.research.similar.similar_reports(report) instead")

    # --- integrity ------------------------------------------------------------------------------

    def document_digests(self) -> dict[int, str]:
        """Section id → content digest of every document (fast fields); `IndexUnreadable` if damaged."""
        try:
            self.close_searcher()
            searcher = self.searcher()
            if searcher is None or searcher.num_docs == 0:
                return {}
            everything = tantivy.Query.all_query()
            hits = searcher.search(everything, limit=searcher.num_docs, count=False).hits
            addresses = [address for _score, address in hits]
            section_ids = searcher.fast_field_values("section_id", addresses)
            values = searcher.fast_field_values("digest", addresses)
        except (ValueError, OSError) as error:  # tantivy reports a damaged index with these
            raise IndexUnreadable(f"{type(error).__name__}: {error}") from error
        digests: dict[int, str] = {}
        for section_id, value in zip(section_ids, values, strict=True):
            digests[section_id] = DUPLICATE if section_id in digests else f"{value or 0:016x}"
        return digests


@lru_cache(maxsize=4096)
def _lineage(codes: tuple[int, int, int]) -> tuple[str, ...]:
    return tuple(str(code) for code in codes if code)


def _section_id(obj_or_string) -> int:
    if isinstance(obj_or_string, str):  # haystack's "app.model.pk" identifier
        return int(obj_or_string.rsplit(".", 1)[-1])
    return int(obj_or_string.pk)


def _acquire(lock_file, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise SearchBackendError(f"the search index stayed locked for {timeout:.0f} s") from None
            time.sleep(0.05)


class ArchiveTantivyEngine(BaseEngine):
    backend = ArchiveTantivyBackend
    query = ArchiveSearchQuery
