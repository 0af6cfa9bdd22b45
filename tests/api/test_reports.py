"""GET /api/reports (filters, order, pages) and /api/reports/<id> (metadata, text, sections)."""

import json

import pytest

from reports.models import Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def ids(data) -> list[int]:
    return [report["id"] for report in data["results"]]


def filed_years(data) -> list[int | None]:
    """The year each listed report is filed under: the stated year, else the inferred one."""
    return [report["year"] or report["year_inferred"] for report in data["results"]]


def test_it_lists_every_report_newest_first(client, indexed_samples):
    data = client.get("/api/reports").json()

    assert data["count"] == len(indexed_samples) == len(data["results"])
    assert (data["page"], data["num_pages"], data["next"], data["previous"]) == (1, 1, None, None)
    assert filed_years(data) == [2025, 2024, 2024, 2023, None]  # unknown year last
    first = data["results"][0]
    assert first["region"] == {
        "adcode": "330304",
        "name": "瓯海区",
        "full_name": "浙江省温州市瓯海区",
        "level": "county",
    }
    assert first["body"] == "政协常委会"


def test_oldest_first_keeps_unknown_years_last(client, indexed_samples):
    data = client.get("/api/reports", {"sort": "oldest"}).json()

    assert filed_years(data) == [2023, 2024, 2024, 2025, None]


def test_a_prefecture_includes_its_counties(client, indexed_samples):
    prefecture = client.get("/api/reports", {"region": "330800"}).json()
    province = client.get("/api/reports", {"region": "330000"}).json()
    county = client.get("/api/reports", {"region": "330802"}).json()

    kecheng = Report.objects.get(region="330802").pk
    assert ids(prefecture) == ids(county) == [kecheng]
    assert province["count"] == len(indexed_samples)


def test_year_and_body_filters(client, indexed_samples):
    make_report("330802", year=2024, body="政府", title="柯城区政府工作报告")

    in_2024 = client.get("/api/reports", {"year_from": 2024, "year_to": 2024}).json()
    government = client.get("/api/reports", {"body": "政府"}).json()
    since_2025 = client.get("/api/reports", {"year_from": 2025}).json()

    assert in_2024["count"] == 3
    assert set(filed_years(in_2024)) == {2024}
    assert [report["title"] for report in government["results"]] == ["柯城区政府工作报告"]
    assert filed_years(since_2025) == [2025]


def test_pages_hold_fifty_reports_and_link_to_each_other(client, db):
    made = [make_report("330802", year=2000 + number % 20) for number in range(55)]

    first = client.get("/api/reports", {"region": "330800"}).json()
    second = client.get(first["next"]).json()

    assert (first["count"], first["num_pages"], len(first["results"]), len(second["results"])) == (
        55,
        2,
        50,
        5,
    )
    assert first["next"] == "http://testserver/api/reports?region=330800&page=2"
    assert second["previous"] == "http://testserver/api/reports?region=330800&page=1"
    assert second["next"] is None
    assert sorted(ids(first) + ids(second)) == sorted(report.pk for report in made)


def test_a_page_past_the_last_is_empty(client, indexed_samples):
    data = client.get("/api/reports", {"page": 9999}).json()

    assert data["count"] == len(indexed_samples)
    assert data["results"] == []
    assert data["next"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "relevance"},
        {"sort": "random"},
        {"page": "0"},
        {"page": "x"},
        {"year_from": "1800"},
        {"year_from": "2024", "year_to": "2020"},
        {"body": "人民"},
        {"region": "999999"},
        {"region": "x"},
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, db, params):
    response = client.get("/api/reports", params)

    assert response.status_code == 400
    assert response.json()["error"]


def test_the_detail_has_metadata_text_and_sections(client, indexed_samples):
    report = Report.objects.get(region="330802")

    data = client.get(f"/api/reports/{report.pk}").json()

    assert data["title"] == report.title
    assert [region["name"] for region in data["region"]["lineage"]] == ["浙江省", "衢州市", "柯城区"]
    assert (data["body"], data["year"], data["term"], data["session"]) == ("政协常委会", 2024, 5, 3)
    assert data["delivered_on"] == "2024-01-27"
    assert data["speaker"] == report.speaker
    assert data["original"]["sha256"] == report.sha256
    assert data["original"]["url"] == f"http://testserver/report/{report.pk}/original"
    assert data["text"] == report.text
    sections = list(report.sections.all())
    assert [section["heading"] for section in data["sections"]] == [section.heading for section in sections]
    assert [section["text"] for section in data["sections"]] == [section.text for section in sections]
    assert data["sections"][1]["url"] == f"http://testserver/report/{report.pk}/#s2"


def test_the_detail_gives_an_inferred_year_beside_the_stated_one_and_coded_warnings(client, db):
    warnings = [{"code": "year.inferred", "message": "from the 2023年工作回顾 heading"}, "an old string"]
    report = make_report(year=None, year_inferred=2024, warnings=warnings)

    data = client.get(f"/api/reports/{report.pk}").json()

    assert (data["year"], data["year_inferred"]) == (None, 2024)
    assert data["warnings"] == [warnings[0], {"code": "legacy", "message": "an old string"}]


def test_the_report_json_view_serves_the_same_dict(client, indexed_samples):
    report = indexed_samples[0]

    api = client.get(f"/api/reports/{report.pk}").json()
    page = client.get(f"/report/{report.pk}/json").json()

    assert api == page


@pytest.mark.parametrize("report_id", ["424242", str(2**63), str(10**40)])
def test_an_unknown_report_is_a_json_404(client, db, report_id):
    response = client.get(f"/api/reports/{report_id}")

    assert response.status_code == 404
    assert response.json() == {"error": f"没有这份报告：{report_id}"}


HOSTILE = '"</script><script>alert(1)</script>\\ \u2028\u2029 \x07 &amp; 😀 \ufeff'


def test_hostile_text_comes_back_exactly(client, db):
    report = make_report(title=HOSTILE, speaker=HOSTILE, sections=[(HOSTILE, HOSTILE)])

    response = client.get(f"/api/reports/{report.pk}")
    listing = client.get("/api/reports")

    body = response.content.decode("utf-8")
    assert "😀" in body  # UTF-8, not \\u escapes
    data = json.loads(body)
    assert data["title"] == data["speaker"] == data["sections"][0]["heading"] == HOSTILE
    assert listing.json()["results"][0]["title"] == HOSTILE


def test_a_nul_in_a_parameter_never_fails_the_request(client, indexed_samples):
    response = client.get("/api/reports", {"region": "\x00", "body": "政府\x00"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_page_takes_the_same_few_queries_whatever_its_size(client, db, django_assert_max_num_queries):
    for number in range(30):
        make_report("330802" if number % 2 else "330803", year=2000 + number)

    with django_assert_max_num_queries(3):  # the region, the count, the page with regions joined
        data = client.get("/api/reports", {"region": "330800"}).json()

    assert data["count"] == 30
