"""Held reports: absent from every public surface, marked for staff; holding and publishing again."""

import gzip
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from reports.api.export import default_corpus_path, export_corpus
from reports.models import Report
from reports.publication import hold, publish
from reports.research.similar import Neighbourhood, build_all, similar_reports
from reports.search.integrity import check_index, rebuild_from_database
from reports.search.service import SearchParams, search
from tests.factories import make_report

pytestmark = pytest.mark.django_db

TERM = "珊瑚礁"
SHARED = "珊瑚礁保护区建设扎实推进，海岛生态修复成效明显，渔民转产转业稳步推进。"


def sections(extra: str) -> list[tuple[str, str]]:
    return [("一、工作回顾", SHARED + extra), ("二、今后工作", "深化民主监督，助推共同富裕。")]


@dataclass
class Archive:
    public: Report  # 柯城区 2024
    other: Report  # 瓯海区 2023, public too: what the similar list shows instead
    held: Report  # 柯城区 2019, same body: the public one's previous report, its year to compare with


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    """Three reports indexed, listed as similar and exported while public; then one of them held."""
    with django_capture_on_commit_callbacks(execute=True):
        public = make_report("330802", year=2024, title="柯城区公开的报告",
                             sections=sections("茶叶增收。港口物流。"), original="公开的原始文件".encode())
        other = make_report("330304", year=2023, title="瓯海区公开的报告", sections=sections("港口物流。"),
                            original="另一份原始文件".encode())
        held = make_report("330802", year=2019, title="柯城区暂缓的报告", sections=sections("茶叶增收。"),
                           original="暂缓的原始文件".encode())
    build_all()
    export_corpus()
    assert held.pk in {entry.other_id for entry in similar_reports(public)}
    with django_capture_on_commit_callbacks(execute=True):
        assert hold(Report.objects.filter(pk=held.pk)) == [held.pk]
    held.refresh_from_db()
    return Archive(public, other, held)


