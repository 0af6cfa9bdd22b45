"""The concordance on the indexed samples: exports against a brute-force scan, streaming, pages, errors."""

import csv
import io
import json
import math
from collections import Counter

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from reports.models import Section
from reports.research import kwic
from reports.research.export import spreadsheet_cell
from reports.search.normalize import normalize
from reports.search.query import parse_query
from reports.search_indexes import section_document_text
from tests.factories import make_report

QUERIES = ["协商", "政治协商 协商", "民生议事堂 OR 委员会客厅", "協商 -议事堂", "共同富裕"]
HIT_KEYS = {
    "region",
    "year",
    "year_inferred",
    "body",
    "report_id",
    "report_url",
    "section_id",
    "section_url",
    "left",
    "hit",
    "right",
}


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(start, start + len(needle)) for start in range(len(text)) if text.startswith(needle, start)]


def flat(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def brute_force(raw: str) -> Counter:
    """(section id, left, hit, right) of every hit, from a scan of every section's text."""
    query = parse_query(raw)
    expected = Counter()
    for section in Section.objects.all():
        text = section_document_text(section)
        normalized = normalize(text)
        if not query.matches(normalized):
            continue
        spans = {span for term in query.positive_terms for span in occurrences(normalized, term)}
        for start, end in spans:
            if any(other != (start, end) and other[0] <= start and end <= other[1] for other in spans):
                continue  # inside a longer term's occurrence
            left, hit, right = text[max(0, start - 30) : start], text[start:end], text[end : end + 30]
            expected[(section.pk, flat(left), hit, flat(right))] += 1
    return expected


def jsonl_export(client, **params) -> list[dict]:
    response = client.get("/kwic/", {**params, "format": "jsonl"})
    assert response.status_code == 200
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


@pytest.fixture
def samples(indexed_samples):
    return indexed_samples


def test_the_jsonl_export_holds_every_hit_and_no_other(client, samples):
    for raw in QUERIES:
        hits = jsonl_export(client, q=raw)

        found = Counter((hit["section_id"], hit["left"], hit["hit"], hit["right"]) for hit in hits)
        assert found == brute_force(raw), raw
        assert hits, raw
    nested = brute_force("政治协商 协商")
    assert {hit for _, _, hit, _ in nested} == {"政治协商", "协商"}


def test_each_hit_carries_its_report_section_and_links(client, samples):
    hits = jsonl_export(client, q="委员会客厅")

    sections = Section.objects.select_related("report__region").in_bulk([hit["section_id"] for hit in hits])
    for hit in hits:
        section = sections[hit["section_id"]]
        report = section.report
        assert set(hit) == HIT_KEYS
        assert hit["region"] == {"adcode": report.region_id, "name": report.region.full_name}
        assert (hit["year"], hit["year_inferred"]) == (report.year, report.year_inferred)
        assert (hit["body"], hit["report_id"]) == (report.body, report.pk)
        assert hit["report_url"] == f"http://testserver/report/{report.pk}/"
        assert hit["section_url"] == f"http://testserver/report/{report.pk}/#s{section.position}"
        assert normalize(hit["hit"]) == "委员会客厅"
        assert len(hit["left"]) <= 30 and len(hit["right"]) <= 30
        assert "\n" not in hit["left"] + hit["right"]


def test_hits_run_by_year_then_section_then_position(client, samples):
    hits = jsonl_export(client, q="协商")

    filed = [hit["year"] or hit["year_inferred"] for hit in hits]  # the year filed under
    keys = [
        (year is None, year or 0, hit["region"]["adcode"], hit["report_id"])
        for year, hit in zip(filed, hits, strict=True)
    ]
    assert keys == sorted(keys)
    assert len(set(filed)) > 1


def test_the_csv_export_has_a_bom_a_header_and_the_same_rows(client, samples):
    response = client.get("/kwic/", {"q": "协商", "format": "csv"})

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kwic.csv"'
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == kwic.CSV_HEADER
    expected = [
        [str(spreadsheet_cell(value)) for value in row]
        for row in (
            [
                hit["region"]["adcode"],
                hit["region"]["name"],
                hit["year"] or "",
                hit["year_inferred"] or "",
                hit["body"],
                hit["report_id"],
                hit["report_url"],
                hit["section_id"],
                hit["section_url"],
                hit["left"],
                hit["hit"],
                hit["right"],
            ]
            for hit in jsonl_export(client, q="协商")
        )
    ]
    assert rows[1:] == expected
    assert sum(brute_force("协商").values()) == len(rows) - 1


def test_an_export_streams_a_batch_of_sections_per_query(client, samples, monkeypatch):
    monkeypatch.setattr(kwic, "BATCH_SIZE", 3)
    matching = sum(
        1 for section in Section.objects.all() if "协商" in normalize(section_document_text(section))
    )
    response = client.get("/kwic/", {"q": "协商", "format": "jsonl"})

    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as first:
        next(chunks)
    with CaptureQueriesContext(connection) as rest:
        lines = 1 + sum(1 for _ in chunks)
    assert len(first) == 1  # only the first batch has been read
    assert len(first) + len(rest) == math.ceil(matching / 3) > 3
    assert lines == sum(brute_force("协商").values())


def test_the_page_shows_aligned_lines_and_the_total(client, samples):
    response = client.get("/kwic/", {"q": "委员会客厅"})

    html = response.content.decode()
    total = sum(brute_force("委员会客厅").values())
    assert response.status_code == 200
    assert f"共 <strong>{total}</strong> 处" in html
    assert html.count('class="kwic-hit"') == total + 1  # the header cell too
    assert "format=csv" in html and "format=jsonl" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_the_api_pages_through_every_hit(client, samples):
    every = jsonl_export(client, q="协商")
    first = client.get("/api/kwic", {"q": "协商"}).json()
    second = client.get("/api/kwic", {"q": "协商", "page": 2}).json()

    assert set(first) == {"count", "count_exact", "section_count", "page", "num_pages", "results"}
    assert first["count_exact"] is True
    assert first["count"] == len(every) > kwic.HITS_PER_PAGE
    assert first["section_count"] == len({hit["section_id"] for hit in every})
    assert first["num_pages"] == math.ceil(len(every) / kwic.HITS_PER_PAGE)
    assert (first["page"], second["page"]) == (1, 2)
    assert first["results"] + second["results"] == every[: 2 * kwic.HITS_PER_PAGE]
    beyond = client.get("/api/kwic", {"q": "协商", "page": first["num_pages"] + 1})
    assert beyond.status_code == 400
    assert "超出范围" in beyond.json()["error"]


def test_past_the_sections_counted_the_count_is_a_lower_bound_and_pages_read_on(client, samples, monkeypatch):
    monkeypatch.setattr(kwic, "COUNT_SECTIONS", 2)
    monkeypatch.setattr(kwic, "REPORTS_PER_READ", 1)
    every = jsonl_export(client, q="协商")
    pages, page, num_pages = [], 1, 1
    while page <= num_pages:
        answer = client.get("/api/kwic", {"q": "协商", "page": page}).json()
        pages.append(answer)
        page, num_pages = page + 1, answer["num_pages"]

    first = pages[0]
    assert first["count_exact"] is False
    assert kwic.HITS_PER_PAGE <= first["count"] < len(every)
    assert first["section_count"] == len({hit["section_id"] for hit in every})
    assert first["num_pages"] == math.ceil(first["count"] / kwic.HITS_PER_PAGE) + 1
    assert [hit for answer in pages for hit in answer["results"]] == every  # nothing skipped or repeated
    assert pages[-1]["count_exact"] is True and pages[-1]["count"] == len(every)
    html = client.get("/kwic/", {"q": "协商"}).content.decode()
    assert f"至少 <strong>{first['count']}</strong> 处" in html
    assert f"{first['section_count']} 个章节含“协商”" in html


def test_the_search_page_links_to_the_concordance_and_the_trends(client, samples):
    html = client.get(
        "/search/", {"q": "协商", "region": "330800", "page": "1", "sort": "newest"}
    ).content.decode()

    assert 'href="/kwic/?q=%E5%8D%8F%E5%95%86&amp;region=330800"' in html
    assert 'href="/trends/?q=%E5%8D%8F%E5%95%86&amp;region=330800"' in html
    assert "语境索引 / 导出" in html


def test_it_handles_no_hits_and_no_query(client, samples):
    none = client.get("/kwic/", {"q": "议事堂建设"})
    blank = client.get("/kwic/")

    assert none.status_code == blank.status_code == 200
    assert "没有找到包含“议事堂建设”的章节" in none.content.decode()
    assert "输入一个词" in blank.content.decode()
    assert client.get("/api/kwic", {"q": "议事堂建设"}).json() == {
        "count": 0,
        "count_exact": True,
        "section_count": 0,
        "page": 1,
        "num_pages": 1,
        "results": [],
    }


BAD_PARAMETERS = [
    {"q": "协商", "page": "abc"},
    {"q": "协商", "page": "0"},
    {"q": "协商", "page": "999"},
    {"q": "协商", "year_to": "99999"},
    {"q": "协商", "region": "999999"},
    {"q": "协商", "body": "人民"},
    {"q": "协商", "format": "xlsx"},
    {"q": "-协商", "format": "csv"},
    {"q": "", "format": "jsonl"},
]


def test_bad_parameters_get_a_400_with_a_message(client, samples):
    for params in BAD_PARAMETERS:
        page = client.get("/kwic/", params)

        assert page.status_code == 400, params
        assert "参数有误" in page.content.decode()
        if "format" not in params:
            api = client.get("/api/kwic", params)
            assert api.status_code == 400, params
            assert api.json()["error"]
    assert client.get("/api/kwic", {"q": "-协商"}).status_code == 400


HOSTILE = [
    "<script>alert(1)</script>",
    "text:协商",
    "协商 AND OR NOT (",
    '"请你来',
    "x" * 5000,
    "協商^3",
    "协商\\",
]


def test_hostile_queries_are_escaped_and_never_fail(client, samples):
    for raw in HOSTILE:
        page = client.get("/kwic/", {"q": raw})
        api = client.get("/api/kwic", {"q": raw})
        export = client.get("/kwic/", {"q": raw, "format": "csv"})

        assert page.status_code == 200, raw
        assert api.status_code == 200, raw
        assert export.status_code == 200, raw
        b"".join(export.streaming_content)
        assert "<script>alert" not in page.content.decode()


def test_hits_are_cut_from_the_original_characters(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(sections=[("加強協商", "推進協商\n民主，ＡＢＣ協商")])

    hits = client.get("/api/kwic", {"q": "协商 abc"}).json()["results"]

    assert [(hit["left"], hit["hit"], hit["right"]) for hit in hits] == [
        ("加強", "協商", " 推進協商 民主，ＡＢＣ協商"),
        ("加強協商 推進", "協商", " 民主，ＡＢＣ協商"),
        ("加強協商 推進協商 民主，", "ＡＢＣ", "協商"),
        ("加強協商 推進協商 民主，ＡＢＣ", "協商", ""),
    ]
    assert {hit["report_id"] for hit in hits} == {report.pk}


def test_nested_occurrences_fold_into_the_longest_and_partial_overlaps_stay():
    query = parse_query("协商 政治协商 商议 协协")

    spans = kwic.concordance_spans("政治协商议事，协协协", query)

    assert spans == [(0, 4), (3, 5), (7, 9), (8, 10)]


def test_context_keeps_offsets_and_turns_line_breaks_into_spaces():
    assert kwic.context("一二三\n四五六七", (4, 6), chars=2) == ("三 ", "四五", "六七")
    assert kwic.context("四五", (0, 2)) == ("", "四五", "")


def test_spreadsheet_cells_never_start_a_formula():
    assert [spreadsheet_cell(value) for value in ("=1+1", "-3%", "@x", "协商", None, 7)] == [
        "'=1+1",
        "'-3%",
        "'@x",
        "协商",
        "",
        7,
    ]
