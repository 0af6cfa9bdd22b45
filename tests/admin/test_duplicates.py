"""The same original is stored once; the same region, body and year asks: replace, or keep both?"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from reports.ingest import ingest_bytes
from reports.models import Report
from reports.originals import read_original
from tests.admin.helpers import KECHENG, confirm, entries_by_name, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(sample_bytes):
    return ingest_bytes(sample_bytes[KECHENG], name=KECHENG).report


def reprint(sample_bytes) -> bytes:
    """The same report from another paper: other bytes, the same region, body and year."""
    return sample_bytes[KECHENG] + "\n（来源：衢州日报）\n".encode()


def test_the_same_original_links_to_the_stored_report_and_offers_no_save(editor_client, stored, sample_bytes):
    preview, _url = upload(editor_client, [("copy.txt", sample_bytes[KECHENG])])

    entry = entries_by_name(preview)["copy.txt"]
    page = preview.content.decode()
    assert entry["preview"].status == "duplicate"
    assert entry["form"] is None
    assert "已存为" in page and f"/admin/reports/report/{stored.pk}/change/" in page
    assert "确认保存" not in page


def test_the_same_region_body_and_year_asks_to_replace_or_keep_both(editor_client, stored, sample_bytes):
    preview, _url = upload(editor_client, [("reprint.txt", reprint(sample_bytes))])

    form = entries_by_name(preview)["reprint.txt"]["form"]
    assert form.similar == [stored]
    assert "两份都保留" in preview.content.decode()
    assert f"替换报告 {stored.pk}" in preview.content.decode()


def test_without_a_choice_nothing_is_saved(editor_client, stored, sample_bytes):
    preview, url = upload(editor_client, [("reprint.txt", reprint(sample_bytes))])

    response = confirm(editor_client, url, preview)

    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_keeping_both_adds_a_second_report(editor_client, stored, sample_bytes, on_commit):
    preview, url = upload(editor_client, [("reprint.txt", reprint(sample_bytes))])

    with on_commit():
        confirm(editor_client, url, preview, {"reprint.txt": {"choice": "new"}})

    assert Report.objects.count() == 2


def test_replacing_keeps_the_id_and_stores_the_new_original(
    editor_client, editor, stored, sample_bytes, on_commit
):
    preview, url = upload(editor_client, [("reprint.txt", reprint(sample_bytes))])

    with on_commit():
        confirm(editor_client, url, preview, {"reprint.txt": {"choice": str(stored.pk)}})

    report = Report.objects.get()
    assert report.pk == stored.pk
    assert report.original_name == "reprint.txt"
    assert read_original(report.sha256) == reprint(sample_bytes)
    assert LogEntry.objects.get(object_id=str(stored.pk), user=editor).action_flag == CHANGE


def test_a_corrected_year_that_meets_a_stored_report_asks_again(editor_client, sample_bytes):
    stored = ingest_bytes(sample_bytes[KECHENG], name=KECHENG).report
    Report.objects.filter(pk=stored.pk).update(year=2023)
    preview, url = upload(editor_client, [("reprint.txt", reprint(sample_bytes))])
    assert entries_by_name(preview)["reprint.txt"]["form"].similar == []

    response = confirm(editor_client, url, preview, {"reprint.txt": {"year": 2023}})

    assert response.status_code == 200
    assert "两份都保留" in response.content.decode()
    assert Report.objects.count() == 1
