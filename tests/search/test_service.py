"""The search service on the configured engine: parameters, order, pages, escaped snippets, verified
phrases. Result sets, filters, facets and marked snippets, on every engine:
every_engine/test_engine_conformance.py."""

import pytest
from django.http import QueryDict

from reports.models import Report
from reports.search.query import parse_query
from reports.search.service import (
    REPORTS_PER_PAGE,
    InvalidSearchParams,
    SearchParams,
    matching_sections,
    search,
)
from reports.search.sync import index_report
from tests.factories import make_report
from tests.search.cases import all_pages, stored_truth


def test_a_quoted_phrase_with_a_space_is_verified_against_the_text(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        spaced = make_report(sections=[("一", "发扬协商 民主作用")])
        joined = make_report(sections=[("一", "民主与协商并重")])
    hits = search(SearchParams(q='"协商 民主"'))
    assert [hit.report.pk for hit in hits.results] == [spaced.pk]
    assert hits.section_count == 1
    assert joined.pk in {hit.report.pk for hit in search(SearchParams(q="协商 民主")).results}


def test_sort_orders(indexed_samples):
    relevance = search(SearchParams(q="协商")).results
    assert [hit.score for hit in relevance] == sorted((hit.score for hit in relevance), reverse=True)
    newest = [hit.report.filed_year or 0 for hit in search(SearchParams(q="协商", sort="newest")).results]
    known = [year for year in newest if year]
    assert known == sorted(known, reverse=True) and newest[: len(known)] == known
    oldest = [
        hit.report.filed_year
        for hit in search(SearchParams(q="协商", sort="oldest")).results
        if hit.report.filed_year
    ]
    assert oldest == sorted(oldest) and oldest != sorted(oldest, reverse=True)


def test_snippets_are_escaped(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_report(sections=[("一", "<script>alert(1)</script>推进协商&民主")])
    section = search(SearchParams(q="协商")).results[0].sections[0]
    assert "&lt;script&gt;" in section.snippet_html and "<script>" not in section.snippet_html
    assert "<mark>协商</mark>&amp;民主" in section.snippet_html


def test_pages_hold_twenty_reports(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reports = [make_report(year=2000 + number) for number in range(REPORTS_PER_PAGE + 5)]
    first = search(SearchParams(q="协商", sort="newest"))
    second = search(SearchParams(q="协商", sort="newest", page=2))
    assert (first.report_count, first.num_pages) == (len(reports), 2)
    assert len(first.results) == REPORTS_PER_PAGE and len(second.results) == 5
    assert not {hit.report.pk for hit in first.results} & {hit.report.pk for hit in second.results}
    assert first.results[0].report.year == 2024 and second.results[-1].report.year == 2000
    assert search(SearchParams(q="协商", page=3)).results == []


def test_it_never_raises_on_what_was_typed(indexed_samples):
    typed = [
        '"',
        "(",
        "*",
        "OR",
        "-",
        "a:b",
        "\x00协商",
        "协" * 5000,
        "NOT ~ ^ 协商 OR",
        "\ud800",
        "协商" * 30,
    ]
    for raw in typed:
        results = search(SearchParams(q=raw))
        assert results.section_count == len(stored_truth(raw)), raw


def test_index_report_is_enough_for_a_report_made_without_signals(db):
    report = make_report(sections=[("一", "独有词语甲乙丙")])  # on_commit never runs inside a test
    assert search(SearchParams(q="甲乙丙")).report_count == 0
    index_report(report)
    assert search(SearchParams(q="甲乙丙")).report_count == 1


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("page=0", "page"),
        ("page=x", "page"),
        ("year_from=abc", "year_from"),
        ("year_to=1800", "year_to"),
        ("year_from=2101", "year_from"),
        ("year_from=2024&year_to=2020", "year_from"),
        ("body=公司", "body"),
        ("region=999999", "地区"),
        ("sort=random", "sort"),
    ],
)
def test_out_of_range_parameters_are_refused(db, query_string, message):
    with pytest.raises(InvalidSearchParams) as error:
        SearchParams.from_query_dict(QueryDict(query_string))
    assert message in error.value.message


def test_parameters_are_read_from_a_query_dict(db):
    params = SearchParams.from_query_dict(
        QueryDict("q=协商&region=330800&year_from=2020&year_to=2024&body=政协常委会&sort=oldest&page=2")
    )
    assert params.q == "协商" and params.region.adcode == "330800" and params.region_code == "330800"
    assert (params.year_from, params.year_to, params.body, params.sort, params.page) == (
        2020,
        2024,
        "政协常委会",
        "oldest",
        2,
    )
    assert SearchParams.from_query_dict(QueryDict("q=&year_from=&page=")) == SearchParams()


@pytest.fixture
def ranked_reports(db, django_capture_on_commit_callbacks, monkeypatch):
    """45 reports over three pages whose best sections score differently, some equally (same text).

    On tantivy the ranking is read a few hits at a time, so its widening reads are exercised too.
    """
    monkeypatch.setattr("reports.search.engines.tantivy.hits.TOP_HITS_PER_REPORT", 1)
    filler = "推进工作落实,加强调查研究。"
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(45):
            sections = [
                ("一", "协商" * (1 + number % 7) + filler * (1 + number % 5)),
                ("二", filler * (1 + number % 3) + "协商民主"),
                ("三", filler * 2 if number % 4 else "协商于民" + filler),
                ("四", "协商" * (1 + number % 2) + filler * (1 + number % 3)),
            ]
            make_report(year=2000 + number % 9 if number % 10 else None, sections=sections)


def test_relevance_order_and_best_sections_follow_the_section_scores(ranked_reports):
    raw = "协商"
    matches = matching_sections(parse_query(raw), SearchParams(q=raw))
    best_score: dict[int, float] = {}
    section_scores: dict[int, list[float]] = {}
    score_of = {match.section_id: match.score for match in matches}
    for match in matches:
        best_score[match.report_id] = max(best_score.get(match.report_id, 0.0), match.score)
        section_scores.setdefault(match.report_id, []).append(match.score)
    years = dict(Report.objects.values_list("pk", "year"))
    expected = sorted(best_score, key=lambda pk: (-best_score[pk], -(years[pk] or 0), -pk))
    shown = all_pages(SearchParams(q=raw))
    assert [hit.report.pk for hit in shown] == expected
    assert len(set(best_score.values())) < len(best_score), "some reports should score the same"
    for hit in shown:
        assert hit.score == pytest.approx(best_score[hit.report.pk])
        top = sorted(section_scores[hit.report.pk], reverse=True)[:3]
        assert [score_of[section.section_id] for section in hit.sections] == pytest.approx(top)


def test_every_page_of_every_order_lists_each_report_once(ranked_reports):
    for sort in ("relevance", "newest", "oldest"):
        shown = [hit.report.pk for hit in all_pages(SearchParams(q="协商", sort=sort))]
        assert sorted(shown) == sorted(Report.objects.values_list("pk", flat=True)), sort
    newest = [hit.report for hit in all_pages(SearchParams(q="协商", sort="newest"))]
    assert [(r.year or 0) for r in newest if r.year] == sorted(
        (r.year for r in newest if r.year), reverse=True
    )
    assert all(r.year is None for r in newest[-5:])


def test_reports_that_score_the_same_are_ordered_newest_first_across_pages(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("reports.search.engines.tantivy.hits.TOP_HITS_PER_REPORT", 1)
    with django_capture_on_commit_callbacks(execute=True):
        reports = [
            make_report(year=1990 + number * 7 % 30, sections=[("一", "推进协商民主")])
            for number in range(30)
        ]
    expected = [report.pk for report in sorted(reports, key=lambda report: (-report.year, -report.pk))]
    assert [hit.report.pk for hit in all_pages(SearchParams(q="协商"))] == expected


def test_sections_with_every_bigram_apart_never_rank_or_show(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    """A section holding 议事 and 事堂 but not 议事堂 scores high on the words; it must not be a hit."""
    monkeypatch.setattr("reports.search.engines.tantivy.hits.TOP_HITS_PER_REPORT", 1)
    with django_capture_on_commit_callbacks(execute=True):
        decoys = [make_report(sections=[("一", "议事 议事 议事 事堂 议事 事堂")]) for _ in range(25)]
        hits = [
            make_report(sections=[("一", "民生议事堂" + "推进工作。" * number)]) for number in range(1, 25)
        ]
    shown = all_pages(SearchParams(q="议事堂"))
    assert {hit.report.pk for hit in shown} == {report.pk for report in hits}
    assert not {hit.report.pk for hit in shown} & {report.pk for report in decoys}
    scores = [hit.score for hit in shown]
    assert scores == sorted(scores, reverse=True)
