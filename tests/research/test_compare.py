"""TF-IDF on tiny reports, outline alignment, the compare page and the report page's year links."""

import math

import pytest
from django.urls import reverse

from reports.models import Section
from reports.research.compare import align_outlines, normalized_heading, year_neighbours
from reports.research.similar import build_all
from reports.research.terms import Idf, cosine, distinctive, tfidf, word_counts
from tests.factories import make_report

# --- words and TF-IDF, no database ------------------------------------------------------------------

COMMON = "政协委员积极参政议政，围绕中心服务大局。"
TEA = "茶叶产业园建设加快推进，茶农收入稳步增长，民生议事堂议出茶叶品牌。"
PORT = "港口物流枢纽建设提速，集装箱吞吐量创新高，港航服务业集聚发展。"
FOREST = "森林覆盖率持续提高，林下经济蓬勃发展，生态公益林管护全面加强。"


def test_word_counts_keep_domain_words_and_drop_stop_words_numbers_and_single_characters():
    counts = word_counts("我们在2024年开展请你来协商活动12次，民生议事堂的事。")
    assert counts["请你来协商"] == 1
    assert counts["民生议事堂"] == 1
    assert "我们" not in counts
    assert "2024" not in counts and "12" not in counts
    assert all(len(word) >= 2 for word in counts)


def test_word_counts_normalise_traditional_and_full_width_text():
    assert word_counts("民生議事堂") == word_counts("民生议事堂")


def test_a_word_in_every_report_weighs_nothing():
    reports = [word_counts(COMMON + TEA), word_counts(COMMON + PORT), word_counts(COMMON + FOREST)]
    idf = Idf.over(reports)
    assert idf("参政议政") == 0
    assert "参政议政" not in tfidf(reports[0], idf)


def test_a_word_only_in_a_is_distinctive_for_a_and_not_for_b():
    tea, port, forest = word_counts(COMMON + TEA), word_counts(COMMON + PORT), word_counts(COMMON + FOREST)
    idf = Idf.over([tea, port, forest])
    vector_tea, vector_port = tfidf(tea, idf), tfidf(port, idf)
    words_for_tea = [word for word, _score in distinctive(vector_tea, vector_port)]
    words_for_port = [word for word, _score in distinctive(vector_port, vector_tea)]
    assert words_for_tea[0] == "茶叶"  # the only word said twice
    assert "民生议事堂" in words_for_tea and "民生议事堂" not in words_for_port
    assert "港口" in words_for_port and "港口" not in words_for_tea
    assert "参政议政" not in words_for_tea + words_for_port


def test_distinctive_words_are_limited_and_ranked_by_difference():
    idf = Idf(reports=10, frequencies={"协商": 5, "茶叶": 1, "港口": 1})
    vector_a = tfidf({"协商": 4, "茶叶": 1}, idf)
    vector_b = tfidf({"协商": 1, "港口": 1}, idf)
    scores = dict(distinctive(vector_a, vector_b))
    assert set(scores) == {"茶叶", "协商"}
    assert scores["茶叶"] > scores["协商"] > 0
    assert len(distinctive(vector_a, vector_b, count=1)) == 1


def test_a_word_missing_from_the_statistics_counts_as_in_one_report():
    idf = Idf(reports=8, frequencies={"协商": 8})
    assert idf("新词") == idf("另一个新词") == pytest.approx(math.log(8))
    assert idf("协商") == 0


def test_tfidf_vectors_have_unit_length_and_identical_reports_a_cosine_of_one():
    idf = Idf.over([word_counts(TEA), word_counts(PORT)])
    vector = tfidf(word_counts(TEA), idf)
    assert cosine(vector, vector) == pytest.approx(1.0)
    assert cosine(vector, tfidf(word_counts(PORT), idf)) == 0


# --- headings ----------------------------------------------------------------------------------------


