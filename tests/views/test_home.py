"""The home page: holdings, search box, recent reports, the coverage grid."""

import pytest
from django.urls import reverse

from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_it_says_the_archive_is_empty(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "档案中暂无报告" in response.content.decode()


def test_it_counts_reports_regions_and_years(client):
    make_report("330802", year=2023)
    make_report("330802", year=2025)
    make_report("330304", year=2024)
    page = client.get("/").content.decode()
    assert "共收录 <strong>3</strong> 份报告" in page
    assert "涉及 <strong>2</strong> 个地区" in page
    assert "<strong>2023</strong>–<strong>2025</strong>" in page


def test_it_has_a_search_form_to_the_search_page(client):
    page = client.get("/").content.decode()
    assert 'action="/search/"' in page
    assert 'name="q"' in page


def test_it_lists_the_most_recently_added_reports(client):
    make_report(title="较早收录的报告")
    latest = make_report(title="最新收录的报告")
    page = client.get("/").content.decode()
    assert page.index("最新收录的报告") < page.index("较早收录的报告")
    assert f'href="{latest.get_absolute_url()}"' in page


def test_its_coverage_grid_links_each_report_and_shows_missing_years(client):
    first = make_report("330802", year=2023)
    make_report("330304", year=2025)
    page = client.get("/").content.decode()
    assert f'href="{reverse("reports:report", args=[first.pk])}" title="{first.title}">政协</a>' in page
    # 柯城区 2024 and 2025, 瓯海区 2023 and 2024: four visible gaps
    assert page.count('class="missing"') == 4
    assert f'href="{reverse("reports:year", args=[2024])}">2024</a>' in page


def test_its_coverage_grid_has_a_column_for_unknown_years(client):
    make_report("330802", year=None)
    page = client.get("/").content.decode()
    assert f'href="{reverse("reports:year_unknown")}">未知</a>' in page


def test_it_uses_a_few_queries_whatever_the_number_of_reports(client, django_assert_max_num_queries):
    for year in range(2015, 2025):
        make_report("330802", year=year)
        make_report("330304", year=year, body="人大常委会")
    with django_assert_max_num_queries(4):
        client.get("/")
