"""What every search engine backend gives the search service (settings.ARCHIVE_SEARCH_ENGINE picks one).

A backend offers `exact_search(query, *, region, year_from, year_to, body, scored) -> list[Match]`
(and may offer `report_hits` with the same arguments and `wanted`, the number of best reports the
page will ask scores for, returning `ReportHits`),
`replace_report`, `remove_report`, `document_count` and haystack's `update`/`clear` (used by
`rebuild_index`); nothing above `reports.search.service` knows which engine runs.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Match:
    """One matching section, as the index knows it."""

    section_id: int
    report_id: int
    year: int  # 0 = unknown
    regions: tuple[str, ...]  # adcodes, province first
    score: float


@dataclass
class ReportHits:
    """The matching reports of a search as columns, without one object per matching section.

    `report_ids`, `years` (0 = unknown) and `regions` (adcodes of province, prefecture and county;
    0 = none at that level) have one row per matching report, in no particular order.

    `best_scores(wanted)` maps reports to their best section's score, for at least the `wanted` best
    reports: every report it leaves out scores no higher than any report it lists, or 0; it leaves
    out reports only when it lists at least `wanted`, or when all it leaves out score 0.
    `best_sections(report_ids, limit)` gives the ids of each report's best matching sections, best first.
    """

    section_count: int
    report_ids: np.ndarray
    years: np.ndarray
    regions: np.ndarray
    best_scores: Callable[[int], dict[int, float]]
    best_sections: Callable[[list[int], int], dict[int, list[int]]]

    @property
    def report_count(self) -> int:
        return len(self.report_ids)


def lineage_codes(regions: tuple[str, ...]) -> tuple[int, int, int]:
    """A region lineage (adcodes, province first) as the three integers of `ReportHits.regions`."""
    codes = [int(code) for code in regions[:3]]
    return (*codes, *[0] * (3 - len(codes)))


def report_hits_from_matches(matches: list[Match]) -> ReportHits:
    """ReportHits over a list of every matching section, best first (any engine's `exact_search`)."""
    best_scores: dict[int, float] = {}
    rows: list[tuple[int, int, int, int]] = []
    sections: dict[int, list[int]] = {}
    for match in matches:
        if match.report_id not in best_scores:
            best_scores[match.report_id] = match.score
            rows.append((match.report_id, match.year, *lineage_codes(match.regions)))
            sections[match.report_id] = []
        sections[match.report_id].append(match.section_id)
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)

    def best_sections(report_ids: list[int], limit: int) -> dict[int, list[int]]:
        return {report_id: sections.get(report_id, [])[:limit] for report_id in report_ids}

    return ReportHits(
        section_count=len(matches),
        report_ids=table[:, 0],
        years=table[:, 1],
        regions=table[:, 2:5],
        best_scores=lambda _wanted: best_scores,
        best_sections=best_sections,
    )
