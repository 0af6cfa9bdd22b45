"""The matching reports of a search, from tantivy's columns and aggregations: nothing per matching section.

A terms aggregation counts the matching reports; their years and regions come from a per-commit table
of every report; the ranking is read only as deep as the page needs, beside the counting in another
thread (tantivy releases the GIL).
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import tantivy

from reports.search.engines.base import ReportColumns, ReportHits, report_hits_from_matches
from reports.search.engines.tantivy.queries import exact_query, filter_clauses, ranking_clauses
from reports.search.query import Query

# Reports per terms aggregation (tantivy refuses more than 65,000 buckets); hits read per report wanted.
AGGREGATION_REPORTS = 50_000
TOP_HITS_PER_REPORT = 10
# The shown reports' sections are read in one query, this many hits for each section shown.
SECTIONS_READ_PER_SECTION_SHOWN = 4


class ReportReader:
    """Reads `ReportHits` from the searchers of one index, keeping its table of reports per commit."""

    def __init__(self, schema: tantivy.Schema):
        self.schema = schema
        self._table, self._table_for = None, None

    def report_hits(self, searcher, query: Query, *, wanted: int = 0, **filters) -> ReportHits:
        """The matching reports from tantivy's columns and aggregations: nothing per matching section.

        The reports and their section counts come from a terms aggregation on report_id; their years
        and regions from a per-commit table of every report. Scores are read only as far down the
        ranking as the page needs (see `ReportHits.best_scores`): for the `wanted` best reports, that
        read runs beside the aggregation, in another thread (tantivy releases the GIL).
        """
        clauses = filter_clauses(self.schema, **filters)
        if searcher is None or searcher.num_docs == 0 or query.is_empty and not clauses:
            return report_hits_from_matches([])
        if query.is_empty:
            exact, ranked, candidates = tantivy.Query.boolean_query(clauses), None, None
        else:
            exact = exact_query(self.schema, query, clauses)
            ranking = ranking_clauses(self.schema, query)
            ranked = tantivy.Query.boolean_query([(tantivy.Occur.Must, exact), *ranking])
            candidates = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, exact_query(self.schema, query, clauses, exact=False)), *ranking]
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

    def _report_counts(self, searcher, exact, table: "ReportTable") -> tuple[np.ndarray, np.ndarray]:
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

    def _report_table(self, searcher) -> "ReportTable":
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
            self._table = ReportTable(report_ids, columns[1, first], columns[2:5, first].T.copy())
            self._table_for = searcher
        return self._table


@dataclass(frozen=True)
class ReportTable:
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
