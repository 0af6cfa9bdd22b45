"""Term trends: for each term and year, how many reports mention it and what share of that year's reports.

A term is a query in the archive's search syntax; a report mentions it when one of its sections matches,
exactly as on the search page (whose report count for that year and the same filters is the same number).
The share's denominator is the number of public reports (those the index holds) of that year under the
same region and body filters, read from the database; reports are counted under the year they are filed
under (stated, else inferred), as in the index, and those without either are left out of both.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q

from reports.models import Report, filed_year
from reports.search.query import Query, parse_query
from reports.search.service import InvalidSearchParams, SearchParams, matching_reports

MAX_TERMS = 6
MAX_INPUT_CHARS = 1000
# Commas of either width and line breaks separate terms; a comma inside a quoted phrase does too.
_SEPARATORS_RE = re.compile(r"[,，\r\n]+")


@dataclass(frozen=True)
class Term:
    text: str  # as typed, shown in the legend, the table and the links
    query: Query


@dataclass(frozen=True)
class Series:
    term: str
    counts: dict[int, int]  # year → reports mentioning the term, for every year of the trends
    shares: dict[int, float]  # year → counts / reports of that year


@dataclass(frozen=True)
class Trends:
    terms: list[str]
    years: list[int]  # every known year with at least one report under the filters, oldest first
    reports_per_year: dict[int, int]
    series: list[Series]

    @property
    def max_share(self) -> float:
        return max((share for series in self.series for share in series.shares.values()), default=0.0)


def _printable(text: str) -> str:
    """Control and format characters become spaces (they cannot be shown, nor stand in XML); runs of
    spaces become one."""
    return " ".join(
        "".join(" " if unicodedata.category(char) in {"Cc", "Cf", "Cs"} else char for char in text).split()
    )


def parse_terms(raw: str) -> list[Term]:
    """The terms of `q` as typed (before any other cleaning, which would turn line breaks into spaces),
    split at commas (either width) and line breaks; blanks and repeats dropped.

    Raises InvalidSearchParams for more than MAX_TERMS terms, or a term with nothing to search for
    (only exclusions or punctuation).
    """
    parts = _SEPARATORS_RE.split((raw or "")[:MAX_INPUT_CHARS])
    texts = [text for text in dict.fromkeys(_printable(part) for part in parts) if text]
    if len(texts) > MAX_TERMS:
        raise InvalidSearchParams(f"最多比较 {MAX_TERMS} 个词，收到 {len(texts)} 个")
    terms = []
    for text in texts:
        query = parse_query(text)
        if query.is_empty:
            raise InvalidSearchParams(f"“{text[:20]}”中没有可检索的词")
        terms.append(Term(text, query))
    return terms


def term_trends(terms: list[Term], params: SearchParams) -> Trends:
    """Reports per year mentioning each term, under the region, body and year filters of `params`."""
    totals = reports_per_year(params)
    series = [_series(term, params, totals) for term in terms]
    return Trends([term.text for term in terms], sorted(totals), totals, series)


def reports_per_year(params: SearchParams) -> dict[int, int]:
    """Reports of each known year the filters allow; a region includes the regions below it."""
    reports = Report.objects.public().exclude(year=None, year_inferred=None)
    if params.region:
        region = params.region
        reports = reports.filter(
            Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region)
        )
    if params.body:
        reports = reports.filter(body=params.body)
    reports = reports.filed_between(params.year_from, params.year_to)
    # order_by replaces the model's ordering, which would otherwise join the GROUP BY.
    rows = reports.values(filed_as=filed_year()).annotate(count=Count("id")).order_by("filed_as")
    return {row["filed_as"]: row["count"] for row in rows}


def _series(term: Term, params: SearchParams, totals: dict[int, int]) -> Series:
    """The term's reports per year, from the engine's columns of matching reports (one row a report)."""
    years = matching_reports(term.query, params).columns.years
    found, reports = np.unique(years, return_counts=True)
    per_year = dict(zip(found.tolist(), reports.tolist(), strict=True))
    counts = {year: per_year.get(year, 0) for year in sorted(totals)}
    shares = {year: counts[year] / totals[year] for year in counts}
    return Series(term.text, counts, shares)


def trends_json(trends: Trends) -> dict:
    """The JSON of GET /api/trends (years as string keys, as JSON objects need)."""
    return {
        "terms": trends.terms,
        "years": trends.years,
        "reports_per_year": {str(year): count for year, count in trends.reports_per_year.items()},
        "series": [
            {
                "term": series.term,
                "counts": {str(year): count for year, count in series.counts.items()},
                "shares": {str(year): round(share, 6) for year, share in series.shares.items()},
            }
            for series in trends.series
        ],
    }


def trends_rows(trends: Trends) -> Iterator[list]:
    """The CSV download: a header, then one row per year with the report count and each term's figures."""
    header = ["年份", "报告数"]
    for term in trends.terms:
        header += [f"{term} 提及报告数", f"{term} 占比"]
    yield header
    for year in trends.years:
        row = [year, trends.reports_per_year[year]]
        for series in trends.series:
            row += [series.counts[year], f"{series.shares[year]:.4f}"]
        yield row
