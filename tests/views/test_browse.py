"""Browsing by region (province → prefecture → county) and by year."""

import pytest
from django.urls import reverse

from tests.factories import make_report

pytestmark = pytest.mark.django_db


def region_page(client, adcode):
    return client.get(reverse("reports:region", args=[adcode]))


def test_it_lists_provinces_with_their_counts(client):
    make_report("330802")
    make_report("330304")
    page = client.get(reverse("reports:regions")).content.decode()
    assert '<a href="/region/330000/">浙江省</a> <span class="count">2 份</span>' in page
    assert '<a href="/region/110000/">北京市</a> <span class="count none">暂无报告</span>' in page


def test_a_province_page_nests_prefectures_and_counties_with_counts(client):
    make_report("330802")
    make_report("330802", year=2023)
    make_report("330304")
    page = region_page(client, "330000").content.decode()
    assert "共 3 份报告（含下级地区）" in page
    assert '<a href="/region/330800/">衢州市</a> <span class="count">2 份</span>' in page
    assert '<a href="/region/330802/">柯城区</a> <span class="count">2 份</span>' in page
    assert '<a href="/region/330300/">温州市</a> <span class="count">1 份</span>' in page
    assert '<a href="/region/330803/">衢江区</a> <span class="count none">暂无报告</span>' in page


def test_it_lists_a_countys_reports_newest_first(client):
    older = make_report("330802", year=2023, title="二〇二三年报告", term=5, session=2)
    newer = make_report("330802", year=2025, title="二〇二五年报告", term=5, session=4)
    page = region_page(client, "330802").content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "第5届第4次会议" in page
    assert "政协常委会" in page
    assert f'href="{older.get_absolute_url()}"' in page


def test_a_countys_reports_of_unknown_year_come_last(client):
    make_report("330802", year=None, title="无年份报告")
    make_report("330802", year=2024, title="有年份报告")
    page = region_page(client, "330802").content.decode()
    assert page.index("有年份报告") < page.index("无年份报告")
    assert "年份未知" in page


def test_a_prefecture_page_lists_its_own_reports_and_its_counties(client):
    make_report("330800", title="衢州市政协报告", body="政协常委会")
    make_report("330802", title="柯城区政协报告")
    make_report("330304", title="瓯海区政协报告")
    page = region_page(client, "330800").content.decode()
    assert "衢州市政协报告" in page
    assert "柯城区政协报告" in page
    assert "瓯海区政协报告" not in page


def test_a_region_without_reports_is_marked_empty(client):
    response = region_page(client, "330803")
    assert response.status_code == 200
    assert "暂无报告" in response.content.decode()


def test_it_shows_the_lineage_of_a_county(client):
    page = region_page(client, "330802").content.decode()
    assert '<a href="/region/330000/">浙江省</a> › <a href="/region/330800/">衢州市</a>' in page


def test_an_unknown_region_is_404(client):
    assert region_page(client, "999999").status_code == 404
    assert client.get("/region/abc/").status_code == 404


def test_region_pages_use_few_queries(client, django_assert_max_num_queries):
    for year in range(2018, 2025):
        make_report("330802", year=year)
        make_report("330304", year=year)
    for adcode in ("330000", "330800", "330802"):
        with django_assert_max_num_queries(5):
            assert region_page(client, adcode).status_code == 200
    with django_assert_max_num_queries(3):
        client.get(reverse("reports:regions"))
    with django_assert_max_num_queries(1):
        client.get(reverse("reports:year", args=[2020]))


def test_it_lists_years_with_counts_and_unknown(client):
    make_report(year=2024)
    make_report("330304", year=2024)
    make_report(year=2023)
    make_report(year=None)
    page = client.get(reverse("reports:years")).content.decode()
    assert '<a href="/year/2024/">2024 年</a> <span class="count">2 份</span>' in page
    assert '<a href="/year/2023/">2023 年</a> <span class="count">1 份</span>' in page
    assert '<a href="/year/unknown/">年份未知</a> <span class="count">1 份</span>' in page
    assert page.index("2024 年") < page.index("2023 年")


def test_a_year_page_groups_reports_by_province_and_prefecture(client):
    make_report("330802", year=2024, title="柯城区报告")
    make_report("330304", year=2024, title="瓯海区报告")
    make_report("330304", year=2023, title="前一年的报告")
    page = client.get(reverse("reports:year", args=[2024])).content.decode()
    assert "2024 年的工作报告" in page
    assert '<a href="/region/330000/">浙江省</a> › <a href="/region/330300/">温州市</a>' in page
    assert '<a href="/region/330000/">浙江省</a> › <a href="/region/330800/">衢州市</a>' in page
    # 温州 (330300) before 衢州 (330800), by adcode
    assert page.index("瓯海区报告") < page.index("柯城区报告")
    assert "前一年的报告" not in page


def test_the_unknown_year_page_lists_reports_without_year(client):
    make_report(year=None, title="无年份报告")
    make_report(year=2024, title="有年份报告")
    page = client.get(reverse("reports:year_unknown")).content.decode()
    assert "年份未知的工作报告" in page
    assert "无年份报告" in page
    assert "有年份报告" not in page


def test_a_year_without_reports_is_shown_empty(client):
    response = client.get(reverse("reports:year", args=[2001]))
    assert response.status_code == 200
    assert "暂无报告" in response.content.decode()


@pytest.mark.parametrize("path", ["/year/1800/", "/year/3000/", "/year/abc/", "/year/-1/"])
def test_a_year_out_of_range_or_not_a_number_is_404(client, path):
    assert client.get(path).status_code == 404


def test_the_sitemap_lists_reports_regions_and_years(client):
    report = make_report("330802", year=2024)
    body = client.get("/sitemap.xml").content.decode()
    assert f"{report.get_absolute_url()}</loc>" in body
    for path in ("/region/330802/", "/region/330800/", "/region/330000/", "/year/2024/", "/year/"):
        assert f"{path}</loc>" in body
    assert "/region/330803/</loc>" not in body


def test_a_report_with_only_an_inferred_year_is_filed_under_it_marked_inferred(client):
    make_report("330802", year=None, year_inferred=2024, title="推定年份的报告")
    make_report("330304", year=2024, title="写明年份的报告")

    page = client.get(reverse("reports:year", args=[2024])).content.decode()

    assert "推定年份的报告" in page and "写明年份的报告" in page
    assert "2024（推定）" in page
    assert page.count("（推定）") == 2  # the lead's explanation and the one row, not the stated one
    assert "其中 1 份正文未写明年份" in page


def test_the_year_index_counts_inferred_years_and_says_how_many(client):
    make_report(year=None, year_inferred=2024)
    make_report("330304", year=2024)
    make_report(year=None)

    page = client.get(reverse("reports:years")).content.decode()

    assert '<a href="/year/2024/">2024 年</a> <span class="count">2 份</span>' in page
    assert "其中 1 份年份为推定" in page
    assert '<a href="/year/unknown/">年份未知</a> <span class="count">1 份</span>' in page


def test_the_unknown_year_page_leaves_out_inferred_years(client):
    make_report(year=None, year_inferred=2024, title="推定年份的报告")
    make_report(year=None, title="无年份报告")

    page = client.get(reverse("reports:year_unknown")).content.decode()

    assert "无年份报告" in page
    assert "推定年份的报告" not in page


def test_a_region_page_groups_an_inferred_year_under_that_year(client):
    make_report("330802", year=2023, title="二〇二三年报告")
    make_report("330802", year=None, year_inferred=2024, title="推定为二〇二四年的报告")
    make_report("330802", year=None, title="无年份报告")

    page = region_page(client, "330802").content.decode()

    heading_2024 = page.index('<a href="/year/2024/">2024 年</a>')
    assert heading_2024 < page.index("推定为二〇二四年的报告") < page.index("二〇二三年报告")
    assert "2024（推定）" in page
    assert page.index("二〇二三年报告") < page.index("无年份报告")


def test_the_sitemap_lists_an_inferred_year(client):
    make_report("330802", year=None, year_inferred=2019)

    assert "/year/2019/</loc>" in client.get("/sitemap.xml").content.decode()
