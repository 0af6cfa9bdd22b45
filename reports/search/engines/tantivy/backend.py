"""A haystack backend on tantivy (Rust, embedded) with the same documents and semantics as the whoosh one.

Tokens are made here in Python by the functions the whoosh analyzers use (`reports.search.analysis`),
then handed to tantivy as whitespace-separated text: so both engines index the same character bigrams
(exact matching: a term is the phrase of its bigrams) and the same jieba words (ranking only), after
the same normalisation. Every run of text ends with its last character alone, so a bigram phrase can
never run from one run into the next. A large batch (`rebuild_index`) is cut in worker processes.

A search reads tantivy's columns, never a Python object per matching section: a terms aggregation
counts the matching reports, the ranking is read only as deep as the page needs, beside it in another
thread (see `report_hits`).

tantivy allows one writer per index, and fails at once when another holds it: writers take an
advisory file lock first (`fcntl.flock`, released by the kernel if the process dies) and wait for it
up to `WRITE_LOCK_TIMEOUT` seconds, so concurrent ingests queue, as on whoosh.
"""

import atexit
import fcntl
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import tantivy
from django.core.exceptions import ImproperlyConfigured
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery, log_query
from haystack.constants import DJANGO_ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_model_ct_tuple

from reports.search.analysis import index_terms, search_words, warm_up
from reports.search.engines.base import (
    DUPLICATE,
    IndexUnreadable,
    Match,
    ReportColumns,
    ReportHits,
    report_hits_from_matches,
)
from reports.search.query import Query, parse_query

WRITE_LOCK_TIMEOUT = 120.0
WRITER_HEAP_BYTES = 200_000_000
TOKENIZER = "archive_ws"
LOCK_FILE = "archive-writer.lock"
# A batch of at least this many documents (rebuild_index, update_index) is cut in worker processes.
PARALLEL_MIN_DOCUMENTS = 400
PARALLEL_CHUNK = 100
# Reports per terms aggregation (tantivy refuses more than 65,000 buckets); hits read per report wanted.
AGGREGATION_REPORTS = 50_000
TOP_HITS_PER_REPORT = 10
# The shown reports' sections are read in one query, this many hits for each section shown.
SECTIONS_READ_PER_SECTION_SHOWN = 4
TOKENIZE_WORKERS = 4


# --- documents --------------------------------------------------------------------------------------


def _tokenize(prepared: list[dict]) -> Iterator[tuple[str, str]]:
    """The (bigrams, words) terms of prepared documents, in order: in worker processes for a large batch.

    The workers cut while this process adds the documents they have finished to tantivy's writer.
    """
    pairs = [(document["text"], document["words"]) for document in prepared]
    pool = _pool() if len(pairs) >= PARALLEL_MIN_DOCUMENTS else None
    if pool is None:
        yield from index_terms(pairs)
        return
    chunks = [pairs[start : start + PARALLEL_CHUNK] for start in range(0, len(pairs), PARALLEL_CHUNK)]
    for terms in pool.map(index_terms, chunks):
        yield from terms


