"""Editing, deleting and re-parsing reports in the admin; the search index follows every change."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from reports.ingest import ingest_bytes
from reports.models import Report, Section
from reports.search.service import SearchParams, search
from tests.admin.helpers import CHANGELIST_URL, KECHENG, WENLING, YUYAO, change_form_data
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def kecheng(sample_bytes, on_commit):
    with on_commit():
        return ingest_bytes(sample_bytes[KECHENG], name=KECHENG).report


def change_url(report) -> str:
    return f"/admin/reports/report/{report.pk}/change/"


def found(term: str) -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=term)).results}


def test_the_change_page_shows_sections_warnings_and_the_original(editor_client, kecheng):
    response = editor_client.get(change_url(kecheng))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"/report/{kecheng.pk}/original" in page
    assert kecheng.sections.first().heading in page


def test_editing_a_section_updates_the_index(editor_client, kecheng, on_commit):
    assert kecheng.pk in found("请你来协商")
    data = change_form_data(editor_client.get(change_url(kecheng)))
    for key in [key for key in data if key.startswith("sections-") and key.endswith("-text")]:
        data[key] = "这一节改写为珊瑚礁保护工作。"

    with on_commit():
        response = editor_client.post(change_url(kecheng), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert found("珊瑚礁保护") == {kecheng.pk}
    assert found("请你来协商") == set()


def test_editing_metadata_updates_the_index_and_the_history(editor_client, editor, kecheng, on_commit):
    data = change_form_data(editor_client.get(change_url(kecheng)))
    data["year"] = "2021"

    with on_commit():
        editor_client.post(change_url(kecheng), data)

    assert Report.objects.get(pk=kecheng.pk).year == 2021
    assert kecheng.pk in {
        hit.report.pk for hit in search(SearchParams(q="请你来协商", year_from=2021, year_to=2021)).results
    }
    assert not search(SearchParams(q="请你来协商", year_from=2024, year_to=2024)).results
    assert LogEntry.objects.filter(object_id=str(kecheng.pk), user=editor, action_flag=CHANGE).exists()


def test_deleting_a_report_removes_it_and_its_sections_from_search(editor_client, kecheng, on_commit):
    with on_commit():
        response = editor_client.post(f"/admin/reports/report/{kecheng.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Report.objects.exists() and not Section.objects.exists()
    assert found("请你来协商") == set()


def test_the_reparse_action_keeps_the_id_and_rebuilds_sections(editor_client, editor, kecheng, on_commit):
    Section.objects.filter(report=kecheng).delete()
    Report.objects.filter(pk=kecheng.pk).update(speaker="错误的名字")

    with on_commit():
        response = editor_client.post(CHANGELIST_URL, {"action": "reparse", "_selected_action": [kecheng.pk]})

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.pk, report.speaker) == (kecheng.pk, "叶美峰")
    assert report.sections.count() > 3
    assert found("请你来协商") == {kecheng.pk}
    assert LogEntry.objects.filter(
        object_id=str(kecheng.pk), user=editor, change_message__contains="重新解析"
    ).exists()


def test_reparse_of_a_report_without_its_original_says_so(editor_client, on_commit):
    report = make_report("330802")

    response = editor_client.post(
        CHANGELIST_URL, {"action": "reparse", "_selected_action": [report.pk]}, follow=True
    )

    assert "原始文件缺失" in response.content.decode()


def test_the_review_queue_lists_reports_with_missing_fields(editor_client, sample_bytes):
    wenling = ingest_bytes(sample_bytes[WENLING], name=WENLING).report  # year unknown
    yuyao = ingest_bytes(sample_bytes[YUYAO], name=YUYAO).report
    no_region = make_report(None, title="没有地区的报告")

    def listed(query: str) -> set[int]:
        response = editor_client.get(f"{CHANGELIST_URL}?{query}")
        return {report.pk for report in response.context["cl"].result_list}

    assert listed("review=year") == {wenling.pk}
    assert listed("review=region") == {no_region.pk}
    assert listed("review=missing") == {wenling.pk, no_region.pk}
    assert yuyao.pk in listed("review=warnings")
    assert no_region.pk not in listed("review=warnings")


def test_the_review_queue_matches_warnings_by_code_and_years_by_kind(editor_client):
    ambiguous = make_report(warnings=[{"code": "region.ambiguous", "message": "could be 鼓楼区 or 鼓楼区"}])
    worded_alike = make_report(warnings=[{"code": "legacy", "message": "region ambiguous: an old string"}])
    inferred = make_report(year=None, year_inferred=2024)
    no_year = make_report(year=None)
    nothing = make_report(None, year=None)

    def listed(query: str) -> set[int]:
        response = editor_client.get(f"{CHANGELIST_URL}?{query}")
        return {report.pk for report in response.context["cl"].result_list}

    assert listed("review=ambiguous") == {ambiguous.pk}
    assert worded_alike.pk not in listed("review=ambiguous")
    assert listed("review=inferred") == {inferred.pk}
    assert listed("review=year") == {no_year.pk, nothing.pk}
    assert listed("review=no_region_no_year") == {nothing.pk}


def test_the_change_page_labels_warnings_by_code_and_edits_the_inferred_year(editor_client, on_commit):
    inferred = {"code": "year.inferred", "message": "from 2022年工作回顾"}
    with on_commit():
        report = make_report(year=None, year_inferred=2023, warnings=[inferred])

    response = editor_client.get(change_url(report))

    page = response.content.decode()
    assert "<strong>年份由回顾年份推定（推定）</strong>：from 2022年工作回顾" in page
    assert response.context["adminform"].form["year_inferred"].value() == 2023
    data = change_form_data(response)
    data["year_inferred"] = "2024"
    with on_commit():
        response = editor_client.post(change_url(report), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Report.objects.get(pk=report.pk).year_inferred == 2024
    in_2024 = search(SearchParams(q="请你来协商", year_from=2024, year_to=2024)).results
    assert report.pk in {hit.report.pk for hit in in_2024}


def test_the_mark_reviewed_action_clears_the_warnings(editor_client, sample_bytes):
    wenling = ingest_bytes(sample_bytes[WENLING], name=WENLING).report

    editor_client.post(CHANGELIST_URL, {"action": "mark_reviewed", "_selected_action": [wenling.pk]})

    assert Report.objects.get(pk=wenling.pk).warnings == []


def test_the_list_filters_by_province_and_searches_speaker_and_region(editor_client, sample_bytes):
    kecheng = ingest_bytes(sample_bytes[KECHENG], name=KECHENG).report
    elsewhere = make_report("110108", title="海淀区政协工作报告")

    def listed(query: str) -> set[int]:
        return {
            report.pk for report in editor_client.get(f"{CHANGELIST_URL}?{query}").context["cl"].result_list
        }

    assert listed("province=33") == {kecheng.pk}
    assert listed("q=叶美峰") == {kecheng.pk}
    assert listed("q=海淀区") == {elsewhere.pk}
    assert listed("region__level__exact=county") == {kecheng.pk, elsewhere.pk}


def test_regions_are_searchable_but_read_only(editor_client, admin_client):
    response = admin_client.get("/admin/reports/region/?q=柯城")

    assert response.status_code == 200
    assert "330802" in response.content.decode()
    assert admin_client.get("/admin/reports/region/add/").status_code == 403
    assert admin_client.post("/admin/reports/region/330802/change/", {"name": "改名"}).status_code == 403
    assert admin_client.post("/admin/reports/region/330802/delete/", {"post": "yes"}).status_code == 403


def test_the_region_autocomplete_answers_an_editor(editor_client):
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "柯城", "app_label": "reports", "model_name": "report", "field_name": "region"},
    )

    assert response.status_code == 200
    assert {"id": "330802", "text": "柯城区"} in response.json()["results"]