def sections(*headings, level=1) -> list[Section]:
    return [
        Section(position=number, level=level, heading=heading) for number, heading in enumerate(headings, 1)
    ]


def test_normalized_headings_ignore_numbering_years_and_punctuation():
    assert (
        normalized_heading("一、2024年工作回顾")
        == normalized_heading("（一）2023 年工作回顾。")
        == "0年工作回顾"
    )
    assert normalized_heading("●坚持凝心铸魂") == "坚持凝心铸魂"


def test_alignment_puts_matching_and_nearly_matching_headings_on_one_row():
    outline_a = sections("一、2024年工作回顾", "（一）坚持凝心铸魂，强化政治引领", "二、2025年工作任务")
    outline_b = sections(
        "一、2023年工作回顾", "（一）聚焦乡村振兴", "（二）坚持凝心铸魂，加强政治引领", "二、2024年工作任务"
    )
    rows = align_outlines(outline_a, outline_b)
    pairs = [(row.a.heading if row.a else None, row.b.heading if row.b else None) for row in rows]
    assert pairs == [
        ("一、2024年工作回顾", "一、2023年工作回顾"),
        (None, "（一）聚焦乡村振兴"),
        ("（一）坚持凝心铸魂，强化政治引领", "（二）坚持凝心铸魂，加强政治引领"),
        ("二、2025年工作任务", "二、2024年工作任务"),
    ]
    assert [row.exact for row in rows if row.a and row.b] == [True, False, True]


def test_alignment_keeps_unlike_headings_apart_and_in_order():
    rows = align_outlines(sections("一、发展茶叶产业"), sections("一、建设港口物流", "二、保护森林资源"))
    assert [(row.a is not None, row.b is not None) for row in rows] == [
        (True, False),
        (False, True),
        (False, True),
    ]
    assert align_outlines([], []) == []


# --- pages -------------------------------------------------------------------------------------------


