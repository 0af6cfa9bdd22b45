"""haystack's whoosh backend with the archive's schema, one exact-search method and per-report writes.

Configured, not forked: `build_schema` sets the analyzers of `reports.search.analysis` and column
(`sortable=True`) filter fields; `exact_search` returns every matching section with the values the
service needs, read from whoosh columns rather than stored fields (stored fields unpickle a
dictionary per document, columns are arrays).

whoosh allows one writer at a time. haystack's `update` (used by `rebuild_index`/`update_index`)
writes through whoosh's `AsyncWriter`, which waits in a thread when the lock is taken and is joined
before `update` returns; the per-report writes below take the lock with a timeout
(`WRITE_LOCK_TIMEOUT` seconds), so concurrent ingests queue instead of failing.
"""

import os

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, Schema

from reports.search.analysis import exact_field, words_field
from reports.search.engine import Match
from reports.search.query import Query
from reports.search.whoosh_query import whoosh_query

WRITE_LOCK_TIMEOUT = 120.0


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
    }


def filter_query(
    *,
    region: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    body: str | None = None,
) -> wq.Query | None:
    """The filters as one whoosh query (None without filters); a region term matches any level."""
    parts: list[wq.Query] = []
    if region:
        parts.append(wq.Term("regions", region))
    if year_from is not None or year_to is not None:
        parts.append(wq.NumericRange("year", year_from or 1, year_to))
    if body:
        parts.append(wq.Term("body", body))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._searcher = None
        self._searcher_fingerprint = None

    def build_schema(self, fields):
        schema_fields = archive_schema_fields()
        unknown = {field.index_fieldname for field in fields.values()} - set(schema_fields)
        if unknown:
            raise SearchBackendError(f"no whoosh field type for index fields {sorted(unknown)}")
        return "text", Schema(**schema_fields)

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

    def _writer(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index.writer(timeout=WRITE_LOCK_TIMEOUT, delay=0.05)

    def update(self, index, iterable, commit=True):
        """haystack's update with one searcher per batch for the unique-id deletes.

        whoosh's `update_document` opens a searcher over every segment for each document, which made
        `rebuild_index` several times slower than the indexing itself; and the writer waits for the
        lock (`WRITE_LOCK_TIMEOUT`) like the per-report writes instead of buffering in `AsyncWriter`.
        """
        writer = self._writer()
        try:
            with writer.searcher() as searcher:
                for obj in iterable:
                    self._add(writer, searcher, index, obj)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _add(self, writer, searcher, index, obj) -> None:
        try:
            document = index.full_prepare(obj)
        except SkipDocument:
            return
        document.pop("boost", None)
        writer.delete_by_term(ID, document[ID], searcher=searcher)
        writer.add_document(**{key: self._from_python(value) for key, value in document.items()})

    def replace_report(self, search_index, report_id: int, sections) -> None:
        """Delete every document of the report, then add `sections`, in one commit."""
        writer = self._writer()
        try:
            writer.delete_by_term("report_id", report_id)
            for section in sections:
                document = search_index.full_prepare(section)
                document.pop("boost", None)
                writer.add_document(**{key: self._from_python(value) for key, value in document.items()})
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove_report(self, report_id: int, section_ids=()) -> None:
        """Delete the report's documents (by report id, and by section id for strays)."""
        writer = self._writer()
        try:
            writer.delete_by_term("report_id", report_id)
            for section_id in section_ids:
                writer.delete_by_term(DJANGO_ID, str(section_id))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def document_count(self) -> int:
        return self.searcher().doc_count()


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
