"""haystack's whoosh backend with the archive's schema, one exact-search method and per-report writes.

Configured, not forked: `build_schema` sets the fields of `analysis` and column (`sortable=True`)
filter fields; `exact_search` returns every matching section with the values the service needs, read
from whoosh columns rather than stored fields (stored fields unpickle a dictionary per document,
columns are arrays).

whoosh allows one writer at a time, guarded by an `fcntl` lock on `MAIN_WRITELOCK` that the kernel
releases when the holding process dies. Every write here takes that lock with a timeout
(`WRITE_LOCK_TIMEOUT` seconds), so concurrent ingests, admin edits and `rebuild_index` queue instead of
failing; a commit is a new TOC file renamed into place, so readers see the old or the new state.
The index is never deleted as a folder (haystack's `clear` does that): emptying it is a commit too.

A large batch (`rebuild_index` hands over `BULK_BATCH` sections at a time) is written by whoosh's
`MpWriter`: one forked process per CPU (at most `BULK_PROCESSES`) analyses and sorts its share into
a segment of its own, and the commit adds those segments without merging them. Merging is what made a
one-writer rebuild slow: each commit re-read and re-sorted every posting of the segments it merged.
Smaller writes (one report at a time) still merge, but only the segments below `BULK_SEGMENT_DOCS`,
so an upload never pays for rewriting a bulk segment.

The backend offers `reports.search.engines.base.SearchBackend`; its parallel writer is in `writing`.
"""

import logging
import os
import time
from contextlib import contextmanager

from haystack.backends import log_query
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_identifier
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError, clean_files
from whoosh.qparser import QueryParser
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from reports.search.engines.base import (
    DUPLICATE,
    IndexUnreadable,
    Match,
    ReportHits,
    report_hits_from_matches,
)
from reports.search.engines.haystack_api import ArchiveSearchQuery, haystack_search, refusal
from reports.search.engines.whoosh.analysis import exact_field, words_field
from reports.search.engines.whoosh.query import filter_query, whoosh_query
from reports.search.engines.whoosh.writing import ParallelWriter, merge_small_segments
from reports.search.query import Query

WRITE_LOCK_TIMEOUT = 120.0
LOCK_WAIT_LOGGED = 1.0  # seconds: a longer wait for the write lock is logged at INFO (shorter at DEBUG)
INDEX_NAME = "MAIN"  # whoosh's default index name, the one haystack uses
DIGEST = "digest"
BULK_BATCH = 50_000  # sections per `update` call of `rebuild_index` (haystack's default is 1,000)
BULK_DOCUMENTS = 2_000  # an `update` of at least this many sections is written in parallel
BULK_PROCESSES = 4
BULK_JOB_DOCUMENTS = 100  # documents per job file handed to a writer process
POOL_MB = 1024  # each writer's in-memory posting buffer before it spills sorted runs to disk

log = logging.getLogger(__name__)


