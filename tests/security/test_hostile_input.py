"""Hostile input on the public pages, the JSON API and the admin: never a 500, never markup let through.

tests/views/test_search.py already sends a first list of odd queries and out-of-range parameters;
these are the cases it leaves out.
"""

import pytest
from django.utils.html import escape

from reports.ingest import ingest_bytes
from tests.admin.helpers import KECHENG, UPLOAD_URL, upload_file

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>加粗</b>"
# whoosh's own syntax, unbalanced, and in places where its parser would read it as an operator.
WHOOSH_SYNTAX = [
    "(协商",
    "协商)",
    "((协商))",
    "(协商 OR 议事",
    "协*商",
    "协商*",
    "*",
    "协商?",
    "??",
    "heading:协商",
    "year:2024",
    "report_id:1",
    "year:[2000 TO 2030]",
    "text:",
    ":",
    "协商~",
    "协商~2 议事",
    "^协商",
    "协商^",
    "协商^2.5",
    "AND 协商",
    "协商 AND",
    "NOT 协商",
    "协商 NOT",
    "AND OR NOT",
    "协商 && 议事 || 监督",
    "+协商 -",
    "{协商 TO 议事}",
    "协商/议事",
    "协商\\",
    "'协商",
    '"协商',
    '协商"',
    '"协商" "议事',
    '""',
    '"""',
    "「协商",
    "“协商",
]
ODD_TEXT = [
    "\x1b[31m协商\x1b[0m",
    "协\u202e商议事",
    "\u202e",
    "\u200b协商\u200d",
    "协商\ufeff",
    "🏛️协商🇨🇳",
    "👨\u200d👩\u200d👧",
    "ＡＮＤ　协商",
    "（协商）",
    "協商議事",
    "民主監督",
    "<b>协商</b>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% csrf_token %}",
    "%00%27",
    "协商" * 5000,  # 10,000 characters of a real word
]
MARKUP_QUERIES = [SCRIPT, "<b>协商</b>", '"><img src=x onerror=alert(1)>', "</title><script>x</script>"]


@pytest.fixture
def samples(indexed_samples):
    return indexed_samples


def test_whoosh_syntax_and_odd_text_get_results_or_a_message(client, samples):
    for query in WHOOSH_SYNTAX + ODD_TEXT:
        page = client.get("/search/", {"q": query})
        api = client.get("/api/search", {"q": query})

        assert page.status_code == 200, query
        text = page.content.decode()
        assert "份报告" in text or "没有找到" in text or "请输入" in text, query
        assert api.status_code == 200, query
        assert isinstance(api.json()["count"], int), query


def test_a_query_with_markup_is_echoed_escaped(client, samples):
    for query in MARKUP_QUERIES:
        page = client.get("/search/", {"q": query}).content.decode()

        assert query not in page, query
        assert escape(query) in page, query  # in the title, the search box and the no-results line


def test_control_and_bidi_characters_are_not_echoed(client, samples):
    page = client.get("/search/", {"q": "协商\u202e议事\x1b[31m"}).content.decode()

    assert "\u202e" not in page and "\x1b" not in page
    assert "协商 议事 [31m" in page


def test_a_ten_thousand_character_query_is_cut_with_a_message(client, samples):
    page = client.get("/search/", {"q": "协商" * 5000})
    api = client.get("/api/search", {"q": "协商" * 5000})

    assert "检索词过长或过多，只使用了前面的部分" in page.content.decode()
    assert api.json()["truncated"] is True


def test_a_nul_in_a_parameter_is_dropped(client, samples):
    found = client.get("/api/search", {"q": "协商"}).json()["count"]

    assert client.get("/api/search", {"q": "协\x00商"}).json()["count"] == found > 0
    assert client.get("/search/", {"q": "协商", "region": "33\x000802"}).status_code == 200
    assert client.get("/search/", {"q": "协商", "region": "33\x00080"}).status_code == 400


def test_a_query_that_is_not_utf8_is_read_with_replacement_characters(client, samples):
    # A lone surrogate (ED A0 80) and a stray continuation byte: Django decodes them as U+FFFD.
    page = client.get("/search/?q=%ED%A0%80%80%E5%8D%8F")
    api = client.get("/api/search?q=%ED%A0%80%80%E5%8D%8F")

    assert page.status_code == 200 and api.status_code == 200
    assert isinstance(api.json()["count"], int)


OUT_OF_RANGE = [
    {"page": str(10**30)},
    {"page": "1" * 5000},
    {"page": "0"},
    {"page": "1.5"},
    {"page": "-0"},
    {"year_from": str(10**30)},
    {"year_from": "0x7e8"},
    {"year_to": "-2024"},
    {"year_to": "２０２４年"},
    {"year_from": "2024", "year_to": "2020"},
    {"region": "abc"},
    {"region": "33080"},
    {"region": "3308020"},
    {"body": "xyz"},
    {"sort": "xyz"},
    {"sort": "relevance; DROP"},
]


