"""The search page and the JSON API, on a real whoosh index of the five samples."""

import pytest

from reports.models import Section
from reports.search.sync import index_report
from tests.factories import make_report

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "(", ")", "*", "?", '"', "AND", "OR", "NOT", "text:协商", "协商~2", "协商^3", '"请你来',
    "协商 AND OR NOT",
    "x" * 10_000, "协\x00商\x07", "😀 协商 🚀", "ＡＢＣ１２３", "協商", "<script>alert(1)</script>",
    "-", "--", "-协商", "OR 协商 OR", "\\", "'; DROP TABLE reports_report; --",
]


@pytest.fixture
def samples(indexed_samples):
    return indexed_samples


def brute_force_reports(term):
    return set(Section.objects.filter(text__contains=term).values_list("report_id", flat=True)) | set(
        Section.objects.filter(heading__contains=term).values_list("report_id", flat=True))


def test_it_finds_reports_and_marks_the_hits(client, samples):
    response = client.get("/search/", {"q": "请你来协商"})

    assert response.status_code == 200
    assert "<mark>请你来协商</mark>" in response.content.decode()
    assert response.context["results"].report_count == len(brute_force_reports("请你来协商")) > 0


def test_it_finds_a_string_across_jieba_word_boundaries(client, samples):
    response = client.get("/api/search", {"q": "事堂"})

    data = response.json()
    assert data["count"] == len(brute_force_reports("事堂")) > 0


def test_it_handles_no_results(client, samples):
    response = client.get("/search/", {"q": "议事堂建设"})

    assert response.status_code == 200
    assert "没有找到包含“议事堂建设”的报告" in response.content.decode()


def test_the_api_follows_its_contract(client, samples):
    data = client.get("/api/search", {"q": "协商"}).json()

    assert set(data) >= {"count", "sections", "facets", "results"}
    assert set(data["facets"]) == {"year", "region"}
    first = data["results"][0]
    assert set(first["report"]) >= {"id", "url", "title", "region", "year", "body"}
    assert set(first["sections"][0]) == {"id", "heading", "url", "snippet_html"}
    assert "<mark>" in first["sections"][0]["snippet_html"]


def test_a_region_facet_link_narrows_to_that_region(client, samples):
    data = client.get("/api/search", {"q": "协商", "region": "330800"}).json()

    assert data["count"] == 1
    assert data["results"][0]["report"]["adcode"] == "330802"


def test_year_filters_and_facets_agree(client, samples):
    data = client.get("/api/search", {"q": "协商", "year_from": 2024, "year_to": 2024}).json()

    assert set(data["facets"]["year"]) == {"2024"}
    assert all(
        (result["report"]["year"] or result["report"]["year_inferred"]) == 2024 for result in data["results"]
    )


OUT_OF_RANGE = [
    {"page": "-1"}, {"page": "abc"}, {"year_from": "abc"}, {"year_to": "99999"}, {"region": "999999"},
    {"body": "人民"}, {"sort": "random"},
]


# One index serves every case below: building it is the slow part of these tests.
def test_out_of_range_parameters_get_a_400_with_a_message(client, samples):
    for params in OUT_OF_RANGE:
        page = client.get("/search/", {"q": "协商", **params})
        api = client.get("/api/search", {"q": "协商", **params})

        assert page.status_code == 400, params
        assert "检索参数有误" in page.content.decode()
        assert api.status_code == 400, params
        assert api.json()["error"]


def test_hostile_queries_never_fail(client, samples):
    for query in HOSTILE_QUERIES:
        page = client.get("/search/", {"q": query})
        api = client.get("/api/search", {"q": query})

        assert page.status_code == 200, query
        assert api.status_code == 200, query
        assert "<script>alert" not in page.content.decode()
        assert isinstance(api.json()["count"], int)


def test_a_traditional_query_finds_simplified_text(client, samples):
    simplified = client.get("/api/search", {"q": "协商"}).json()["count"]

    assert client.get("/api/search", {"q": "協商"}).json()["count"] == simplified > 0


def test_a_page_past_the_last_says_so_and_links_back(client, samples):
    last = client.get("/search/", {"q": "协商"}).context["results"].num_pages
    response = client.get("/search/", {"q": "协商", "page": last + 5})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"第 {last + 5} 页没有结果：共 {last} 页" in page
    assert f"page={last}" in page and 'rel="prev"' not in page
    assert response.context["results"].results == []


def test_an_inferred_year_is_filtered_faceted_and_shown_as_inferred(client, db):
    inferred = make_report(year=None, year_inferred=2024, sections=[("一", "珊瑚礁保护协商")])
    stated = make_report(year=2023, sections=[("一", "珊瑚礁保护协商")])
    for report in (inferred, stated):
        index_report(report)

    page = client.get("/search/", {"q": "珊瑚礁保护", "sort": "newest"}).content.decode()
    in_2024 = client.get("/api/search", {"q": "珊瑚礁保护", "year_from": 2024, "year_to": 2024}).json()

    assert " · 2024（推定） · " in page
    assert page.index("2024（推定）") < page.index(" · 2023 · ")
    assert in_2024["facets"]["year"] == {"2024": 1}
    [hit] = in_2024["results"]
    assert (hit["report"]["year"], hit["report"]["year_inferred"]) == (None, 2024)
