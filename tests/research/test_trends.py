"""Term trends on the indexed samples: counts against the database, the JSON, the CSV, the chart, errors."""

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Q

from reports.models import Report, Section
from reports.research.trends import MAX_TERMS, parse_terms
from reports.search.normalize import normalize
from reports.search.service import InvalidSearchParams
from reports.search_indexes import section_document_text
from tests.factories import make_report

SVG = "{http://www.w3.org/2000/svg}"
TERMS = ["共同富裕", "数字", "请你来协商", "高质量发展", "議事", "“委员 会客厅”"]


def in_region(adcode: str) -> Q:
    return (
        Q(report__region=adcode) | Q(report__region__parent=adcode) | Q(report__region__parent__parent=adcode)
    )


def brute_force(term: str, region: str | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """Per year filed under (stated, else inferred): reports whose section text holds `term` (normalise,
    then substring), and all reports."""
    sections = Section.objects.select_related("report").exclude(report__year=None, report__year_inferred=None)
    if region:
        sections = sections.filter(in_region(region))
    needle = normalize(term.strip("“”"))
    mentioning, every = defaultdict(set), defaultdict(set)
    for section in sections:
        every[section.report.filed_year].add(section.report_id)
        if needle in normalize(section_document_text(section)):
            mentioning[section.report.filed_year].add(section.report_id)
    return {year: len(mentioning[year]) for year in every}, {year: len(ids) for year, ids in every.items()}


def svg_of(response) -> ET.Element:
    html = response.content.decode()
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 -- markup the site itself made


@pytest.fixture
def samples(indexed_samples):
    return indexed_samples


def test_counts_and_shares_are_those_of_the_database(client, samples):
    data = client.get("/api/trends", {"q": ",".join(TERMS)}).json()

    assert data["terms"] == TERMS
    assert len(data["series"]) == len(TERMS)
    mentioned = 0
    for term, series in zip(TERMS, data["series"], strict=True):
        counts, totals = brute_force(term)
        assert series["term"] == term
        assert data["years"] == sorted(totals)
        assert data["reports_per_year"] == {str(year): count for year, count in totals.items()}
        assert series["counts"] == {str(year): count for year, count in counts.items()}
        for year, count in counts.items():
            assert series["shares"][str(year)] == pytest.approx(count / totals[year])
        mentioned += sum(counts.values())
    assert 0 < mentioned < len(TERMS) * sum(totals.values())


def test_the_denominator_counts_every_dated_report_under_the_filters(client, samples):
    data = client.get("/api/trends", {"q": "协商"}).json()

    dated = Counter(report.filed_year for report in Report.objects.all() if report.filed_year)
    assert data["reports_per_year"] == {str(year): count for year, count in dated.items()}
    assert Report.objects.filter(year__isnull=True, year_inferred__isnull=False).exists()  # counted
    assert Report.objects.filter(year__isnull=True, year_inferred__isnull=True).exists()  # left out


def test_a_region_filter_narrows_counts_and_denominator(client, samples):
    data = client.get("/api/trends", {"q": "共同富裕,协商", "region": "330800"}).json()

    for term, series in zip(["共同富裕", "协商"], data["series"], strict=True):
        counts, totals = brute_force(term, region="330800")
        assert data["reports_per_year"] == {str(year): count for year, count in totals.items()}
        assert series["counts"] == {str(year): count for year, count in counts.items()}
    assert data["years"] == [2024]


def test_year_and_body_filters_apply(client, samples):
    years = client.get("/api/trends", {"q": "协商", "year_from": 2024, "year_to": 2025}).json()
    government = client.get("/api/trends", {"q": "协商", "body": "政府"}).json()

    assert years["years"] == [2024, 2025]
    assert government["years"] == []
    assert government["series"][0]["counts"] == {}


def test_each_point_counts_what_its_search_link_finds(client, samples):
    response = client.get("/trends/", {"q": "共同富裕，高质量发展"})

    links = svg_of(response).iter(f"{SVG}a")
    checked = 0
    for link in links:
        url = urlsplit(link.get("href"))
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        assert url.path == "/search/"
        assert query["year_from"] == query["year_to"]
        api = client.get("/api/trends", {"q": query["q"]}).json()
        found = client.get("/api/search", query).json()["count"]
        assert found == api["series"][0]["counts"][query["year_from"]]
        checked += found
    assert checked > 0


def test_the_chart_is_well_formed_with_a_line_per_term_and_a_link_per_point(client, samples):
    response = client.get("/trends/", {"q": "共同富裕\n数字，请你来协商"})

    svg = svg_of(response)
    years = response.context["trends"].years
    assert len(svg.findall(f"{SVG}polyline")) == 3
    assert len(list(svg.iter(f"{SVG}a"))) == 3 * len(years)
    assert all(len(line.get("points").split()) == len(years) for line in svg.findall(f"{SVG}polyline"))
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "年份" in texts and "提及报告占比" in texts
    assert {"共同富裕", "数字", "请你来协商"} <= set(texts)
    assert svg.find(f"{SVG}title").text.startswith("各年提及报告占比")
    assert svg.get("aria-describedby") == svg.find(f"{SVG}desc").get("id")


def test_the_page_has_a_table_and_no_inline_style_or_script(client, samples):
    response = client.get("/trends/", {"q": "共同富裕,数字"})

    main = response.content.decode().split("<main", 1)[1]
    assert response.status_code == 200
    assert "<table" in main and "提及报告占比" in main
    assert "style=" not in main and "<script" not in main
    first = response.context["rows"][0]
    assert [cell["count"] for cell in first["cells"]] == [
        brute_force(term)[0][first["year"]] for term in ("共同富裕", "数字")
    ]


def test_the_csv_download_has_a_bom_and_the_same_figures(client, samples):
    response = client.get("/trends/", {"q": "共同富裕,数字", "format": "csv"})
    api = client.get("/api/trends", {"q": "共同富裕,数字"}).json()

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "trends.csv" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "年份",
        "报告数",
        "共同富裕 提及报告数",
        "共同富裕 占比",
        "数字 提及报告数",
        "数字 占比",
    ]
    assert [int(row[0]) for row in rows[1:]] == api["years"]
    for row in rows[1:]:
        year = row[0]
        assert int(row[1]) == api["reports_per_year"][year]
        assert int(row[2]) == api["series"][0]["counts"][year]
        assert float(row[5]) == pytest.approx(api["series"][1]["shares"][year], abs=1e-4)


