"""Keyword-in-context concordance: every occurrence of every positive term in every matching section.

Sections are those the search service matches (same analyzer, phrases, filters). In each section's
searchable text (heading, then text) the occurrences of each positive term are found where the normalised
text holds it (`reports.research.occurrences`), and the hit and its context are cut from the original
text at those offsets.

Overlaps: occurrences of one term that overlap are all hits (协协 twice in 协协协, as the snippets mark
them); an occurrence lying inside a longer term's occurrence is not repeated (with 协商 and 政治协商
both searched, "政治协商" is one hit, not two lines showing the same passage); occurrences of different
terms that only partly overlap are separate hits, each with its own context.

Order: year as filed (stated, else inferred; unknown last), region code, report, section, position in
the section. Sections are read from the database in batches, so an export streams however many hits
there are; a page reads only as many as it shows and counts (`concordance_page`).
"""

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from reports.models import Section
from reports.research.occurrences import occurrences
from reports.search.engines.base import Match, ReportColumns
from reports.search.query import Query
from reports.search.service import InvalidSearchParams, SearchParams, matching_reports, matching_sections
from reports.search_indexes import section_document_text

CONTEXT_CHARS = 30
HITS_PER_PAGE = 100
BATCH_SIZE = 500
# A page counts the hits of at least this many sections (all of them when there are no more); past
# that the count is a lower bound, which the page says.
COUNT_SECTIONS = 3_000
# Matching reports whose sections are read at once, and the most sections of one report read.
REPORTS_PER_READ = 20
MAX_SECTIONS_PER_REPORT = 500
# Line breaks would break a concordance line (and a CSV row); each becomes one space, so lengths hold.
_LINE_BREAKS_RE = re.compile(r"[\n\r\t\v\f\x85\u2028\u2029]")

Span = tuple[int, int]


@dataclass(frozen=True)
class KwicHit:
    adcode: str | None
    region_name: str | None  # the full name, province first
    year: int | None  # as the text states it
    year_inferred: int | None  # when the text states none
    body: str | None
    report_id: int
    report_url: str  # site-relative
    section_id: int
    section_url: str  # site-relative, with the section's #anchor
    left: str
    hit: str
    right: str

    @property
    def anchor(self) -> str:
        return self.section_url.partition("#")[2]


@dataclass(frozen=True)
class KwicPage:
    count: int  # hits in the sections counted: all matching sections when `count_exact`
    page: int
    num_pages: int  # when the count is not exact, one more than the pages counted
    hits: list[KwicHit]
    count_exact: bool = True
    section_count: int = 0  # matching sections
    counted_sections: int = 0


def concordance_spans(text: str, query: Query) -> list[Span]:
    """Where the hits of `query` are in `text`, in text order, nested occurrences folded (see above)."""
    spans = {span for term in query.positive_terms for span in occurrences(text, term)}
    kept: list[Span] = []
    reach = -1
    # Sorted by start, longest first: a span inside an earlier one ends before that one's end.
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if end > reach:
            kept.append((start, end))
            reach = end
    return kept