def archive_schema_fields() -> dict:
    return {
        ID: WHOOSH_ID(stored=True, unique=True),
        DJANGO_CT: WHOOSH_ID(stored=True),
        DJANGO_ID: WHOOSH_ID(stored=True, sortable=True),
        "text": exact_field(),
        "words": words_field(),
        "report_id": NUMERIC(numtype=int, bits=64, sortable=True),
        "year": NUMERIC(numtype=int, sortable=True),
        "body": WHOOSH_ID(sortable=True),
        "regions": KEYWORD(commas=True, sortable=True),
        "position": NUMERIC(numtype=int, sortable=True),
        DIGEST: WHOOSH_ID(sortable=True),
    }


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.batch_size = connection_options.get("BATCH_SIZE", BULK_BATCH)
        self._searcher = None
        self._searcher_fingerprint = None

    def build_schema(self, fields):
        schema_fields = archive_schema_fields()
        unknown = {field.index_fieldname for field in fields.values()} - set(schema_fields)
        if unknown:
            raise SearchBackendError(f"no whoosh field type for index fields {sorted(unknown)}")
        return "text", Schema(**schema_fields)

    def setup(self):
        """haystack's setup, except that a missing index is created under the write lock, once.

        haystack creates it with whoosh's `create_index`, which first deletes every TOC file: two
        processes starting on a new folder could each create it and delete the other's first commit.
        """
        if not self.use_file_storage:
            return super().setup()
        from haystack import connections

        os.makedirs(self.path, exist_ok=True)
        self.storage = FileStorage(self.path)
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        if TOC._latest_generation(self.storage, INDEX_NAME) < 0:
            with self._write_lock():
                if TOC._latest_generation(self.storage, INDEX_NAME) < 0:
                    TOC(self.schema, [], 0).write(self.storage, INDEX_NAME)
        self.index = self.storage.open_index(INDEX_NAME, schema=self.schema)
        self.setup_complete = True

    # --- reading ----------------------------------------------------------------------------------

    def searcher(self):
        """A searcher on the latest commit, reused while no writer has committed since.

        The commit is recognised by its TOC file's generation *and* inode/mtime: `rebuild_index` in
        another process starts a new index whose generation numbers may repeat the old ones.
        """
        if not self.setup_complete:
            self.setup()
        fingerprint = self._commit_fingerprint()
        if self._searcher is not None and self._searcher_fingerprint == fingerprint:
            return self._searcher
        if self._searcher is not None:
            self._searcher.close()
        self.index = self.index.refresh()
        self._searcher, self._searcher_fingerprint = self.index.searcher(), fingerprint
        return self._searcher

    def close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = self._searcher_fingerprint = None

    def _commit_fingerprint(self) -> tuple:
        generation = self.index.latest_generation()
        if not self.use_file_storage:
            return (id(self.index), generation)
        toc = os.path.join(self.path, f"_{self.index.indexname}_{generation}.toc")
        try:
            stat = os.stat(toc)
        except FileNotFoundError:  # a writer replaced it between the two calls: reopen next time
            return (generation, None)
        return (generation, stat.st_ino, stat.st_mtime_ns)

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
        """Every section matching `query` and the filters, best first when `scored`.

        An empty query with filters matches every section the filters allow (unscored); an empty
        query without filters matches nothing.
        """
        filters = filter_query(region=region, year_from=year_from, year_to=year_to, body=body)
        if query.is_empty:
            if filters is None:
                return []
            whoosh_q, scored = filters, False
        else:
            whoosh_q = whoosh_query(query, "text", "words")
            if filters is not None:
                whoosh_q = wq.AndMaybe(wq.And([whoosh_q.a, filters]), whoosh_q.b)
        searcher = self.searcher()
        if searcher.doc_count_all() == 0:  # a new, empty index has no columns to read
            return []
        if scored:
            hits = searcher.search(whoosh_q, limit=None).top_n
        else:
            hits = [(0.0, docnum) for docnum in searcher.docs_for_query(whoosh_q)]
        return self._matches(searcher, hits)

    def report_hits(self, query: Query, *, wanted: int = 0, **filters) -> ReportHits:
        """The reports of every matching section: whoosh reads each match anyway, so no cheaper way."""
        return report_hits_from_matches(self.exact_search(query, **filters))

    @log_query
    def search(self, query_string, **kwargs):
        """haystack's search entry point, answered with the archive's exact semantics (`haystack_api`):
        haystack's own whoosh search parses Chinese with its analyser and finds nothing."""
        return haystack_search(self, query_string, **kwargs)

    def more_like_this(self, *args, **kwargs):
        raise refusal("more_like_this()", "use reports.research.similar.similar_reports(report) instead")

    def _matches(self, searcher, hits) -> list[Match]:
        section_ids, report_ids, years, regions = self._columns(searcher)
        return [
            Match(section_ids[docnum], report_ids[docnum], years[docnum], regions[docnum], score)
            for score, docnum in hits
        ]

    def _columns(self, searcher) -> tuple[list, list, list, list]:
        """Per-document values as lists indexed by document number, read once per commit.

        A whoosh column lookup costs microseconds of Python per document; a common word matches
        every section, so the values are read in one pass and kept with the searcher.
        """
        if getattr(searcher, "_archive_columns", None) is None:
            reader = searcher.reader()
            lineages: dict[str, tuple[str, ...]] = {}
            regions = [
                lineages.setdefault(value, tuple(value.split(",")) if value else ())
                for value in reader.column_reader("regions")
            ]
            searcher._archive_columns = (
                [int(value) if value else 0 for value in reader.column_reader(DJANGO_ID)],
                list(reader.column_reader("report_id")),
                list(reader.column_reader("year")),
                regions,
            )
        return searcher._archive_columns

    # --- writing ----------------------------------------------------------------------------------

    @contextmanager
    def _write_lock(self):
        """whoosh's write lock, waited for up to `WRITE_LOCK_TIMEOUT` seconds (then `LockError`)."""
        os.makedirs(self.path, exist_ok=True)
        lock = FileStorage(self.path).lock(f"{INDEX_NAME}_WRITELOCK")
        started = time.monotonic()
        if not try_for(lock.acquire, timeout=WRITE_LOCK_TIMEOUT, delay=0.05):
            raise LockError(f"search index: another writer held the lock for over {WRITE_LOCK_TIMEOUT:.0f} s")
        waited = time.monotonic() - started
        if waited >= 0.01:
            level = logging.INFO if waited >= LOCK_WAIT_LOGGED else logging.DEBUG
            log.log(level, "search index: waited %.2f s for the write lock", waited)
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def _locked(self):
        """The index set up, then the write lock held for the block."""
        if not self.setup_complete:
            self.setup()  # before the lock: it takes the lock itself to create a missing index
        with self._write_lock():
            yield

    @contextmanager
    def _writing(self):
        """A writer on the latest commit, committed when the block ends, cancelled if it raises."""
        with self._locked(), self._writer() as writer:
            yield writer

    @contextmanager
    def _writer(self, parallel: bool = False):
        """A writer (the caller holds the write lock, and has set up): whoosh's `MpWriter` when `parallel`."""
        processes = min(os.cpu_count() or 1, BULK_PROCESSES)
        if parallel and processes > 1:
            writer = ParallelWriter(
                self.index,
                procs=processes,
                batchsize=BULK_JOB_DOCUMENTS,
                multisegment=True,
                subargs={"limitmb": POOL_MB},
                _lk=False,
            )
            commit = {"merge": False}
        else:
            writer = SegmentWriter(self.index, _lk=False, limitmb=POOL_MB)
            commit = {"mergetype": merge_small_segments}
        try:
            yield writer
            writer.commit(**commit)
        except BaseException:
            if not writer.is_closed:
                try:
                    writer.cancel()
                except Exception:  # the first error is the one to see
                    log.exception("search index: cancelling a failed write failed too")
            raise

    def update(self, index, iterable, commit=True):
        """haystack's update with one searcher per batch for the unique-id deletes, in parallel when large.

        whoosh's `update_document` opens a searcher over every segment for each document, which made
        `rebuild_index` several times slower than the indexing itself; and the writer waits for the
        lock (`WRITE_LOCK_TIMEOUT`) like the per-report writes instead of buffering in `AsyncWriter`.
        A lazy `iterable` (a queryset) is read while the lock is held.
        """
        with self._locked():
            objects = list(iterable)
            with self._writer(len(objects) >= BULK_DOCUMENTS) as writer, writer.searcher() as searcher:
                for obj in objects:
                    document = self._document(index, obj)
                    if document is not None:
                        writer.delete_by_term(ID, document[ID], searcher=searcher)
                        writer.add_document(**document)

    def _document(self, search_index, obj) -> dict | None:
        try:
            document = search_index.full_prepare(obj)
        except SkipDocument:
            return None
        document.pop("boost", None)
        return {key: self._from_python(value) for key, value in document.items()}

    def replace_report(self, search_index, report_id: int, sections) -> None:
        """Delete every document of the report, then add `sections`, in one commit.

        `sections` is read while the write lock is held: a lazy queryset then reads the database as
        this commit will show it, so of two processes re-indexing one report the later writes the later
        state, whatever order their database reads happened in.
        """
        with self._writing() as writer:
            writer.delete_by_term("report_id", report_id)
            for section in sections:
                document = self._document(search_index, section)
                if document is not None:
                    writer.add_document(**document)

    def remove_report(self, report_id: int, section_ids=()) -> None:
        """Delete the report's documents (by report id, and by section id for strays)."""
        with self._writing() as writer:
            writer.delete_by_term("report_id", report_id)
            for section_id in section_ids:
                writer.delete_by_term(DJANGO_ID, str(section_id))

    def remove(self, obj_or_string, commit=True):
        """haystack's remove, waiting for the lock like every other write."""
        with self._writing() as writer:
            writer.delete_by_term(ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        """Empty the index (the archive indexes one model) as a new commit, even when it is unreadable.

        haystack deletes the folder instead: a reader would fail on the missing files, and a writer
        waiting on the old lock file would write into a new index next to another writer.
        """
        with self._write_lock():
            storage = FileStorage(self.path)
            generation = TOC._latest_generation(storage, INDEX_NAME) + 1
            TOC(Schema(**archive_schema_fields()), [], generation).write(storage, INDEX_NAME)
            clean_files(storage, INDEX_NAME, generation, [])

    def delete_index(self):
        self.clear()

    # --- integrity ----------------------------------------------------------------------------------

    def document_digests(self) -> dict[int, str]:
        """Section id → content digest of every document, from a searcher opened for this call.

        Raises `IndexUnreadable` when the index cannot be opened or read (a damaged TOC, a TOC naming a
        missing or truncated segment). A section held twice gets `DUPLICATE`, so it counts as stale.
        """
        try:
            if not self.setup_complete:
                self.setup()
            with self.index.searcher() as searcher:
                return _digests(searcher.reader())
        except Exception as error:  # whoosh raises OSError, EOFError, struct and pickle errors here
            raise IndexUnreadable(f"{type(error).__name__}: {error}") from error

    def document_count(self) -> int:
        return self.searcher().doc_count()


def _digests(reader) -> dict[int, str]:
    digests: dict[int, str] = {}
    if reader.doc_count_all() == 0:  # an empty index has no columns to read
        return digests
    for segment, _base in reader.leaf_readers():
        section_ids = list(segment.column_reader(DJANGO_ID))
        values = list(segment.column_reader(DIGEST))  # "" in a segment written before the field existed
        for docnum in segment.all_doc_ids():
            section_id = int(section_ids[docnum])
            digests[section_id] = DUPLICATE if section_id in digests else values[docnum]
    return digests


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveSearchQuery
