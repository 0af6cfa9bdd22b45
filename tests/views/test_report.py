"""The report page: metadata, flags, contents, anchors, neighbours, hits, escaping, downloads."""

import json

import pytest
from django.urls import reverse

from reports.models import Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def page_of(client, report, **params):
    response = client.get(report.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ingest(sample_bytes):
    """Store one of the sample texts through the real import; skipped while the parser is unfinished."""
    try:
        from reports.ingest import ingest_bytes
    except ImportError as error:  # pragma: no cover - only while the parser is being written
        pytest.skip(f"parser not importable yet: {error}")

    def ingest_sample(name: str) -> Report:
        outcome = ingest_bytes(sample_bytes[name], name=name)
        if not outcome.ok:  # pragma: no cover
            pytest.skip(f"parser cannot read {name} yet: {outcome.error}")
        return outcome.report

    return ingest_sample


def test_it_shows_the_metadata_in_chinese(client):
    report = make_report(
        "330802", year=2024, title="柯城区政协常委会工作报告", term=5, session=3, speaker="叶美峰",
        source_newspaper="衢州日报", source_page="第3版",
    )
    page = page_of(client, report)
    assert "<h1>柯城区政协常委会工作报告</h1>" in page
    assert "第5届第3次会议" in page
    assert "叶美峰" in page
    assert "《衢州日报》" in page and "第3版" in page
    assert "<title>柯城区政协常委会工作报告（2024） · 地方工作报告档案</title>" in page
    assert '<meta name="description" content="浙江省衢州市柯城区2024年政协常委会工作报告' in page


def test_it_links_up_the_region_hierarchy(client):
    page = page_of(client, make_report("330802"))
    for adcode, name in (("330000", "浙江省"), ("330800", "衢州市"), ("330802", "柯城区")):
        assert f'<a href="/region/{adcode}/">{name}</a>' in page


def test_it_explains_the_flags_in_words(client):
    report = make_report(is_abstract=True, is_complete=False, year=2023, year_source="published_on")
    page = page_of(client, report)
    assert "本文为摘要" in page
    assert "原报纸缺页" in page
    assert "年份依据：报纸刊发日期" in page


def test_an_inferred_year_is_shown_marked_and_links_to_its_year(client):
    page = page_of(client, make_report(year=None, year_inferred=2024, year_source=""))

    assert '<dt>年份</dt><dd><a href="/year/2024/">2024</a>（推定）' in page
    assert "年份为推定：正文没有写明年份，2024 年由所回顾的年份推定" in page
    assert "年份未知" not in page
    assert "年份依据" not in page


def test_an_inferred_year_says_which_heading_it_came_from(client):
    page = page_of(client, make_report(year=None, year_inferred=2023, year_source="tasks_heading"))

    assert "2023 年由正文中的“××年工作任务”标题推定" in page


def test_it_does_not_flag_a_year_taken_from_the_delivery_date(client):
    page = page_of(client, make_report(year=2024, year_source="delivery_date"))
    assert "年份依据" not in page
    assert "本文为摘要" not in page


def test_it_keeps_parse_warnings_in_a_collapsed_details(client):
    warning = {"code": "year.missing", "message": "year unknown: no delivery date"}
    page = page_of(client, make_report(warnings=[warning]))
    assert "<details class=\"warnings\">" in page
    assert "<summary>解析提示（1 条）</summary>" in page
    assert "year unknown: no delivery date" in page


def test_a_warning_is_labelled_by_its_code_not_its_message(client):
    warnings = [
        {"code": "region.ambiguous", "message": "year unknown (a message that says otherwise)"},
        {"code": "some.new_code", "message": "a code without a label"},
        "region ambiguous: a string stored before codes",
    ]
    page = page_of(client, make_report(warnings=warnings))

    assert "<strong>地区有歧义，请核对</strong>：year unknown (a message that says otherwise)" in page
    assert "未能确定年份" not in page
    assert '<li data-code="some.new_code">a code without a label</li>' in page
    assert '<li data-code="legacy">region ambiguous: a string stored before codes</li>' in page


def test_it_has_a_table_of_contents_and_anchors_for_sections_and_paragraphs(client):
    page = page_of(client, make_report())
    assert '<a href="#s1">2024年工作回顾</a>' in page
    assert '<a href="#s2">2025年工作任务</a>' in page
    assert '<section id="s2"' in page
    assert '<p id="s1p2">我们开展请你来协商活动十二次。</p>' in page


def test_a_report_without_sections_shows_its_text(client):
    report = make_report(sections=[])
    Report.objects.filter(pk=report.pk).update(text="第一段。\n第二段。")
    page = page_of(client, report)
    assert '<p id="s0p2">第二段。</p>' in page


def test_it_links_the_previous_and_next_report_of_the_region(client):
    older = make_report("330802", year=2023, title="较早的报告")
    current = make_report("330802", year=2024)
    newer = make_report("330802", year=2025, title="较新的报告")
    make_report("330304", year=2024, title="别处的报告")
    page = page_of(client, current)
    assert f'<a rel="prev" href="{older.get_absolute_url()}">' in page
    assert f'<a rel="next" href="{newer.get_absolute_url()}">' in page
    assert "别处的报告" not in page


def test_same_year_neighbours_are_ordered_by_id(client):
    first = make_report("330802", year=2024)
    second = make_report("330802", year=2024, body="人大常委会")
    assert f'rel="next" href="{second.get_absolute_url()}"' in page_of(client, first)
    assert f'rel="prev" href="{first.get_absolute_url()}"' in page_of(client, second)


def test_it_shows_script_in_the_text_escaped(client):
    report = make_report(sections=[("<b>标题</b>", "正文<script>alert(1)</script>结束")])
    page = page_of(client, report)
    assert "<script>alert(1)</script>" not in page
    assert "正文&lt;script&gt;alert(1)&lt;/script&gt;结束" in page
    assert "<b>标题</b>" not in page


def test_it_shows_script_escaped_when_highlighting(client):
    report = make_report(sections=[("标题", "协商<script>alert(1)</script>协商")])
    page = page_of(client, report, q="协商 script")
    assert "<script>alert(1)</script>" not in page
    marked = '<mark id="hit-1" tabindex="-1">协商</mark>&lt;<mark id="hit-2" tabindex="-1">script</mark>&gt;'
    assert marked in page


def test_it_highlights_the_query_terms_with_numbered_ids(client):
    page = page_of(client, make_report(), q="协商")
    assert '请你来<mark id="hit-1" tabindex="-1">协商</mark>活动' in page
    assert "在正文中共 <strong>1</strong> 处" in page
    assert '<a class="hit-first" href="#hit-1">跳到第一处</a>' in page
    assert "js/report.js" in page


def test_it_numbers_hits_in_page_order_headings_included(client):
    report = make_report(sections=[("协商一", "协商二"), ("协商三", "协商四")])
    page = page_of(client, report, q="协商")
    positions = [page.index(f'id="hit-{number}"') for number in range(1, 5)]
    assert positions == sorted(positions)
    assert '<mark id="hit-3" tabindex="-1">协商</mark>三' in page


def test_it_says_when_the_query_is_not_in_the_text(client):
    page = page_of(client, make_report(), q="不存在的词")
    assert "正文中没有找到“不存在的词”" in page
    assert "<mark" not in page


def test_it_has_no_inline_script(client):
    page = page_of(client, make_report(), q="协商")
    assert "<script>" not in page
    assert " onclick=" not in page


def test_the_report_page_uses_few_queries(client, django_assert_max_num_queries):
    report = make_report(sections=[(f"第{number}部分", "正文。\n再一段。") for number in range(1, 30)])
    # The report, its sections, the previous and next report, the years to compare with, similar reports.
    with django_assert_max_num_queries(6):
        page_of(client, report, q="正文")


def test_an_unknown_report_is_404(client):
    assert client.get(reverse("reports:report", args=[999999])).status_code == 404
    assert client.get("/report/abc/").status_code == 404


def test_the_original_is_downloaded_byte_for_byte(client):
    data = "区政协常委会工作报告\r\n".encode("gb18030") + b"\xff\x00"
    report = make_report(original=data, original_name="瓯海 报告.txt")
    response = client.get(reverse("reports:report_original", args=[report.pk]))
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%93%AF%E6%B5%B7%20%E6%8A%A5%E5%91%8A.txt" in response["Content-Disposition"]


def test_a_missing_original_is_404(client):
    report = make_report()  # no file stored
    assert client.get(reverse("reports:report_original", args=[report.pk])).status_code == 404


def test_the_cleaned_text_is_plain_utf8(client):
    report = make_report()
    response = client.get(reverse("reports:report_text", args=[report.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode("utf-8") == report.text


@pytest.mark.parametrize("suffix", [".json", "/json"])
def test_the_json_view_has_metadata_and_sections(client, suffix):
    report = make_report("330802", year=2024, title="柯城区报告")
    response = client.get(f"/report/{report.pk}{suffix}")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["title"] == "柯城区报告"
    assert data["region"]["adcode"] == "330802"
    assert data["year"] == 2024
    assert [section["anchor"] for section in data["sections"]] == ["s1", "s2"]
    assert data["permalink"].endswith(f"/r/{report.sha256[:12]}/")


def test_downloads_of_an_unknown_report_are_404(client):
    for name in ("reports:report_original", "reports:report_text", "reports:report_json"):
        assert client.get(reverse(name, args=[424242])).status_code == 404


def test_an_ingested_sample_reads_end_to_end(client, ingest, sample_bytes):
    report = ingest("002_efa49a0a5d5d5787.txt")
    page = page_of(client, report)
    assert "中国人民政治协商会议第五届衢州市柯城区委员会常务委员会工作报告" in page
    assert '<a href="/region/330802/">柯城区</a>' in page
    assert '<section id="s1"' in page
    original = client.get(reverse("reports:report_original", args=[report.pk]))
    assert original.content == sample_bytes["002_efa49a0a5d5d5787.txt"]


def test_an_ingested_newspaper_sample_shows_its_source(client, ingest):
    report = ingest("004_4526f7b01d67e9ca.txt")
    page = page_of(client, report)
    assert "《余姚日报》" in page
    assert "余姚日报, 2024-01-24(2)" in page