def html(client, url: str, params=None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def shows(page: str, report: Report) -> None:
    assert report.title in page


def hides(page: str, report: Report) -> None:
    assert report.title not in page
    assert f"/report/{report.pk}/" not in page


def listed_ids(results: list[dict], key: str = "id") -> set[int]:
    return {row[key] for row in results}


# --- every public surface, one case each --------------------------------------------------------------


def home(client, a: Archive):
    page = html(client, "/")
    shows(page, a.public)
    hides(page, a.held)
    assert "共收录 <strong>2</strong> 份报告" in page
    assert "<strong>2019</strong>" not in page  # the first year is the public ones' first


def region_index(client, a: Archive):
    assert "共 2 份报告" in html(client, "/region/")


def province_page(client, a: Archive):
    page = html(client, "/region/330000/")
    assert "共 2 份报告" in page
    hides(page, a.held)


def prefecture_page(client, a: Archive):
    page = html(client, "/region/330800/")
    shows(page, a.public)
    hides(page, a.held)
    assert "共 1 份报告" in page


def county_page(client, a: Archive):
    page = html(client, "/region/330802/")
    shows(page, a.public)
    hides(page, a.held)


def year_index(client, a: Archive):
    page = html(client, "/year/")
    assert "/year/2024/" in page
    assert "/year/2019/" not in page


def year_page(client, a: Archive):
    hides(html(client, "/year/2019/"), a.held)
    shows(html(client, "/year/2024/"), a.public)


def search_page(client, a: Archive):
    page = html(client, "/search/", {"q": TERM})
    shows(page, a.public)
    hides(page, a.held)
    assert "共 <strong>2</strong> 份报告" in page
    listing = html(client, "/search/", {"region": "330802"})  # filters only: a listing from the index
    shows(listing, a.public)
    hides(listing, a.held)


def search_api(client, a: Archive):
    data = client.get("/api/search", {"q": TERM}).json()
    assert listed_ids([hit["report"] for hit in data["results"]]) == {a.public.pk, a.other.pk}
    assert data["count"] == 2
    assert set(data["facets"]["year"]) == {"2023", "2024"}
    narrowed = client.get("/api/search", {"q": TERM, "region": "330800"}).json()
    assert narrowed["facets"]["region"] == {"330802": 1}


def report_page(client, a: Archive):
    assert client.get(a.held.get_absolute_url()).status_code == 404
    page = html(client, a.public.get_absolute_url())
    hides(page, a.held)  # not the previous report, nor the year to compare with, nor a similar one
    assert f"/compare/{a.held.pk}/" not in page
    assert a.other.title in page  # the similar list is filled with public reports


def downloads(client, a: Archive):
    for form in ("/original", "/text", "/json", ".json"):
        assert client.get(f"/report/{a.held.pk}{form}").status_code == 404, form
        assert client.get(f"/report/{a.public.pk}{form}").status_code == 200, form
    assert client.get(f"/report/{a.public.pk}/original").content == "公开的原始文件".encode()


def permalink(client, a: Archive):
    assert client.get(f"/r/{a.held.sha256[:12]}/").status_code == 404
    assert client.get(f"/r/{a.public.sha256[:12]}/")["Location"] == a.public.get_absolute_url()


def api_reports(client, a: Archive):
    assert listed_ids(client.get("/api/reports").json()["results"]) == {a.public.pk, a.other.pk}
    county = client.get("/api/reports", {"region": "330802"}).json()
    assert (county["count"], listed_ids(county["results"])) == (1, {a.public.pk})
    assert client.get(f"/api/reports/{a.held.pk}").status_code == 404
    assert client.get(f"/api/reports/{a.public.pk}").json()["id"] == a.public.pk


def api_regions(client, a: Archive):
    children = client.get("/api/regions", {"parent": "330800"}).json()["results"]
    assert {row["adcode"]: row["report_count"] for row in children}["330802"] == 1
    assert client.get("/api/regions/330802").json()["report_count"] == 1


def corpus_export(client, a: Archive):
    # The export written while the report was public is withdrawn when it is held ...
    assert client.get("/downloads/corpus.jsonl.gz").status_code == 404
    assert client.get("/downloads/corpus.manifest.json").status_code == 404
    # ... and the next one leaves it out.
    assert export_corpus().count == 2
    response = client.get("/downloads/corpus.jsonl.gz")
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    assert {json.loads(line)["id"] for line in lines} == {a.public.pk, a.other.pk}


def sitemap(client, a: Archive):
    body = html(client, "/sitemap.xml")
    assert f"{a.public.get_absolute_url()}</loc>" in body
    assert f"{a.held.get_absolute_url()}</loc>" not in body
    assert "/year/2019/</loc>" not in body


def trends(client, a: Archive):
    data = client.get("/api/trends", {"q": TERM}).json()
    assert data["years"] == [2023, 2024]
    assert data["reports_per_year"] == {"2023": 1, "2024": 1}
    assert data["series"][0]["counts"] == {"2023": 1, "2024": 1}
    csv = html(client, "/trends/", {"q": TERM, "format": "csv"})
    assert "2019" not in csv


def kwic(client, a: Archive):
    data = client.get("/api/kwic", {"q": TERM}).json()
    assert listed_ids(data["results"], "report_id") == {a.public.pk, a.other.pk}
    assert data["count"] == 2
    hides(html(client, "/kwic/", {"q": TERM}), a.held)
    download = client.get("/kwic/", {"q": TERM, "format": "jsonl"})
    rows = [json.loads(line) for line in b"".join(download.streaming_content).decode().splitlines()]
    assert {row["report_id"] for row in rows} == {a.public.pk, a.other.pk}


def compare(client, a: Archive):
    assert client.get(f"/compare/{a.held.pk}/{a.public.pk}/").status_code == 404
    refused = client.get("/compare/", {"a": a.held.pk, "b": a.public.pk})
    assert refused.status_code == 400
    assert f"没有编号为 {a.held.pk} 的报告" in refused.content.decode()
    assert client.get(f"/compare/{a.other.pk}/{a.public.pk}/").status_code == 200


def similar_lists(client, a: Archive):
    listed = [entry.other_id for entry in similar_reports(a.public)]
    assert listed == [a.other.pk]  # refreshed when it was held: the held report left the list


SURFACES = [
    home, region_index, province_page, prefecture_page, county_page, year_index, year_page, search_page,
    search_api, report_page, downloads, permalink, api_reports, api_regions, corpus_export, sitemap, trends,
    kwic, compare, similar_lists,
]


@pytest.mark.parametrize("surface", SURFACES, ids=[surface.__name__ for surface in SURFACES])
def test_a_held_report_is_absent_from_every_public_surface(client, archive, surface):
    surface(client, archive)


def test_staff_do_not_see_it_in_public_lists_either(admin_client, archive):
    hides(html(admin_client, "/search/", {"q": TERM}), archive.held)
    assert archive.held.pk not in listed_ids(admin_client.get("/api/reports").json()["results"])


# --- what staff see ------------------------------------------------------------------------------------


def test_staff_see_a_held_report_marked_and_never_cached(admin_client, archive):
    response = admin_client.get(archive.held.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "未公开（暂缓发布）" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert f"/admin/reports/report/{archive.held.pk}/change/" in page
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_staff_see_no_mark_on_a_public_report(admin_client, archive):
    response = admin_client.get(archive.public.get_absolute_url())

    assert "未公开" not in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")


def test_staff_can_read_a_held_reports_original_and_compare_it(admin_client, archive):
    original = admin_client.get(f"/report/{archive.held.pk}/original")
    assert original.content == "暂缓的原始文件".encode()
    assert admin_client.get(f"/r/{archive.held.sha256[:12]}/").status_code == 301
    assert admin_client.get(f"/compare/{archive.held.pk}/{archive.public.pk}/").status_code == 200


# --- holding and publishing ----------------------------------------------------------------------------


def found(term: str = TERM) -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=term)).results}


