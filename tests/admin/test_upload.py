"""Upload → preview → confirm for one file, several files, a zip and pasted text."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry

from reports.models import Report
from reports.parsing import ParsedReport, parse_bytes
from reports.search.service import SearchParams, search
from tests.admin.helpers import (
    CHANGELIST_URL,
    KECHENG,
    UPLOAD_URL,
    WENLING,
    YUYAO,
    confirm,
    entries_by_name,
    make_zip,
    upload,
)

pytestmark = pytest.mark.django_db


def test_the_changelist_links_to_the_upload(editor_client):
    response = editor_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert UPLOAD_URL in response.content.decode()


def test_the_upload_page_asks_for_files_or_text(editor_client):
    response = editor_client.get(UPLOAD_URL)

    assert response.status_code == 200
    assert "上传并预览" in response.content.decode()


def test_an_empty_upload_is_refused_with_a_message(editor_client):
    response = editor_client.post(UPLOAD_URL, {"pasted_text": "  "})

    assert response.status_code == 200
    assert "请选择文件或粘贴文本" in response.content.decode()


def test_the_preview_shows_the_parsed_metadata_and_saves_nothing(editor_client, sample_bytes):
    preview, _url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    page = preview.content.decode()
    form = entries_by_name(preview)[KECHENG]["form"]
    assert form["region"].value() == "330802"
    assert form["year"].value() == 2024
    assert form["speaker"].value() == "叶美峰"
    assert "柯城区" in page  # the region widget shows the chosen region's name
    headings = [
        section["heading"] for section in entries_by_name(preview)[KECHENG]["preview"].record["sections"]
    ]
    assert all(heading in page for heading in headings if heading)
    assert "确认保存" in page
    assert Report.objects.count() == 0


def test_confirming_one_file_saves_it_searchable_with_the_uploader(
    editor_client, editor, sample_bytes, on_commit
):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    with on_commit():
        response = confirm(editor_client, url, preview)

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    report = Report.objects.get()
    assert (report.region_id, report.year, report.uploaded_by) == ("330802", 2024, editor)
    assert report.original_name == KECHENG
    assert search(SearchParams(q="请你来协商")).report_count == 1
    assert LogEntry.objects.get(object_id=str(report.pk)).action_flag == ADDITION


def test_the_editors_corrections_are_saved(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(WENLING, sample_bytes[WENLING])])
    assert entries_by_name(preview)[WENLING]["form"]["year"].value() is None

    with on_commit():
        confirm(editor_client, url, preview, {WENLING: {"year": 2022, "speaker": "王五", "session": 2}})

    report = Report.objects.get()
    assert (report.year, report.year_source, report.speaker, report.session) == (2022, "supplied", "王五", 2)
    assert any(warning["code"] == "year.supplied" for warning in report.warnings)


def test_a_corrected_region_is_saved(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    with on_commit():
        confirm(editor_client, url, preview, {KECHENG: {"region": "330803"}})

    assert Report.objects.get().region_id == "330803"


def test_several_files_are_previewed_and_saved_together(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG]), (YUYAO, sample_bytes[YUYAO])])

    assert set(entries_by_name(preview)) == {KECHENG, YUYAO}
    with on_commit():
        confirm(editor_client, url, preview)

    assert sorted(Report.objects.values_list("region_id", flat=True)) == ["330281", "330802"]
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == 2


def test_an_unticked_file_is_not_saved(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG]), (YUYAO, sample_bytes[YUYAO])])

    with on_commit():
        confirm(editor_client, url, preview, {YUYAO: {"include": False}})

    assert list(Report.objects.values_list("region_id", flat=True)) == ["330802"]


def test_a_zip_of_texts_is_previewed_file_by_file(editor_client, sample_bytes, on_commit):
    archive = make_zip({KECHENG: sample_bytes[KECHENG], YUYAO: sample_bytes[YUYAO]})
    preview, url = upload(editor_client, [("reports.zip", archive)])

    assert set(entries_by_name(preview)) == {f"reports.zip/{KECHENG}", f"reports.zip/{YUYAO}"}
    with on_commit():
        confirm(editor_client, url, preview)

    assert Report.objects.count() == 2
    assert set(Report.objects.values_list("original_name", flat=True)) == {KECHENG, YUYAO}


def test_pasted_text_is_previewed_and_saved(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, pasted_text=sample_bytes[KECHENG].decode("utf-8"))

    assert entries_by_name(preview)["粘贴的文本.txt"]["form"]["region"].value() == "330802"
    with on_commit():
        confirm(editor_client, url, preview)

    assert Report.objects.get().speaker == "叶美峰"


def test_the_confirmed_bytes_are_the_uploaded_bytes_kept_unchanged(editor_client, sample_bytes, on_commit):
    from reports.originals import read_original

    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])
    with on_commit():
        confirm(editor_client, url, preview)

    report = Report.objects.get()
    assert read_original(report.sha256) == sample_bytes[KECHENG]
    assert editor_client.get(f"/report/{report.pk}/original").content == sample_bytes[KECHENG]


def test_a_confirmed_batch_cannot_be_confirmed_again(editor_client, sample_bytes, on_commit):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])
    with on_commit():
        confirm(editor_client, url, preview)

    again = confirm(editor_client, url, preview)

    assert again.status_code == 302
    assert again["Location"] == UPLOAD_URL
    assert Report.objects.count() == 1


def test_an_invalid_correction_shows_the_preview_again_and_saves_nothing(editor_client, sample_bytes):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG]), (YUYAO, sample_bytes[YUYAO])])

    response = confirm(editor_client, url, preview, {KECHENG: {"year": 1066}})

    assert response.status_code == 200
    assert "确认保存" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_preview_labels_warnings_by_their_code(editor_client, sample_bytes, monkeypatch):
    parsed = ParsedReport(title="某区政协常委会工作报告", text="正文。")
    parsed.warn("region.ambiguous", "year unknown (a message that says otherwise)")
    parsed.warn("some.new_code", "a code without a label")
    monkeypatch.setattr("reports.ingest.parse_bytes", lambda data: parsed)

    preview, _url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    page = preview.content.decode()
    assert '<strong>地区有歧义，请核对</strong>：<span class="detail">year unknown (a message' in page
    assert "未能确定年份" not in page
    assert '<li data-code="some.new_code"><span class="detail">a code without a label</span></li>' in page


def test_the_preview_shows_an_inferred_year_beside_an_empty_year(editor_client, sample_bytes, monkeypatch):
    parsed = ParsedReport(title="某区政协常委会工作报告", text="正文。", year_inferred=2024)
    parsed.warn("year.inferred", "year 2024 inferred from the 2023年工作回顾 heading")
    monkeypatch.setattr("reports.ingest.parse_bytes", lambda data: parsed)

    preview, _url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    form = entries_by_name(preview)[KECHENG]["form"]
    assert (form["year"].value(), form["year_inferred"].value()) == (None, 2024)
    assert "<strong>年份由回顾年份推定（推定）</strong>" in preview.content.decode()


def test_an_untouched_inferred_year_is_saved_as_inferred_not_as_supplied(
    editor_client, sample_bytes, monkeypatch, on_commit
):
    parsed = ParsedReport(title="某区政协常委会工作报告", text="正文。", year_inferred=2024)
    monkeypatch.setattr("reports.ingest.parse_bytes", lambda data: parsed)
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    with on_commit():
        confirm(editor_client, url, preview)

    report = Report.objects.get()
    assert (report.year, report.year_inferred, report.filed_year) == (None, 2024, 2024)
    assert not any(warning["code"] == "year.supplied" for warning in report.warnings)


def test_the_preview_shows_the_parse_stored_with_the_staged_file(editor_client, sample_bytes, monkeypatch):
    calls = []

    def counted_parse(data):
        calls.append(len(data))
        return parse_bytes(data)

    monkeypatch.setattr("reports.ingest.parse_bytes", counted_parse)

    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG]), (WENLING, sample_bytes[WENLING])])
    for _visit in range(3):
        again = editor_client.get(url)
        assert entries_by_name(again)[KECHENG]["form"]["speaker"].value() == "叶美峰"

    assert len(calls) == 2  # once per file, at upload; never again on a visit of the preview
