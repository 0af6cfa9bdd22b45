"""What every search engine backend gives the search service (settings.ARCHIVE_SEARCH_ENGINE picks one).

A backend offers `exact_search(query, *, region, year_from, year_to, body, scored) -> list[Match]`
(and may offer `report_hits` with the same arguments, returning `ReportHits`),
`replace_report`, `remove_report`, `document_count` and haystack's `update`/`clear` (used by
`rebuild_index`); nothing above `reports.search.service` knows which engine runs.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass


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
    """The matching reports of a search, without one object per matching section.

    `best_scores` maps each matching report to its best section's score; `info` gives a report's year
    (0 = unknown) and region lineage; `best_sections(report_ids, limit)` the ids of each report's best
    matching sections, best first. An engine that can answer these from its own columns (tantivy)
    spares the search service a Python object per matching section.
    """

    section_count: int
    best_scores: dict[int, float]
    info: Mapping[int, tuple[int, tuple[str, ...]]]
    best_sections: Callable[[list[int], int], dict[int, list[int]]]


def report_hits_from_matches(matches: list[Match]) -> ReportHits:
    """ReportHits over a list of every matching section, best first (any engine's `exact_search`)."""
    best_scores: dict[int, float] = {}
    info: dict[int, tuple[int, tuple[str, ...]]] = {}
    sections: dict[int, list[int]] = {}
    for match in matches:
        if match.report_id not in best_scores:
            best_scores[match.report_id] = match.score
            info[match.report_id] = (match.year, match.regions)
            sections[match.report_id] = []
        sections[match.report_id].append(match.section_id)

    def best_sections(report_ids: list[int], limit: int) -> dict[int, list[int]]:
        return {report_id: sections.get(report_id, [])[:limit] for report_id in report_ids}

    return ReportHits(len(matches), best_scores, info, best_sections)
