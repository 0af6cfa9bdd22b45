"""What every search engine backend gives the search service (settings.ARCHIVE_SEARCH_ENGINE picks one).

A backend offers `exact_search(query, *, region, year_from, year_to, body, scored) -> list[Match]`
(and may offer `report_hits` with the same arguments and `wanted`, the number of best reports the
page will ask scores for, returning `ReportHits`),
`replace_report`, `remove_report`, `document_count` and haystack's `update`/`clear` (used by
`rebuild_index`); nothing above `reports.search.service` knows which engine runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np


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