@cache
def _pool() -> ProcessPoolExecutor | None:
    """Tokenising processes (one per CPU, at most TOKENIZE_WORKERS), started on the first large batch.

    Spawned, not forked: this process may hold database connections and tantivy's threads.
    """
    workers = min(os.cpu_count() or 1, TOKENIZE_WORKERS)
    if workers < 2:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up)
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("section_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("report_id", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("position", fast=True)
    builder.add_unsigned_field("digest", fast=True)  # SectionIndex's 64-bit hex digest, as a number
    for level in (1, 2, 3):  # adcodes of the lineage, province first; 0 = none at that level
        builder.add_integer_field(f"region{level}", fast=True)
    builder.add_text_field("regions", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("body", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("bigrams", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("words", tokenizer_name=TOKENIZER, index_option="freq")
    return builder.build()


def _add_documents(writer, prepared: list[dict]) -> None:
    """Add prepared documents with their terms (cut in worker processes for a large batch)."""
    for document, terms in zip(prepared, _tokenize(prepared), strict=True):
        writer.add_document(_document(document, terms))


def _document(prepared: dict, terms: tuple[str, str]) -> tantivy.Document:
    regions = [str(code) for code in prepared.get("regions") or []]
    lineage = [int(code) for code in regions[:3]] + [0] * (3 - min(3, len(regions)))
    document = tantivy.Document(
        section_id=int(prepared[DJANGO_ID]),
        report_id=int(prepared["report_id"]),
        year=int(prepared.get("year") or 0),
        position=int(prepared.get("position") or 0),
        region1=lineage[0],
        region2=lineage[1],
        region3=lineage[2],
        regions=regions,
        body=prepared.get("body") or "",
        bigrams=terms[0],
        words=terms[1],
    )
    # A plain int would be taken for a signed one; the digest field is unsigned.
    document.add_unsigned("digest", int(prepared["digest"], 16) if prepared.get("digest") else 0)
    return document


@lru_cache(maxsize=4096)
def _lineage(codes: tuple[int, int, int]) -> tuple[str, ...]:
    return tuple(str(code) for code in codes if code)


# --- queries ----------------------------------------------------------------------------------------


def term_query(schema: tantivy.Schema, term: str, *, positions: bool = True) -> tantivy.Query:
    """Sections whose bigram field contains the normalised `term` (without spaces) as a substring.

    Without `positions`, sections that hold every bigram of the term anywhere: a superset, several
    times cheaper to read for a long common phrase.
    """
    pieces = term.split()
    if len(pieces) > 1:  # a quoted phrase with spaces: a superset, verified by the service
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, term_query(schema, piece, positions=positions)) for piece in pieces]
        )
    if len(term) == 1:  # every character starts a bigram or ends a run alone
        return tantivy.Query.regex_query(schema, "bigrams", _regex_escape(term) + ".?")
    grams = [term[offset : offset + 2] for offset in range(len(term) - 1)]
    if len(grams) == 1:
        return tantivy.Query.term_query(schema, "bigrams", grams[0])
    if not positions:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "bigrams", gram))
                for gram in sorted(set(grams))
            ]
        )
    # Every bigram, not only enough to cover the term: the lone last character of a run takes a
    # position, so bigrams two apart can sit in two runs (协商 民主 holds 协商 and 民主 two apart).
    return tantivy.Query.phrase_query(schema, "bigrams", grams)


def _regex_escape(char: str) -> str:
    return "\\" + char if char in r"\.+*?()|[]{}^$#&-~" else char


def match_query(schema: tantivy.Schema, query: Query, *, exact: bool = True) -> tantivy.Query:
    """The exact filter: every group has one of its terms, no excluded term is present.

    Not `exact`: a superset of it whose required terms read no positions (the excluded ones still do).
    """
    clauses = []
    for group in query.required:
        alternatives = [term_query(schema, term, positions=exact) for term in group]
        either = alternatives[0] if len(alternatives) == 1 else _any(alternatives)
        clauses.append((tantivy.Occur.Must, either))
    clauses += [(tantivy.Occur.MustNot, term_query(schema, term)) for term in query.excluded]
    return tantivy.Query.boolean_query(clauses)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def ranking_clauses(schema: tantivy.Schema, query: Query) -> list:
    words = {word for term in query.positive_terms for word, _start, _end in search_words(term)}
    return [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "words", word)) for word in sorted(words)]


def filter_clauses(schema, *, region=None, year_from=None, year_to=None, body=None) -> list:
    clauses = []
    if region:
        clauses.append(tantivy.Query.term_query(schema, "regions", region))
    if year_from is not None or year_to is not None:
        clauses.append(
            tantivy.Query.range_query(
                schema, "year", tantivy.FieldType.Integer, year_from or 1, year_to or 9999
            )
        )
    if body:
        clauses.append(tantivy.Query.term_query(schema, "body", body))
    return [(tantivy.Occur.Must, clause) for clause in clauses]


# --- the backend ------------------------------------------------------------------------------------


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
        self._table, self._table_for = None, None

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
            _add_documents(writer, prepared)

    def replace_report(self, search_index, report_id: int, sections) -> None:
        """Delete every document of the report, then add `sections`, in one commit.

        `sections` is read while the write lock is held: of two processes re-indexing one report, the
        later writes the later state, whatever order their database reads happened in.
        """
        with self._writer() as writer:
            writer.delete_documents_by_term("report_id", report_id)
            _add_documents(writer, [search_index.full_prepare(section) for section in sections])

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
            exact = self._exact_query(query, filters)
            ranking = ranking_clauses(self.schema, query) if scored else []
            tantivy_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, exact), *ranking])
        searcher = self.searcher()
        if searcher is None or searcher.num_docs == 0:
            return []
        hits = searcher.search(tantivy_query, limit=searcher.num_docs, count=False).hits
        return self._matches(searcher, hits, scored)

    def report_hits(self, query: Query, *, wanted: int = 0, **filters) -> ReportHits:
        """The matching reports from tantivy's columns and aggregations: nothing per matching section.

        The reports and their section counts come from a terms aggregation on report_id; their years
        and regions from a per-commit table of every report. Scores are read only as far down the
        ranking as the page needs (see `ReportHits.best_scores`): for the `wanted` best reports, that
        read runs beside the aggregation, in another thread (tantivy releases the GIL).
        """
        searcher = self.searcher()
        clauses = filter_clauses(self.schema, **filters)
        if searcher is None or searcher.num_docs == 0 or query.is_empty and not clauses:
            return report_hits_from_matches([])
        if query.is_empty:
            exact, ranked, candidates = tantivy.Query.boolean_query(clauses), None, None
        else:
            exact = self._exact_query(query, clauses)
            ranking = ranking_clauses(self.schema, query)
            ranked = tantivy.Query.boolean_query([(tantivy.Occur.Must, exact), *ranking])
            candidates = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, self._exact_query(query, clauses, exact=False)), *ranking]
            )
        table = self._report_table(searcher)
        counting = _threads().submit(self._report_counts, searcher, exact, table)
        first_read = {}
        if ranked is not None and wanted > 0:
            first_read[wanted] = self._best_scores(searcher, candidates, exact, wanted)

        def columns() -> ReportColumns:
            report_ids, section_counts = counting.result()
            rows = np.searchsorted(table.ids, report_ids)
            years, regions = table.years[rows], table.regions[rows]
            return ReportColumns(int(section_counts.sum()), report_ids, years, regions)

        def best_scores(wanted: int) -> dict[int, float]:
            if ranked is None:
                return {}
            if wanted not in first_read:
                first_read[wanted] = self._best_scores(searcher, candidates, exact, wanted)
            return first_read[wanted]

        def best_sections(wanted: list[int], limit: int) -> dict[int, list[int]]:
            return {} if ranked is None else self._best_sections(searcher, ranked, wanted, limit)

        return ReportHits(
            columns,
            best_scores=best_scores,
            years_of=lambda report_ids: table.years[np.searchsorted(table.ids, report_ids)],
            best_sections=best_sections,
        )

    def _exact_query(self, query: Query, filters: list, *, exact: bool = True) -> tantivy.Query:
        """The exact match (or its superset) and the filter clauses, scoring nothing (words rank)."""
        matching = tantivy.Query.const_score_query(match_query(self.schema, query, exact=exact), 0.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, matching), *filters])

    def _report_counts(self, searcher, exact, table: "_ReportTable") -> tuple[np.ndarray, np.ndarray]:
        """(report ids, matching sections of each) by terms aggregations, AGGREGATION_REPORTS at a time.

        tantivy refuses an aggregation of more than 65,000 buckets; an archive with more reports is
        aggregated over ranges of report ids.
        """
        ids, counts = [], []
        terms = {"field": "report_id", "size": AGGREGATION_REPORTS, "segment_size": AGGREGATION_REPORTS}
        for id_range in table.id_ranges(AGGREGATION_REPORTS):
            request = exact
            if id_range is not None:
                in_range = tantivy.Query.range_query(
                    self.schema, "report_id", tantivy.FieldType.Integer, *id_range
                )
                request = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, exact), (tantivy.Occur.Must, in_range)]
                )
            buckets = searcher.aggregate(request, {"reports": {"terms": terms}})["reports"]["buckets"]
            ids += [bucket["key"] for bucket in buckets]
            counts += [bucket["doc_count"] for bucket in buckets]
        return np.array(ids, dtype=np.int64), np.array(counts, dtype=np.int64)

    def _best_scores(self, searcher, candidates, exact, wanted: int) -> dict[int, float]:
        """Best section score of at least `wanted` reports, as `ReportHits.best_scores` promises.

        The ranking is read from `candidates`, a superset of the matches that reads no positions and
        scores each section as the exact query would; one small query keeps the exact ones. The top
        hits are read four times deeper each round until `wanted` reports score above the last hit
        read (no report left out can beat them), or the last hit scores 0, or all hits are read.
        """
        limit = TOP_HITS_PER_REPORT * max(1, wanted)
        while True:
            hits = searcher.search(candidates, limit=limit, count=False).hits
            addresses = [address for _score, address in hits]
            section_ids = searcher.fast_field_values("section_id", addresses)
            report_ids = searcher.fast_field_values("report_id", addresses)
            matching = self._matching_among(searcher, exact, section_ids)
            best: dict[int, float] = {}
            for (score, _address), section_id, report_id in zip(hits, section_ids, report_ids, strict=True):
                if section_id in matching:
                    best.setdefault(report_id, score)
            if len(hits) < limit:  # every hit read
                return best
            floor = hits[-1][0]
            if floor <= 0:
                return best
            above = {report_id: score for report_id, score in best.items() if score > floor}
            if len(above) >= wanted:
                return above
            limit *= 4

    def _matching_among(self, searcher, exact, section_ids: list[int]) -> set[int]:
        """Which of these sections the exact query matches."""
        if not section_ids:
            return set()
        among = tantivy.Query.term_set_query(self.schema, "section_id", section_ids)
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, exact), (tantivy.Occur.Must, among)])
        hits = searcher.search(query, limit=len(section_ids), count=False).hits
        return set(searcher.fast_field_values("section_id", [address for _score, address in hits]))

    def _best_sections(self, searcher, ranked, report_ids: list[int], limit: int) -> dict[int, list[int]]:
        """Each report's `limit` best matching sections, best first: one query over all of them, then
        one per report that the first left short (when it stopped at its limit)."""
        best: dict[int, list[int]] = {report_id: [] for report_id in report_ids}
        if not report_ids:
            return best
        in_reports = tantivy.Query.term_set_query(self.schema, "report_id", report_ids)
        read = SECTIONS_READ_PER_SECTION_SHOWN * limit * len(report_ids)
        complete = self._collect_sections(searcher, ranked, in_reports, read, best, limit)
        for report_id in [] if complete else report_ids:
            if len(best[report_id]) < limit:
                best[report_id] = []
                in_report = tantivy.Query.term_query(self.schema, "report_id", report_id)
                self._collect_sections(searcher, ranked, in_report, limit, best, limit)
        return best

    def _collect_sections(self, searcher, ranked, within, read: int, best: dict, limit: int) -> bool:
        """Add the best `read` hits of `ranked` within `within` to `best`; True when that was all of them."""
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, ranked), (tantivy.Occur.Must, within)])
        hits = searcher.search(query, limit=read, count=False).hits
        addresses = [address for _score, address in hits]
        owners = searcher.fast_field_values("report_id", addresses)
        section_ids = searcher.fast_field_values("section_id", addresses)
        for report_id, section_id in zip(owners, section_ids, strict=True):
            if len(best[report_id]) < limit:
                best[report_id].append(section_id)
        return len(hits) < read

    def _report_table(self, searcher) -> "_ReportTable":
        """Every report in this commit with its year and region lineage, read once per searcher."""
        if self._table_for is not searcher:
            hits = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs, count=False).hits
            addresses = [address for _score, address in hits]
            columns = np.array(
                [
                    searcher.fast_field_values(name, addresses)
                    for name in ("report_id", "year", "region1", "region2", "region3")
                ],
                dtype=np.int64,
            ).reshape(5, -1)
            report_ids, first = np.unique(columns[0], return_index=True)
            self._table = _ReportTable(report_ids, columns[1, first], columns[2:5, first].T.copy())
            self._table_for = searcher
        return self._table

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
        """haystack's search entry point, answered with the archive's exact semantics."""
        from reports.models import Section

        matches = self.exact_search(parse_query(query_string or ""))
        start, end = kwargs.get("start_offset", 0), kwargs.get("end_offset")
        app_label, model_name = get_model_ct_tuple(Section)
        results = [
            SearchResult(app_label, model_name, match.section_id, match.score) for match in matches[start:end]
        ]
        return {"results": results, "hits": len(matches), "facets": {}, "spelling_suggestion": None}

    def more_like_this(self, *args, **kwargs):
        raise SearchBackendError("more_like_this is not offered by the archive's tantivy backend")

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


@dataclass(frozen=True)
class _ReportTable:
    """Every report in a commit: sorted ids, and each one's year and (province, prefecture, county)."""

    ids: np.ndarray
    years: np.ndarray
    regions: np.ndarray

    def id_ranges(self, size: int) -> list[tuple[int, int] | None]:
        """Inclusive report id ranges, `size` reports in each at most; [None] when one range holds all."""
        if len(self.ids) <= size:
            return [None]
        starts = [int(self.ids[row]) for row in range(size, len(self.ids), size)]
        lows, highs = [-(2**63), *starts], [start - 1 for start in starts] + [2**63 - 1]
        return list(zip(lows, highs, strict=True))


@cache
def _threads() -> ThreadPoolExecutor:
    """Threads for tantivy reads that run beside another read of the same search."""
    return ThreadPoolExecutor(4, thread_name_prefix="tantivy-read")


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


class ArchiveTantivyQuery(BaseSearchQuery):
    """haystack's query object; the archive searches through `reports.search.service`, not through it."""

    def build_query_fragment(self, field, filter_type, value):
        return str(value)


class ArchiveTantivyEngine(BaseEngine):
    backend = ArchiveTantivyBackend
    query = ArchiveTantivyQuery
