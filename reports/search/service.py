"""The one search function views call: parameters in, grouped results with snippets and facets out.

The index finds the matching sections (exact: every term a substring of heading + text, after
normalisation) and gives their reports as columns (`ReportHits`); ordering, facets and pagination
happen here on those columns, and only the page's reports and shown sections are read from the
database.

Without any search term but with a filter, the reports the filters allow are listed (newest first
for the relevance order, no sections, no snippets); with neither, nothing is listed.
"""

import logging
import math
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from haystack import connections

from reports.models import Body, Region, Report, Section
from reports.search.engines.base import Match, ReportHits, SearchBackend, report_hits_from_matches
from reports.search.normalize import normalize
from reports.search.query import Query, parse_query
from reports.search.snippets import snippet_html
from reports.search_indexes import section_document_text

log = logging.getLogger(__name__)

REPORTS_PER_PAGE = 20
SECTIONS_PER_REPORT = 3
YEAR_MIN, YEAR_MAX = 1949, 2100
SORTS = ("relevance", "newest", "oldest")
PAGE_MAX = 10_000  # 200,000 reports: a page number past this is a mistake or a probe
_VERIFY_CHUNK = 500


class InvalidSearchParams(ValueError):
    """A parameter out of range; `message` is shown to the reader (HTTP 400)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _year(data, name: str) -> int | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        raise InvalidSearchParams(f"{name} 不是年份：{raw[:20]}") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidSearchParams(f"{name} 应在 {YEAR_MIN}–{YEAR_MAX} 之间：{raw[:20]}")
    return year


def _page(data) -> int:
    raw = (data.get("page") or "").strip() or "1"
    try:
        page = int(raw)
    except ValueError:
        raise InvalidSearchParams(f"page 不是页码：{raw[:20]}") from None
    if page < 1:
        raise InvalidSearchParams(f"page 应从 1 开始：{page}")
    if page > PAGE_MAX:
        raise InvalidSearchParams(f"page 超出范围：最多 {PAGE_MAX} 页")
    return page


def _choice(data, name: str, choices, default: str | None) -> str | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise InvalidSearchParams(f"{name} 不可用：{raw[:20]}")
    return raw


def _printable(text: str) -> str:
    """Control and format characters as spaces, as the query parser reads them: echoed on a page, a
    bidi override would reorder the text after it and an escape sequence would reach a log as is."""
    return "".join(" " if unicodedata.category(char) in {"Cc", "Cf", "Cs"} else char for char in text)


def _region(data) -> Region | None:
    raw = (data.get("region") or "").strip()
    if not raw:
        return None
    region = Region.objects.select_related("parent__parent").filter(pk=raw).first()
    if region is None:
        raise InvalidSearchParams(f"没有这个地区代码：{raw[:20]}")
    return region


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    region: Region | None = None  # any level; a prefecture includes its counties
    year_from: int | None = None
    year_to: int | None = None
    body: str | None = None  # a `Body` value
    sort: str = "relevance"  # one of SORTS
    page: int = 1

    @classmethod
    def from_query_dict(cls, data) -> "SearchParams":
        """Parameters from a request's GET (any mapping with `.get`); blank values count as absent."""
        year_from, year_to = _year(data, "year_from"), _year(data, "year_to")
        if year_from and year_to and year_from > year_to:
            raise InvalidSearchParams(f"year_from {year_from} 晚于 year_to {year_to}")
        return cls(
            q=_printable((data.get("q") or "")[:1000]),
            region=_region(data),
            year_from=year_from,
            year_to=year_to,
            body=_choice(data, "body", Body.values, None),
            sort=_choice(data, "sort", SORTS, "relevance"),
            page=_page(data),
        )

    @property
    def region_code(self) -> str | None:
        return self.region.adcode if self.region else None

    @property
    def has_filters(self) -> bool:
        return bool(self.region or self.year_from or self.year_to or self.body)


@dataclass
class SectionHit:
    section_id: int
    position: int
    heading: str
    url: str
    snippet_html: str


@dataclass
class ReportHit:
    report: Report
    score: float
    sections: list[SectionHit] = field(default_factory=list)


@dataclass
class SearchResults:
    query: Query
    params: SearchParams
    report_count: int = 0
    section_count: int = 0
    results: list[ReportHit] = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {"year": {}, "region": []})
    page: int = 1
    num_pages: int = 1
    truncated: bool = False


def search(params: SearchParams) -> SearchResults:
    """Run a search; never raises on what was typed in `q`."""
    query = parse_query(params.q)
    results = SearchResults(query=query, params=params, page=params.page, truncated=query.truncated)
    if query.is_empty and not params.has_filters:
        return results
    hits = matching_reports(query, params)
    stop = params.page * REPORTS_PER_PAGE
    shown = ordered_reports(hits, params.sort, stop)[stop - REPORTS_PER_PAGE : stop]
    results.results = load_hits(shown, query, hits)  # an engine may still be counting meanwhile
    results.report_count, results.section_count = hits.report_count, hits.section_count
    results.facets = facets(hits, params.region_code)
    results.num_pages = max(1, math.ceil(hits.report_count / REPORTS_PER_PAGE))
    return results


def matching_reports(query: Query, params: SearchParams) -> ReportHits:
    """The matching reports and how to reach their best sections; each matching section is read only to
    verify a phrase with a space (the engine's `report_hits` may never read them one by one)."""
    if query.needs_verification:
        return report_hits_from_matches(matching_sections(query, params))
    return _backend().report_hits(
        query,
        wanted=params.page * REPORTS_PER_PAGE if params.sort == "relevance" else 0,
        region=params.region_code,
        year_from=params.year_from,
        year_to=params.year_to,
        body=params.body,
    )