def test_it_shows_an_introduction_without_terms(client, db):
    response = client.get("/trends/")

    assert response.status_code == 200
    assert "输入一个或几个词" in response.content.decode()
    assert client.get("/api/trends").status_code == 400


def test_it_says_so_when_nothing_is_mentioned(client, samples):
    response = client.get("/trends/", {"q": "议事堂建设"})

    assert response.status_code == 200
    assert "没有报告提及这些词" in response.content.decode()


def test_it_says_so_when_the_filters_leave_no_report(client, samples):
    response = client.get("/trends/", {"q": "协商", "body": "法院"})

    assert response.status_code == 200
    assert "没有已知年份的报告" in response.content.decode()
    assert "<svg" not in response.content.decode().split("<main", 1)[1]


BAD_PARAMETERS = [
    {"q": ",".join(f"词{number}" for number in range(MAX_TERMS + 1))},
    {"q": "协商", "year_from": "abc"},
    {"q": "协商", "year_from": "2025", "year_to": "2020"},
    {"q": "协商", "region": "999999"},
    {"q": "协商", "body": "人民"},
    {"q": "协商", "format": "xlsx"},
    {"q": "协商, -议事堂"},
    {"q": "(", "format": "csv"},
]


def test_bad_parameters_get_a_400_with_a_message(client, samples):
    for params in BAD_PARAMETERS:
        page = client.get("/trends/", params)

        assert page.status_code == 400, params
        assert "参数有误" in page.content.decode()
        if "format" not in params:  # the API has no downloads
            api = client.get("/api/trends", params)
            assert api.status_code == 400, params
            assert api.json()["error"]
    assert "最多比较 6 个词" in client.get("/api/trends", BAD_PARAMETERS[0]).json()["error"]


HOSTILE = [
    "<script>alert(1)</script>",
    "text:协商",
    "协商~2 AND (",
    '"请你来',
    "x" * 5000,
    "協商^3",
    "'; DROP TABLE x; --",
    "协\x00商\x07\u200b，\x1b数字",
]


def test_hostile_terms_are_escaped_and_never_fail(client, samples):
    for term in HOSTILE:
        page = client.get("/trends/", {"q": term})
        api = client.get("/api/trends", {"q": term})
        csv_response = client.get("/trends/", {"q": term, "format": "csv"})

        assert page.status_code == 200, term
        assert api.status_code == 200, term
        assert csv_response.status_code == 200, term
        assert "<script>alert" not in page.content.decode()
        svg_of(page)  # still well-formed XML
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/trends/", {"q": HOSTILE[0]}).content.decode()
    )


def test_a_quoted_phrase_with_a_space_is_one_term(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_report(year=2023, sections=[("一", "发扬协商 民主作用")])
        make_report(year=2023, sections=[("一", "民主与协商并重")])
        make_report(year=2024, sections=[("一", "协商 民主，协商民主")])

    data = client.get("/api/trends", {"q": '"协商 民主"，协商民主'}).json()

    assert data["terms"] == ['"协商 民主"', "协商民主"]
    assert data["reports_per_year"] == {"2023": 2, "2024": 1}
    assert data["series"][0]["counts"] == {"2023": 1, "2024": 1}
    assert data["series"][1]["counts"] == {"2023": 0, "2024": 1}
    assert data["series"][0]["shares"] == {"2023": 0.5, "2024": 1.0}


def test_terms_split_at_commas_of_either_width_and_line_breaks():
    terms = parse_terms(" 共同富裕，数字化改革,\r\n协商 民主\n\n共同富裕, ")

    assert [term.text for term in terms] == ["共同富裕", "数字化改革", "协商 民主"]
    assert terms[2].query.required == (("协商",), ("民主",))


def test_control_characters_in_a_term_become_spaces():
    terms = parse_terms("协\x00商\x07\u200b民主，\x1b数字")

    assert [term.text for term in terms] == ["协 商 民主", "数字"]


def test_more_than_six_terms_or_a_term_without_words_is_refused():
    with pytest.raises(InvalidSearchParams, match="最多比较"):
        parse_terms("一,二,三,四,五,六,七")
    with pytest.raises(InvalidSearchParams, match="没有可检索的词"):
        parse_terms("协商, -议事堂")
    assert parse_terms("") == []