def compare_page(client, report_a, report_b):
    response = client.get(reverse("reports:compare", args=[report_a.pk, report_b.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def pair(db):
    first = make_report(
        "330802",
        year=2023,
        title="柯城区政协常委会工作报告",
        speaker="叶美峰",
        sections=[("一、2022年工作回顾", COMMON + TEA * 2), ("二、2023年工作任务", "深化民主监督。")],
    )
    second = make_report(
        "330304",
        year=2024,
        title="瓯海区政协常委会工作报告",
        body="人大常委会",
        term=9,
        session=2,
        sections=[("一、2023年工作回顾", COMMON + PORT * 2), ("二、2024年工作任务", "深化民主监督。")],
    )
    make_report("330803", year=2024, sections=[("一、回顾", COMMON + FOREST)])
    return first, second


def test_the_compare_page_shows_both_outlines_aligned_with_links_to_the_sections(client, pair):
    first, second = pair
    page = compare_page(client, first, second)
    assert f'<a class="level-1" href="/report/{first.pk}/#s1">一、2022年工作回顾</a>' in page
    assert f'<a class="level-1" href="/report/{second.pk}/#s2">二、2024年工作任务</a>' in page
    assert page.count('<tr class="paired">') == 2


def test_the_compare_page_shows_the_facts_side_by_side_in_chinese(client, pair):
    page = compare_page(client, *pair)
    assert '<a href="/region/330802/">浙江省衢州市柯城区</a>' in page
    assert '<a href="/region/330304/">浙江省温州市瓯海区</a>' in page
    assert "<td>政协常委会</td><td>人大常委会</td>" in page
    assert "<td>2023</td><td>2024</td>" in page
    assert "<td>第5届第3次会议</td><td>第9届第2次会议</td>" in page
    assert "<td>叶美峰</td><td>未知</td>" in page
    assert f"<td>{len(pair[0].text)} 字</td>" in page


def test_distinctive_words_link_to_a_search_in_the_report_region(client, pair):
    build_all()
    page = compare_page(client, *pair)
    assert '<a href="/search/?q=%E8%8C%B6%E5%8F%B6&amp;region=330802">茶叶</a>' in page  # 茶叶, for A
    assert '<a href="/search/?q=%E6%B8%AF%E5%8F%A3&amp;region=330304">港口</a>' in page  # 港口, for B
    assert ">参政议政<" not in page  # in every report of the archive
    assert "逆文档频率按全档案计算" in page
    assert "词频统计尚未建立" not in page


def test_without_statistics_the_page_says_the_words_are_weighed_over_the_two_reports(client, pair):
    page = compare_page(client, *pair)
    assert "全档案的词频统计尚未建立" in page
    assert ">茶叶</a>" in page


def test_hostile_headings_are_escaped(client, pair):
    hostile = make_report(sections=[("<script>alert(1)</script>", "正文。")])
    page = compare_page(client, pair[0], hostile)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_page_has_no_inline_scripts_or_styles(client, pair):
    page = compare_page(client, *pair)
    assert "<script>" not in page and "style=" not in page and "onclick" not in page


@pytest.mark.django_db
def test_unknown_reports_are_404(client):
    report = make_report()
    assert client.get(reverse("reports:compare", args=[report.pk, 999_999])).status_code == 404
    assert client.get(reverse("reports:compare", args=[999_999, report.pk])).status_code == 404


def test_the_form_leads_to_the_compare_page(client, pair):
    first, second = pair
    response = client.get(reverse("reports:compare_form"), {"a": first.pk, "b": second.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/compare/{first.pk}/{second.pk}/"


def test_the_form_says_which_number_is_unknown(client, pair):
    response = client.get(reverse("reports:compare_form"), {"a": pair[0].pk, "b": "999999"})
    assert response.status_code == 400
    assert "没有编号为 999999 的报告。" in response.content.decode()


@pytest.mark.django_db
def test_the_empty_form_renders(client):
    response = client.get(reverse("reports:compare_form"))
    assert response.status_code == 200
    assert "<h1>比较两份报告</h1>" in response.content.decode()


# --- the report page's links to the previous and next year --------------------------------------------


@pytest.fixture
def years(db):
    """柯城区 政协 reports of 2020, 2022, 2022 (abstract), 2024; other bodies and regions in between."""
    reports = {
        2020: make_report("330802", year=2020),
        2022: make_report("330802", year=2022),
        2024: make_report("330802", year=2024),
    }
    make_report("330802", year=2022, is_abstract=True)
    make_report("330802", year=2023, body="政府")
    make_report("330803", year=2023)
    return reports


def test_year_neighbours_are_the_nearest_years_of_the_same_region_and_body(years):
    assert year_neighbours(years[2022]) == (years[2020], years[2024])
    assert year_neighbours(years[2020]) == (None, years[2022])
    assert year_neighbours(years[2024]) == (years[2022], None)


def test_a_report_without_region_or_year_has_no_year_neighbours(years):
    assert year_neighbours(make_report(None, year=2021)) == (None, None)
    assert year_neighbours(make_report("330802", year=None)) == (None, None)


def test_the_report_page_links_to_the_comparisons_with_the_previous_and_next_year(client, years):
    page = client.get(years[2022].get_absolute_url()).content.decode()
    assert (
        f'<a href="/compare/{years[2020].pk}/{years[2022].pk}/">与上一年比较</a> <small>（2020年）</small>'
        in page
    )
    assert (
        f'<a href="/compare/{years[2022].pk}/{years[2024].pk}/">与下一年比较</a> <small>（2024年）</small>'
        in page
    )


def test_the_report_page_hides_a_comparison_that_does_not_exist(client, years):
    first = client.get(years[2020].get_absolute_url()).content.decode()
    assert "与上一年比较" not in first and "与下一年比较" in first
    last = client.get(years[2024].get_absolute_url()).content.decode()
    assert "与上一年比较" in last and "与下一年比较" not in last
