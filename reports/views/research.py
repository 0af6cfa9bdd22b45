"""Term trends and the keyword-in-context concordance: pages, downloads and JSON on reports.research."""

from itertools import chain
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from reports.models import Body
from reports.research import kwic
from reports.research.export import csv_lines, jsonl_lines
from reports.research.svg import line_chart
from reports.research.trends import MAX_TERMS, Trends, parse_terms, term_trends, trends_json, trends_rows
from reports.search.query import Query, parse_query
from reports.search.service import InvalidSearchParams, SearchParams

JSON_OPTIONS = {"ensure_ascii": False}
CSV_TYPE = "text/csv; charset=utf-8"
JSONL_TYPE = "application/x-ndjson; charset=utf-8"
FORM_FIELDS = ("q", "region", "year_from", "year_to", "body")


def _output(data, allowed: tuple[str, ...]) -> str:
    raw = (data.get("format") or "").strip() or "html"
    if raw not in allowed:
        raise InvalidSearchParams(f"format 不可用：{raw[:20]}")
    return raw


def _searchable(query: Query) -> Query:
    if query.is_empty:
        raise InvalidSearchParams("q 为空，或其中没有可检索的词")
    return query


def _page_context(request, **context) -> dict:
    """What both pages show around their results: the form as typed and the filter choices."""
    form = {name: request.GET.get(name, "") for name in FORM_FIELDS}
    return {"form": form, "bodies": Body.choices, "max_terms": MAX_TERMS, **context}


def _filters(params: SearchParams) -> dict:
    return {name: value for name, value in (("region", params.region_code), ("body", params.body)) if value}


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# Term trends


def trends_page(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
        terms = parse_terms(request.GET.get("q", ""))
        download = _output(request.GET, ("html", "csv")) == "csv"
        if download and not terms:
            raise InvalidSearchParams("q 为空：给出要比较的词")
    except InvalidSearchParams as error:
        return render(request, "reports/trends.html", _page_context(request, error=str(error)), status=400)
    trends = term_trends(terms, params) if terms else None
    if download:
        return _attachment(HttpResponse("".join(csv_lines(trends_rows(trends))), CSV_TYPE), "trends.csv")
    context = _page_context(request, params=params, trends=trends)
    if trends and trends.years:
        href = _search_link(params)
        context.update(
            chart=mark_safe(line_chart(trends, href)),  # noqa: S308 -- every text in it is escaped by svg.py
            rows=_table_rows(trends, href),
            term_links=[(term, _kwic_link(term, params)) for term in trends.terms],
            mentioned=any(any(series.counts.values()) for series in trends.series),
        )
    return render(request, "reports/trends.html", context)


def trends_api(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
        terms = parse_terms(request.GET.get("q", ""))
        if not terms:
            raise InvalidSearchParams("q 为空：给出要比较的词，以逗号分隔")
    except InvalidSearchParams as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(trends_json(term_trends(terms, params)), json_dumps_params=JSON_OPTIONS)


def _search_link(params: SearchParams):
    """href(term, year): the search page for one term in one year, under the same filters."""
    search = reverse("reports:search")

    def href(term: str, year: int) -> str:
        return f"{search}?{urlencode({'q': term, 'year_from': year, 'year_to': year, **_filters(params)})}"

    return href


def _kwic_link(term: str, params: SearchParams) -> str:
    query = {"q": term, **_filters(params)}
    query.update({name: getattr(params, name) for name in ("year_from", "year_to") if getattr(params, name)})
    return f"{reverse('reports:kwic')}?{urlencode(query)}"


def _table_rows(trends: Trends, href) -> list[dict]:
    return [
        {
            "year": year,
            "total": trends.reports_per_year[year],
            "cells": [
                {
                    "count": series.counts[year],
                    "share": f"{series.shares[year] * 100:.1f}%",
                    "href": href(series.term, year),
                }
                for series in trends.series
            ],
        }
        for year in trends.years
    ]


# Keyword in context


def kwic_page(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
        output = _output(request.GET, ("html", "csv", "jsonl"))
        query = parse_query(params.q)
        if output != "html":
            return _kwic_download(request, _searchable(query), params, output)
        page = None if query.is_empty else kwic.concordance_page(query, params)
    except InvalidSearchParams as error:
        return render(request, "reports/kwic.html", _page_context(request, error=str(error)), status=400)
    context = _page_context(request, params=params, page=page)
    if page:
        context["lines"] = [(hit, _reading_link(hit, params.q)) for hit in page.hits]
        context["first_number"] = (page.page - 1) * kwic.HITS_PER_PAGE + 1
    return render(request, "reports/kwic.html", context)


def kwic_api(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
        page = kwic.concordance_page(_searchable(parse_query(params.q)), params)
    except InvalidSearchParams as error:
        return JsonResponse({"error": str(error)}, status=400)
    data = {
        "count": page.count,
        "count_exact": page.count_exact,
        "section_count": page.section_count,
        "page": page.page,
        "num_pages": page.num_pages,
        "results": [kwic.hit_json(hit, request.build_absolute_uri) for hit in page.hits],
    }
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


def _reading_link(hit: kwic.KwicHit, q: str) -> str:
    """The section on the report page with the query's hits marked."""
    return f"{hit.report_url}?{urlencode({'q': q})}#{hit.anchor}"


def _kwic_download(request, query: Query, params: SearchParams, output: str):
    """Every hit, streamed: the matching sections are found first, then read and written a batch at a time."""
    hits = kwic.iter_hits(query, kwic.matching_section_ids(query, params))
    absolute = request.build_absolute_uri
    if output == "csv":
        rows = chain([kwic.CSV_HEADER], (kwic.hit_row(hit, absolute) for hit in hits))
        return _attachment(StreamingHttpResponse(csv_lines(rows), content_type=CSV_TYPE), "kwic.csv")
    lines = jsonl_lines(kwic.hit_json(hit, absolute) for hit in hits)
    return _attachment(StreamingHttpResponse(lines, content_type=JSONL_TYPE), "kwic.jsonl")
