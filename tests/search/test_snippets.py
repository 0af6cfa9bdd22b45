"""snippet_html(), highlight_html() and hit_spans(): every hit marked, everything else escaped."""

from reports.search.query import parse_query
from reports.search.snippets import highlight_html, hit_spans, snippet_html


def test_it_marks_every_occurrence_of_every_term():
    html = highlight_html("协商民主，民主协商", parse_query("协商 民主"))
    assert html == "<mark>协商民主</mark>，<mark>民主协商</mark>"


def test_it_marks_separate_occurrences_separately():
    html = highlight_html("协商和民主", parse_query("协商 民主"))
    assert html == "<mark>协商</mark>和<mark>民主</mark>"


def test_overlapping_terms_become_one_mark():
    query = parse_query("议事堂 民生议事")
    assert hit_spans("民生议事堂", query) == [(0, 5)]
    assert highlight_html("民生议事堂", query) == "<mark>民生议事堂</mark>"


def test_overlapping_occurrences_of_one_term_are_all_found():
    assert hit_spans("协协协", parse_query("协协")) == [(0, 3)]


def test_script_in_the_text_is_escaped():
    html = highlight_html("<script>alert(1)</script>协商", parse_query("协商"))
    assert "<script>" not in html
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>协商</mark>"


def test_script_in_the_query_is_escaped():
    text = "代码 <script>x</script> 在此"
    html = snippet_html(text, parse_query('"<script>x</script>"'))
    assert html == "代码 <mark>&lt;script&gt;x&lt;/script&gt;</mark> 在此"
    assert "<script>" not in snippet_html(text, parse_query("<script>x</script>"))


def test_a_term_at_the_start_and_end_of_the_text():
    html = snippet_html("协商是政协的职能也是协商", parse_query("协商"))
    assert html == "<mark>协商</mark>是政协的职能也是<mark>协商</mark>"


def test_a_traditional_query_marks_simplified_text():
    assert highlight_html("政治协商", parse_query("協商")) == "政治<mark>协商</mark>"


def test_a_simplified_query_marks_traditional_text_as_it_was_written():
    assert highlight_html("政治協商", parse_query("协商")) == "政治<mark>協商</mark>"


def test_full_width_text_is_marked_in_its_original_form():
    assert highlight_html("增长ＧＤＰ", parse_query("gdp")) == "增长<mark>ＧＤＰ</mark>"


def test_a_snippet_is_cut_around_the_hit_with_ellipses():
    text = "甲" * 200 + "协商" + "乙" * 200
    html = snippet_html(text, parse_query("协商"), radius=10)
    assert html == "…" + "甲" * 10 + "<mark>协商</mark>" + "乙" * 10 + "…"


def test_close_hits_share_one_window():
    text = "甲" * 100 + "协商" + "丙" * 5 + "民主" + "乙" * 100
    html = snippet_html(text, parse_query("协商 民主"), radius=10)
    assert html.count("…") == 2
    assert "<mark>协商</mark>丙丙丙丙丙<mark>民主</mark>" in html


def test_windows_showing_more_terms_are_preferred():
    text = "协商" + "甲" * 100 + "民主" + "乙" * 100 + "协商民主" + "丙" * 100
    html = snippet_html(text, parse_query("协商 民主"), radius=5, max_snippets=1)
    assert "<mark>协商民主</mark>" in html
    assert html.count("<mark>") == 1


def test_passages_are_in_text_order_and_capped():
    text = "".join(f"{'甲' * 50}协商{number}" for number in range(10))
    html = snippet_html(text, parse_query("协商"), radius=5, max_snippets=3)
    assert html.count("<mark>") == 3
    assert html.index("协商</mark>0") < html.index("协商</mark>1") < html.index("协商</mark>2")


def test_without_a_hit_the_opening_is_shown():
    html = snippet_html("<b>" + "甲" * 300, parse_query("协商"), radius=10)
    assert html == "&lt;b&gt;" + "甲" * 17 + "…"


def test_whitespace_in_a_snippet_is_collapsed():
    assert snippet_html("协商\n\n  民主", parse_query("协商")) == "<mark>协商</mark> 民主"


def test_highlight_keeps_line_breaks():
    assert highlight_html("协商\n民主", parse_query("民主")) == "协商\n<mark>民主</mark>"


def test_excluded_terms_are_not_marked():
    assert highlight_html("协商议事堂", parse_query("协商 -议事堂")) == "<mark>协商</mark>议事堂"


def test_crowded_hits_still_give_passages_of_about_sixty_characters_each_side():
    text = ("协商" + "甲" * 20) * 50  # a hit every 22 characters, 1,100 characters in all
    html = snippet_html(text, parse_query("协商"), radius=60)
    shown = html.replace("<mark>", "").replace("</mark>", "").replace("…", "").replace(" ", "")
    assert 120 <= len(shown) <= 3 * (2 * 60 + 2)  # three windows at most, not the whole text
    assert html.count("<mark>协商</mark>") == shown.count("协商")
    assert html.startswith("<mark>协商</mark>") and html.endswith("…")