def test_the_index_holds_no_held_report_and_checkindex_agrees(archive):
    assert found() == {archive.public.pk, archive.other.pk}
    assert check_index(recheck_after=0).in_sync


def test_a_rebuild_leaves_held_reports_out(archive):
    assert rebuild_from_database() == 2
    assert found() == {archive.public.pk, archive.other.pk}


def test_publishing_again_puts_it_back_everywhere(archive, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(Report.objects.all()) == [archive.held.pk]

    assert found() == {archive.public.pk, archive.other.pk, archive.held.pk}
    assert archive.held.pk in {entry.other_id for entry in similar_reports(archive.public)}
    assert client.get(archive.held.get_absolute_url()).status_code == 200
    assert check_index(recheck_after=0).in_sync


def test_a_report_held_before_its_index_update_lands_is_not_shown(client, archive):
    """The commit's re-index comes after the commit (or from the backlog): meanwhile the index still holds
    the report, and the pages that read reports found in it leave it out all the same."""
    Report.objects.filter(pk=archive.public.pk).update(is_held=True)  # no re-index, no refresh queued

    assert found() == {archive.other.pk}
    kwic = client.get("/api/kwic", {"q": TERM}).json()
    assert listed_ids(kwic["results"], "report_id") == {archive.other.pk}
    assert archive.public.pk not in {entry.other_id for entry in similar_reports(archive.other)}


def test_a_held_report_has_a_list_of_its_own_but_is_in_no_other():
    vectors = {1: {"茶叶": 0.8, "港口": 0.6}, 2: {"茶叶": 1.0}, 3: {"茶叶": 0.6, "港口": 0.8}}

    neighbourhood = Neighbourhood(vectors, hidden={2})

    assert [other for other, _score in neighbourhood.nearest(1)] == [3]
    assert [other for other, _score in neighbourhood.nearest(2)] == [1, 3]


def test_holding_or_publishing_twice_changes_nothing(archive):
    assert hold(Report.objects.all()) == [archive.public.pk, archive.other.pk]
    assert hold(Report.objects.all()) == []
    assert publish(Report.objects.filter(pk=archive.public.pk)) == [archive.public.pk]
    assert publish(Report.objects.filter(pk=archive.public.pk)) == []


def test_holding_a_report_withdraws_the_corpus_only_after_the_commit(django_capture_on_commit_callbacks):
    report = make_report()
    export_corpus()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hold(Report.objects.filter(pk=report.pk))
        assert default_corpus_path().exists()
    for callback in callbacks:
        callback()

    assert not default_corpus_path().exists()


def test_publishing_keeps_the_corpus(django_capture_on_commit_callbacks):
    report = make_report(is_held=True)
    export_corpus()

    with django_capture_on_commit_callbacks(execute=True):
        publish(Report.objects.filter(pk=report.pk))

    assert default_corpus_path().exists()


def test_public_and_held_split_the_reports_by_one_rule(django_user_model):
    public, held = make_report(), make_report(is_held=True)

    assert list(Report.objects.public()) == [public]
    assert list(Report.objects.held()) == [held]
    assert list(Report.objects.visible_to(AnonymousUser())) == [public]
    assert set(Report.objects.visible_to(django_user_model(is_staff=True))) == {public, held}
