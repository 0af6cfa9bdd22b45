"""What every search engine backend gives the search service (settings.ARCHIVE_SEARCH_ENGINE picks one).

A backend offers `exact_search(query, *, region, year_from, year_to, body, scored) -> list[Match]`,
`replace_report`, `remove_report`, `document_count` and haystack's `update`/`clear` (used by
`rebuild_index`); nothing above `reports.search.service` knows which engine runs.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Match:
    """One matching section, as the index knows it."""

    section_id: int
    report_id: int
    year: int  # 0 = unknown
    regions: tuple[str, ...]  # adcodes, province first
    score: float
