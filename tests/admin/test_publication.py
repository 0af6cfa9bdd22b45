"""Holding back and publishing in the admin: two actions, a filter, a column, the upload's checkbox."""

import pytest
from django.contrib.admin.models import LogEntry

from reports.api.export import default_corpus_path, export_corpus
from reports.ingest import ingest_bytes
from reports.models import Report
from reports.search.service import SearchParams, search
from tests.admin.helpers import CHANGELIST_URL, KECHENG, YUYAO, confirm, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kecheng(sample_bytes, on_commit):
    with on_commit():
        return ingest_bytes(sample_bytes[KECHENG], name=KECHENG).report


def found(term: str = "请你来协商") -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=term)).results}


def act(client, action: str, *reports):
    selected = [report.pk for report in reports]
    return client.post(CHANGELIST_URL, {"action": action, "_selected_action": selected})


def test_the_hold_action_takes_a_report_out_of_search_and_logs_it(editor_client, kecheng, on_commit):
    assert found() == {kecheng.pk}

    with on_commit():
        response = act(editor_client, "hold_back", kecheng)

    assert response.status_code == 302
    assert Report.objects.get(pk=kecheng.pk).is_held
    assert found() == set()
    assert LogEntry.objects.get(object_id=str(kecheng.pk)).change_message == "暂缓发布"
    assert "已暂缓发布 1 份报告" in editor_client.get(response["Location"]).content.decode()


def test_the_publish_action_puts_it_back_in_search(editor_client, kecheng, on_commit):
    with on_commit():
        act(editor_client, "hold_back", kecheng)

    with on_commit():
        response = act(editor_client, "publish_again", kecheng)

    assert not Report.objects.get(pk=kecheng.pk).is_held
    assert found() == {kecheng.pk}
    assert "已发布 1 份报告" in editor_client.get(response["Location"]).content.decode()


def test_holding_says_the_corpus_was_withdrawn(editor_client, kecheng, on_commit):
    export_corpus()

    with on_commit():
        response = act(editor_client, "hold_back", kecheng)

    assert not default_corpus_path().exists()
    assert "请运行 manage.py exportcorpus" in editor_client.get(response["Location"]).content.decode()


def test_the_list_marks_held_reports_and_filters_by_publication(editor_client, kecheng, sample_bytes):
    held = ingest_bytes(sample_bytes[YUYAO], name=YUYAO, hold=True).report

    listing = editor_client.get(CHANGELIST_URL).content.decode()
    only_held = editor_client.get(CHANGELIST_URL, {"publication": "held"}).context["cl"].result_list
    only_public = editor_client.get(CHANGELIST_URL, {"publication": "public"}).context["cl"].result_list

    assert "发布状态" in listing
    assert listing.count("未公开（暂缓发布）") == 1
    assert [report.pk for report in only_held] == [held.pk]
    assert [report.pk for report in only_public] == [kecheng.pk]


def test_the_change_page_shows_the_state(editor_client, sample_bytes):
    held = ingest_bytes(sample_bytes[YUYAO], name=YUYAO, hold=True).report

    page = editor_client.get(f"/admin/reports/report/{held.pk}/change/").content.decode()

    assert "未公开（暂缓发布）" in page


def test_an_upload_is_published_by_default(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    with on_commit():
        confirm(editor_client, url, preview)

    assert not Report.objects.get().is_held
    assert found() == {Report.objects.get().pk}


def test_an_upload_ticked_to_hold_is_stored_held(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    with on_commit():
        response = confirm(editor_client, url, preview, {KECHENG: {"hold": True}})

    assert Report.objects.get().is_held
    assert found() == set()
    assert "（暂缓发布）" in editor_client.get(response["Location"]).content.decode()