def test_parameters_out_of_range_get_a_400_with_a_message(client, samples):
    for params in OUT_OF_RANGE:
        page = client.get("/search/", {"q": "协商", **params})
        api = client.get("/api/search", {"q": "协商", **params})

        assert page.status_code == 400, params
        assert "检索参数有误" in page.content.decode(), params
        assert api.status_code == 400, params
        assert 0 < len(api.json()["error"]) < 100, params


def test_a_page_past_the_last_is_an_empty_result(client, samples):
    data = client.get("/api/search", {"q": "协商", "page": "99"}).json()

    assert data["count"] > 0 and data["num_pages"] == 1
    assert data["results"] == []


BIG = "9" * 30
NOT_FOUND = [
    "/region/abc/",
    "/region/999999/",
    f"/region/{BIG}/",
    "/region/33%000802/",
    "/region/%E2%80%AE/",
    f"/year/{BIG}/",
    "/year/99999/",
    f"/report/{BIG}/",
    f"/report/{BIG}/json",
    f"/report/{BIG}.json",
    f"/report/{BIG}/text",
    f"/report/{BIG}/original",
    "/report/-1/",
    "/r/ffffffffffff/",
    "/r/%00fffffffffff/",
]


def test_browse_pages_for_things_that_do_not_exist_are_404(client, db):
    for url in NOT_FOUND:
        assert client.get(url).status_code == 404, url


@pytest.fixture
def marked_up(sample_bytes, django_capture_on_commit_callbacks):
    """A sample report whose plain text carries a script and a bold tag, ingested and indexed."""
    text = marked_up_text(sample_bytes)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ingest_bytes(text.encode(), name="marked-up.txt")
    assert outcome.ok, outcome.error
    assert SCRIPT in outcome.report.text and BOLD in outcome.report.text
    return outcome.report


def marked_up_text(sample_bytes) -> str:
    text = sample_bytes[KECHENG].decode("utf-8")
    marked = text.replace(
        "持续强化党的创新理论武装。", f"持续强化党的创新理论武装。恶意{SCRIPT}与{BOLD}。", 1
    )
    assert marked != text
    return marked


def assert_shown_as_text(html: str, where: str):
    assert SCRIPT not in html and BOLD not in html, where
    assert escape(SCRIPT) in html, where


def test_markup_in_a_report_is_text_on_its_page(client, marked_up):
    assert_shown_as_text(client.get(marked_up.get_absolute_url()).content.decode(), "report page")
    highlighted = client.get(marked_up.get_absolute_url(), {"q": "alert"}).content.decode()
    assert "<mark" in highlighted
    assert "<script>" not in highlighted and "&lt;script&gt;" in highlighted


def test_markup_in_a_report_is_text_in_search_snippets(client, marked_up):
    page = client.get("/search/", {"q": "恶意"}).content.decode()
    assert_shown_as_text(page, "search page")

    api = client.get("/api/search", {"q": "恶意"})
    [result] = api.json()["results"]
    snippet = result["sections"][0]["snippet_html"]
    assert "<mark>恶意</mark>" in snippet
    assert_shown_as_text(snippet, "API snippet")
    assert api["Content-Type"] == "application/json"


def test_markup_in_a_report_stays_data_in_the_json_and_text_downloads(client, marked_up):
    data = client.get(f"/report/{marked_up.pk}/json")
    text = client.get(f"/report/{marked_up.pk}/text")

    assert data["Content-Type"] == "application/json"
    assert any(SCRIPT in section["text"] for section in data.json()["sections"])
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert data["X-Content-Type-Options"] == text["X-Content-Type-Options"] == "nosniff"


def test_markup_in_a_report_is_text_on_the_admin_change_page(admin_client, marked_up):
    page = admin_client.get(f"/admin/reports/report/{marked_up.pk}/change/").content.decode()

    assert_shown_as_text(page, "admin change page")


def test_markup_in_an_upload_is_text_in_the_preview(editor_client, sample_bytes):
    text = marked_up_text(sample_bytes).encode()
    name = "<img src=x onerror=alert(1)>.txt"  # no slash: the parser would keep only what follows it
    response = editor_client.post(UPLOAD_URL, {"files": [upload_file(name, text)]}, follow=True)

    page = response.content.decode()
    assert response.context["entries"][0]["form"] is not None
    assert_shown_as_text(page, "upload preview")
    assert name not in page and escape(name) in page
