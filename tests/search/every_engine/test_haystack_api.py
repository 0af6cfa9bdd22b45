"""haystack's SearchQuerySet on every engine: the archive's own answers, or a NotImplementedError naming
what to use instead. Each test runs once per engine of settings.SEARCH_ENGINES, on the five samples."""

import pytest
from haystack.query import SearchQuerySet

from reports.models import Region, Report
from reports.search.query import parse_query
from reports.search.service import SearchParams, matching_sections, search
from tests.search.cases import stored_truth

PHRASES = ["协商", "民生议事堂", "柯城", "事堂", "议事堂建设", '"请你来协商"', "協商"]


def section_ids(queryset: SearchQuerySet) -> set[int]:
    return {int(result.pk) for result in queryset}


def archive_ids(raw: str, **params) -> set[int]:
    """The sections the archive's own search finds."""
    return {match.section_id for match in matching_sections(parse_query(raw), SearchParams(q=raw, **params))}


def newest_year(reports: list[Report]) -> int:
    return max(report.filed_year for report in reports if report.filed_year)


def test_content_phrases_find_what_the_archive_finds(indexed_samples):
    assert len(stored_truth("民生议事堂")) > 0 and stored_truth("议事堂建设") == set()
    for raw in PHRASES:
        expected = archive_ids(raw)
        assert expected == stored_truth(raw), raw
        assert section_ids(SearchQuerySet().filter(content=raw)) == expected, raw
    assert section_ids(SearchQuerySet().auto_query("柯城")) == archive_ids("柯城")


def test_count_is_the_archive_section_count(indexed_samples):
    for raw in ["协商", "民生议事堂", "议事堂建设"]:
        assert SearchQuerySet().filter(content=raw).count() == search(SearchParams(q=raw)).section_count


def test_filter_by_year_region_and_body(indexed_samples):
    year = newest_year(indexed_samples)
    kecheng = Region.objects.get(pk="330802")
    queryset = SearchQuerySet().filter(content="政协")
    assert (
        section_ids(queryset.filter(year=year)) == archive_ids("政协", year_from=year, year_to=year) != set()
    )
    assert section_ids(queryset.filter(year__lte=year - 1)) == archive_ids("政协", year_to=year - 1)
    assert section_ids(queryset.filter(region="330802")) == archive_ids("政协", region=kecheng) != set()
    assert section_ids(queryset.filter(regions="330300")) != section_ids(queryset.filter(region="330802"))
    assert section_ids(queryset.filter(body="政府")) == set()
    assert section_ids(queryset.filter(body="政协常委会")) == archive_ids("政协", body="政协常委会")


def test_narrow_by_year_region_and_body(indexed_samples):
    year = newest_year(indexed_samples)
    zhejiang = Region.objects.get(pk="330000")
    narrowed = SearchQuerySet().filter(content="协商").narrow(f"year:{year}").narrow("region:330000")
    assert section_ids(narrowed) == archive_ids("协商", year_from=year, year_to=year, region=zhejiang)
    assert section_ids(SearchQuerySet().filter(content="协商").narrow("body:政府")) == set()
    with pytest.raises(NotImplementedError, match="narrow with"):
        SearchQuerySet().filter(content="协商").narrow("协商 OR 民主").count()


def test_a_filter_without_a_phrase_lists_what_it_allows(indexed_samples):
    year = newest_year(indexed_samples)
    assert section_ids(SearchQuerySet().filter(year=year)) == archive_ids("", year_from=year, year_to=year)


@pytest.mark.parametrize(
    ("call", "instead"),
    [
        (lambda sqs: sqs.order_by("-year"), r"order_by.*reports\.search\.service\.search"),
        (lambda sqs: sqs.facet("year"), r"facet.*reports\.search\.service\.search"),
        (lambda sqs: sqs.highlight(), r"highlight.*reports\.search\.service\.search"),
        (lambda sqs: sqs.more_like_this(Report(pk=1)), r"more_like_this.*reports\.research\.similar"),
        (lambda sqs: sqs.exclude(content="民主"), r"exclude.*reports\.search\.service\.search"),
        (lambda sqs: sqs.filter(position=1), r"filter\(position__content.*reports\.search\.service"),
    ],
    ids=["order_by", "facet", "highlight", "more_like_this", "exclude", "other_field"],
)
def test_what_has_no_exact_answer_is_refused_by_name(indexed_samples, call, instead):
    with pytest.raises(NotImplementedError, match=instead):
        list(call(SearchQuerySet().filter(content="协商")))


def test_the_backend_refuses_what_haystack_would_pass_it(search_index_path):
    from haystack import connections

    backend = connections["default"].get_backend()
    for name in ["sort_by", "facets", "highlight"]:
        with pytest.raises(NotImplementedError, match="reports.search.service"):
            backend.search("协商", **{name: ["year"] if name != "highlight" else True})
    with pytest.raises(NotImplementedError, match="reports.research.similar"):
        backend.more_like_this(Report(pk=1))