def matching_sections(query: Query, params: SearchParams, *, scored: bool = True) -> list[Match]:
    """Every section matching the query and the filters, best first: exact, verified when needed.

    Callers that only count or sort the matches themselves pass `scored=False`: ranking is skipped.
    """
    if query.is_empty and not params.has_filters:
        return []
    matches = _backend().exact_search(
        query,
        region=params.region_code,
        year_from=params.year_from,
        year_to=params.year_to,
        body=params.body,
        scored=scored,
    )
    return verified(matches, query) if query.needs_verification else matches


def _backend() -> SearchBackend:
    return connections["default"].get_backend()


def verified(matches: list[Match], query: Query) -> list[Match]:
    """Only the matches whose stored text really satisfies `query` (the index approximates phrases)."""
    keep: set[int] = set()
    ids = [match.section_id for match in matches]
    for start in range(0, len(ids), _VERIFY_CHUNK):
        rows = Section.objects.filter(pk__in=ids[start : start + _VERIFY_CHUNK]).only("pk", "heading", "text")
        keep.update(row.pk for row in rows if query.matches(normalize(section_document_text(row))))
    return [match for match in matches if match.section_id in keep]


def ordered_reports(hits: ReportHits, sort: str, stop: int) -> list[tuple[int, float]]:
    """The first `stop` matching reports as (report id, score), in the order asked for.

    Relevance: best section score, then newest; newest/oldest: by year (unknown last), then id.
    Scores are 0 unless the order is by relevance. When `stop` reports score above 0, they are the
    first `stop` (every other report scores lower), and the engine's other columns are not needed.
    """
    if sort == "relevance":
        best = hits.best_scores(stop)
        scored = {report_id: score for report_id, score in best.items() if score > 0}
        if len(scored) >= stop:
            ids = np.fromiter(scored, dtype=np.int64, count=len(scored))
            scores = np.fromiter(scored.values(), dtype=np.float64, count=len(scored))
            return _first(ids, scores, hits.years_of(ids), stop, newest=True)
    columns = hits.columns
    ids, years = columns.report_ids, columns.years
    scores = np.zeros(len(ids))
    if sort == "relevance" and best:
        by_id = np.argsort(ids)
        listed = np.fromiter(best, dtype=np.int64, count=len(best))
        scores[by_id[np.searchsorted(ids, listed, sorter=by_id)]] = list(best.values())
    return _first(ids, scores, years, stop, newest=sort != "oldest")


def _first(ids, scores, years, stop: int, *, newest: bool) -> list[tuple[int, float]]:
    """The `stop` first rows by score, then year (unknown last) and id, newest or oldest first."""
    sign = -1 if newest else 1
    order = np.lexsort((sign * ids, sign * years, years == 0, -scores))[:stop]
    return [(int(ids[row]), float(scores[row])) for row in order]


def facets(hits: ReportHits, region: str | None) -> dict:
    """Reports per year (known years only) and per child region of the current region filter."""
    columns = hits.columns
    known = columns.years[columns.years > 0]
    years = dict(zip(*(column.tolist() for column in np.unique(known, return_counts=True)), strict=True))
    children = _child_regions(columns.regions, region)
    adcodes, counts = np.unique(children[children > 0], return_counts=True)
    regions = Region.objects.in_bulk([str(adcode) for adcode in adcodes.tolist()])
    region_counts = sorted(
        (
            (regions[str(adcode)], count)
            for adcode, count in zip(adcodes.tolist(), counts.tolist(), strict=True)
            if str(adcode) in regions
        ),
        key=lambda item: (-item[1], item[0].adcode),
    )
    return {"year": years, "region": region_counts}


def _child_regions(lineages: np.ndarray, region: str | None) -> np.ndarray:
    """Per report, the adcode one level below `region` in its lineage (0 = none; all provinces if None)."""
    if region is None:
        return lineages[:, 0]
    code = int(region)
    below = np.zeros(len(lineages), dtype=np.int64)
    for depth in range(lineages.shape[1] - 1):
        inside = lineages[:, depth] == code
        below[inside] = lineages[inside, depth + 1]
    return below


def load_hits(shown: list[tuple[int, float]], query: Query, matched: ReportHits) -> list[ReportHit]:
    """The page's reports and their best sections with snippets: two queries, snippets from the DB."""
    report_ids = [report_id for report_id, _score in shown]
    # public(): the index never holds a held report, but one held a moment ago may be there until the
    # commit's re-index lands (or a failed one is retried); it is left out of the page all the same.
    rows = Report.objects.public().select_related("region__parent__parent").defer("text")
    reports = rows.in_bulk(report_ids)
    best = {} if query.is_empty else matched.best_sections(report_ids, SECTIONS_PER_REPORT)
    shown_ids = [section_id for section_ids in best.values() for section_id in section_ids]
    sections = Section.objects.in_bulk(shown_ids) if shown_ids else {}
    hits = []
    for report_id, score in shown:
        report = reports.get(report_id)
        if report is None:  # deleted or held since it was indexed; the index catches up after the commit
            log.warning("search index holds report %s, not a public report in the database", report_id)
            continue
        hit, url = ReportHit(report=report, score=score), report.get_absolute_url()
        for section_id in best.get(report_id, ()):
            section = sections.get(section_id)
            if section is not None:
                hit.sections.append(_section_hit(url, section, query))
        hits.append(hit)
    return hits


def _section_hit(report_url: str, section: Section, query: Query) -> SectionHit:
    return SectionHit(
        section_id=section.pk,
        position=section.position,
        heading=section.heading,
        url=f"{report_url}#{section.anchor}",
        snippet_html=snippet_html(section_document_text(section), query),
    )