def context(text: str, span: Span, chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(left, hit, right) of a span, up to `chars` characters each side, line breaks as spaces."""
    start, end = span
    pieces = text[max(0, start - chars) : start], text[start:end], text[end : end + chars]
    return tuple(_LINE_BREAKS_RE.sub(" ", piece) for piece in pieces)


def concordance_order(matches: list[Match]) -> list[int]:
    """Section ids in concordance order."""
    ordered = sorted(
        matches,
        key=lambda match: (
            match.year == 0,
            match.year,
            match.regions[-1:],
            match.report_id,
            match.section_id,
        ),
    )
    return [match.section_id for match in ordered]


def matching_section_ids(query: Query, params: SearchParams) -> list[int]:
    """Every section holding a hit, in concordance order; none without a positive term."""
    return [] if query.is_empty else concordance_order(matching_sections(query, params, scored=False))


def read_sections(
    section_ids: list[int], batch_size: int | None = None, *, with_report: bool = True
) -> Iterator[Section]:
    """The sections in the given order, one query per `batch_size` ids; with their report and region,
    or (`with_report=False`, for counting) only their heading and text.

    Only one batch is in memory at a time; a section deleted (or its report held) since it was indexed
    is skipped.
    """
    batch_size = batch_size or BATCH_SIZE
    public = Section.objects.public()
    sections = (
        public.select_related("report__region__parent__parent").defer("report__text", "report__warnings")
        if with_report
        else public.only("heading", "text")
    )
    for first in range(0, len(section_ids), batch_size):
        batch = section_ids[first : first + batch_size]
        by_id = {row.pk: row for row in sections.filter(pk__in=batch).iterator(chunk_size=batch_size)}
        yield from (by_id[pk] for pk in batch if pk in by_id)


def section_hits(section: Section, query: Query, shown: slice = slice(None)) -> list[KwicHit]:
    """The section's hits (those of the `shown` slice) with the section's report, region and links."""
    text = section_document_text(section)
    report, region = section.report, section.report.region
    report_url = report.get_absolute_url()
    hits = []
    for span in concordance_spans(text, query)[shown]:
        left, hit, right = context(text, span)
        hits.append(
            KwicHit(
                adcode=report.region_id,
                region_name=region.full_name if region else None,
                year=report.year,
                year_inferred=report.year_inferred,
                body=report.body or None,
                report_id=report.pk,
                report_url=report_url,
                section_id=section.pk,
                section_url=f"{report_url}#{section.anchor}",
                left=left,
                hit=hit,
                right=right,
            )
        )
    return hits


def iter_hits(query: Query, section_ids: list[int], batch_size: int | None = None) -> Iterator[KwicHit]:
    """Every hit of the given sections, in order, reading the sections a batch at a time."""
    for section in read_sections(section_ids, batch_size):
        yield from section_hits(section, query)


def concordance_page(query: Query, params: SearchParams, per_page: int = HITS_PER_PAGE) -> KwicPage:
    """Page `params.page` of the concordance, and the count of hits.

    The matching reports come from the engine's columns in concordance order (no object per matching
    section); their sections are read from the database a few reports at a time until the page is
    full and at least COUNT_SECTIONS sections are counted. When every matching section has been read
    the count is exact; otherwise it counts the hits of the sections read (`count_exact` is False),
    and later pages read on as far as they need. Raises InvalidSearchParams for a page after the last.
    """
    if query.is_empty:
        return KwicPage(count=0, page=1, num_pages=1, hits=[])
    first, last = (params.page - 1) * per_page, params.page * per_page
    hits = matching_reports(query, params)
    count, counted, window = 0, 0, {}  # window: section id → the slice of its hits on the page
    reports = report_order(hits.columns)
    read_all = True
    for start in range(0, len(reports), REPORTS_PER_READ):
        if count >= last and counted >= COUNT_SECTIONS:
            read_all = False
            break
        batch = reports[start : start + REPORTS_PER_READ].tolist()
        by_report = hits.best_sections(batch, MAX_SECTIONS_PER_REPORT)
        section_ids = [
            section_id for report_id in batch for section_id in sorted(by_report.get(report_id, []))
        ]
        for section in read_sections(section_ids, with_report=False):
            found = len(concordance_spans(section_document_text(section), query))
            if count < last and count + found > first:
                window[section.pk] = slice(max(0, first - count), last - count)
            count, counted = count + found, counted + 1
    num_pages = max(1, math.ceil(count / per_page)) + (0 if read_all else 1)
    if params.page > num_pages:
        raise InvalidSearchParams(f"page 超出范围：共 {num_pages} 页")
    shown = [
        hit
        for section in read_sections(list(window))
        for hit in section_hits(section, query, window[section.pk])
    ]
    return KwicPage(
        count=count,
        page=params.page,
        num_pages=num_pages,
        hits=shown,
        count_exact=read_all,
        section_count=hits.section_count,
        counted_sections=counted,
    )


def report_order(columns: ReportColumns) -> np.ndarray:
    """The matching reports' ids in concordance order: year (unknown last), deepest region code, id."""
    regions = columns.regions
    deepest = np.where(
        regions[:, 2] > 0, regions[:, 2], np.where(regions[:, 1] > 0, regions[:, 1], regions[:, 0])
    )
    order = np.lexsort((columns.report_ids, deepest, columns.years, columns.years == 0))
    return columns.report_ids[order]


def hit_json(hit: KwicHit, absolute: Callable[[str], str]) -> dict:
    """One hit as in GET /api/kwic and each line of the JSONL download; `absolute` makes URLs absolute."""
    return {
        "region": {"adcode": hit.adcode, "name": hit.region_name},
        "year": hit.year,
        "year_inferred": hit.year_inferred,
        "body": hit.body,
        "report_id": hit.report_id,
        "report_url": absolute(hit.report_url),
        "section_id": hit.section_id,
        "section_url": absolute(hit.section_url),
        "left": hit.left,
        "hit": hit.hit,
        "right": hit.right,
    }


CSV_HEADER = [
    "地区代码",
    "地区",
    "年份",
    "推定年份",
    "报告机关",
    "报告ID",
    "报告链接",
    "章节ID",
    "章节链接",
    "左语境",
    "检索词",
    "右语境",
]


def hit_row(hit: KwicHit, absolute: Callable[[str], str]) -> list:
    """One hit as a row of the CSV download, in the order of CSV_HEADER."""
    return [
        hit.adcode,
        hit.region_name,
        hit.year,
        hit.year_inferred,
        hit.body,
        hit.report_id,
        absolute(hit.report_url),
        hit.section_id,
        absolute(hit.section_url),
        hit.left,
        hit.hit,
        hit.right,
    ]
