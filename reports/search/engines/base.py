"""What every search engine gives the archive: the typed contract, and the values that cross it.

Each engine is a haystack backend (settings.SEARCH_ENGINES, picked by ARCHIVE_SEARCH_ENGINE) that
offers `SearchBackend`: the search service (`reports.search.service`), the index's sync
(`reports.search.sync`) and its integrity checks (`reports.search.integrity`) call nothing else, and
haystack's `rebuild_index`/`clear_index` call `update`/`clear`. Nothing above the engine knows which one
runs; `tests/search/every_engine/test_engine_conformance.py` holds every engine to the same results.

Nothing here imports an engine's library, Django or haystack.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np

from reports.search.query import Query

DUPLICATE = ""  # the digest an engine gives a section held twice: never equal to a real one


class IndexUnreadable(Exception):
    """Raised by an engine's `document_digests` when its index cannot be opened or read."""


@dataclass(frozen=True, slots=True)
class Match:
    """One matching section, as the index knows it."""

    section_id: int
    report_id: int
    year: int  # 0 = unknown
    regions: tuple[str, ...]  # adcodes, province first
    score: float


@dataclass(frozen=True)
class ReportColumns:
    """Every matching report, one row each in no particular order, and how many sections match.

    `years`: 0 = unknown; `regions`: adcodes of province, prefecture and county, 0 = none at that level.
    """

    section_count: int
    report_ids: np.ndarray
    years: np.ndarray
    regions: np.ndarray

    @classmethod
    def from_rows(cls, section_count: int, rows: list[tuple[int, int, int, int, int]]) -> "ReportColumns":
        table = np.array(rows, dtype=np.int64).reshape(-1, 5)
        return cls(section_count, table[:, 0], table[:, 1], table[:, 2:5])


class ReportHits:
    """The matching reports of a search, without one object per matching section.

    `columns` (`ReportColumns`) may be computed while the caller does other work: an engine passes a
    function, called the first time they are needed.

    `best_scores(wanted)` maps reports to their best section's score. A report it leaves out scores
    lower than every report it lists, or 0; it lists at least the `wanted` best, or every report that
    scores above 0. `years_of(report_ids)` gives those reports' years (0 = unknown) without the
    columns. `best_sections(report_ids, limit)` gives the ids of each report's best matching
    sections, best first.
    """

    def __init__(
        self,
        columns: "ReportColumns | Callable[[], ReportColumns]",
        *,
        best_scores: Callable[[int], dict[int, float]],
        years_of: Callable[[np.ndarray], np.ndarray],
        best_sections: Callable[[list[int], int], dict[int, list[int]]],
    ):
        self._columns = columns
        self.best_scores, self.years_of, self.best_sections = best_scores, years_of, best_sections

    @cached_property
    def columns(self) -> ReportColumns:
        return self._columns() if callable(self._columns) else self._columns

    @property
    def report_count(self) -> int:
        return len(self.columns.report_ids)

    @property
    def section_count(self) -> int:
        return self.columns.section_count


def lineage_codes(regions: tuple[str, ...]) -> tuple[int, int, int]:
    """A region lineage (adcodes, province first) as the three integers of `ReportColumns.regions`."""
    codes = [int(code) for code in regions[:3]]
    return (*codes, *[0] * (3 - len(codes)))


def report_hits_from_matches(matches: list[Match]) -> ReportHits:
    """ReportHits over a list of every matching section, best first (any engine's `exact_search`)."""
    best_scores: dict[int, float] = {}
    years: dict[int, int] = {}
    rows: list[tuple[int, int, int, int, int]] = []
    sections: dict[int, list[int]] = {}
    for match in matches:
        if match.report_id not in best_scores:
            best_scores[match.report_id] = match.score
            years[match.report_id] = match.year
            rows.append((match.report_id, match.year, *lineage_codes(match.regions)))
            sections[match.report_id] = []
        sections[match.report_id].append(match.section_id)

    def best_sections(report_ids: list[int], limit: int) -> dict[int, list[int]]:
        return {report_id: sections.get(report_id, [])[:limit] for report_id in report_ids}

    return ReportHits(
        ReportColumns.from_rows(len(matches), rows),
        best_scores=lambda _wanted: best_scores,
        years_of=lambda report_ids: np.array([years[report_id] for report_id in report_ids], dtype=np.int64),
        best_sections=best_sections,
    )


@runtime_checkable
class SearchBackend(Protocol):
    """What the archive calls on `haystack.connections["default"].get_backend()`.

    Filters, wherever they are taken: `region` is an adcode at any level (a prefecture includes its
    counties), `year_from`/`year_to` an inclusive range (a section of unknown year is in none), `body` a
    `reports.models.Body` value. A query matches a section when every term is a substring of its
    normalised heading + text (`Query.matches`), except a quoted phrase with a space, where the engine
    may return a superset (`Query.needs_verification`: the service verifies).

    Every write waits for the index's write lock (held by this or another process) for a while, then
    raises; readers see a commit whole or not at all. `sections` passed to a write may be a lazy
    queryset, read only once the lock is held.
    """

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
        """Every matching section, best first when `scored` (else unscored, in any order).

        An empty query with filters matches every section the filters allow (unscored); an empty
        query without filters matches nothing.
        """
        ...

    def report_hits(
        self,
        query: Query,
        *,
        wanted: int = 0,
        region: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        body: str | None = None,
    ) -> ReportHits:
        """The matching reports of `exact_search`; `wanted`: the number of best reports a page shows."""
        ...

    def replace_report(self, search_index: Any, report_id: int, sections: Iterable[Any]) -> None:
        """Delete every document of the report, then add `sections`, in one commit."""
        ...

    def remove_report(self, report_id: int, section_ids: Iterable[int] = ()) -> None:
        """Delete the report's documents, and those of `section_ids` (strays), in one commit."""
        ...

    def update(self, index: Any, iterable: Iterable[Any], commit: bool = True) -> None:
        """Index (or re-index) the given sections in one commit (haystack's `rebuild_index`)."""
        ...

    def remove(self, obj_or_string: Any, commit: bool = True) -> None:
        """Delete one section's document, given the section or haystack's "app.model.pk" identifier."""
        ...

    def clear(self, models: Any = None, commit: bool = True) -> None:
        """Empty the index as one commit, even when it cannot be read (it is then made anew)."""
        ...

    def document_count(self) -> int:
        """How many documents (sections) the latest commit holds."""
        ...

    def document_digests(self) -> dict[int, str]:
        """Section id → the digest it was indexed with (`DUPLICATE` if held twice); `IndexUnreadable`."""
        ...

    def close_searcher(self) -> None:
        """Forget the open reader: the next read opens the latest commit afresh."""
        ...
