"""Each bad file gets a message naming it and the reason; the other files of the upload still save."""

import pytest
from django.contrib.messages import get_messages

from reports.models import Report
from tests.admin.helpers import (
    KECHENG,
    NEWS_ITEM,
    PNG,
    UNDECODABLE,
    confirm,
    entries_by_name,
    make_zip,
    upload,
)

pytestmark = pytest.mark.django_db


def stored_originals(data_dir):
    folder = data_dir / "originals"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def upload_with_kecheng(client, sample_bytes, bad_name, bad_data):
    return upload(client, [(bad_name, bad_data), (KECHENG, sample_bytes[KECHENG])])


def assert_only_kecheng_saved(client, url, preview, data_dir, sample_bytes, on_commit):
    with on_commit():
        confirm(client, url, preview)
    assert list(Report.objects.values_list("original_name", flat=True)) == [KECHENG]
    assert len(stored_originals(data_dir)) == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("gibberish.txt", UNDECODABLE, "无法识别文字编码"),
        ("scan.png", PNG, "不是文本文件"),
        ("news.txt", NEWS_ITEM, "不是工作报告"),
        ("empty.txt", b"   \n", "没有文字内容"),
    ],
    ids=["undecodable", "png", "news-item", "empty"],
)
def test_a_bad_file_is_named_with_its_reason_and_the_other_file_saves(
    editor_client, sample_bytes, data_dir, on_commit, name, data, reason
):
    preview, url = upload_with_kecheng(editor_client, sample_bytes, name, data)

    entry = entries_by_name(preview)[name]
    assert entry["preview"].status == "failed"
    assert entry["form"] is None
    page = preview.content.decode()
    assert name in page and reason in page
    assert_only_kecheng_saved(editor_client, url, preview, data_dir, sample_bytes, on_commit)


def test_a_file_over_the_limit_is_refused_by_its_declared_size(
    editor_client, sample_bytes, settings, data_dir, on_commit
):
    settings.UPLOAD_MAX_BYTES = len(sample_bytes[KECHENG]) + 100
    preview, url = upload_with_kecheng(editor_client, sample_bytes, "big.txt", sample_bytes[KECHENG] * 2)

    assert "超过上限" in entries_by_name(preview)["big.txt"]["preview"].error
    assert "big.txt" in preview.content.decode()
    assert_only_kecheng_saved(editor_client, url, preview, data_dir, sample_bytes, on_commit)


def test_an_html_page_is_previewed_as_its_text_and_stored_without_markup(
    editor_client, sample_bytes, on_commit
):
    body = sample_bytes[KECHENG].decode("utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line.strip())
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>柯城新闻网</title>"
        "<script>var tracker = 1;</script></head>"
        f"<body><div class='article'>{paragraphs}</div></body></html>"
    ).encode()
    preview, url = upload(editor_client, [("page.html", page)])

    shown = entries_by_name(preview)["page.html"]["preview"]
    assert shown.status == "parsed"
    assert "<p>" not in shown.text and "tracker" not in shown.text
    with on_commit():
        confirm(editor_client, url, preview)
    report = Report.objects.get()
    assert "<p>" not in report.text and "tracker" not in report.text
    assert not report.sections.filter(text__contains="<p>").exists()


def test_a_zip_with_a_nested_folder_names_the_member(editor_client, sample_bytes, data_dir, on_commit):
    archive = make_zip({KECHENG: sample_bytes[KECHENG], "2024/other.txt": sample_bytes[KECHENG] + b"\n"})
    preview, url = upload(editor_client, [("batch.zip", archive)])

    error = entries_by_name(preview)["batch.zip/2024/other.txt"]["preview"].error
    assert "子文件夹" in error
    assert "batch.zip/2024/other.txt" in preview.content.decode()
    with on_commit():
        confirm(editor_client, url, preview)
    assert list(Report.objects.values_list("original_name", flat=True)) == [KECHENG]


def test_a_zip_with_a_non_text_member_names_it(editor_client, sample_bytes, on_commit):
    archive = make_zip({KECHENG: sample_bytes[KECHENG], "photo.png": PNG})
    preview, url = upload(editor_client, [("batch.zip", archive)])

    assert "不是文本文件" in entries_by_name(preview)["batch.zip/photo.png"]["preview"].error
    with on_commit():
        confirm(editor_client, url, preview)
    assert Report.objects.count() == 1


def test_a_damaged_zip_is_one_error_and_the_other_file_saves(
    editor_client, sample_bytes, data_dir, on_commit
):
    preview, url = upload_with_kecheng(editor_client, sample_bytes, "broken.zip", b"PK\x03\x04 not really")

    assert "zip" in entries_by_name(preview)["broken.zip"]["preview"].error
    assert_only_kecheng_saved(editor_client, url, preview, data_dir, sample_bytes, on_commit)


def test_when_every_file_fails_no_save_is_offered(editor_client):
    preview, _url = upload(editor_client, [("scan.png", PNG)])

    assert "确认保存" not in preview.content.decode()
    assert "重新上传" in preview.content.decode()


def test_a_failure_while_saving_one_file_leaves_it_out_and_the_others_saved(
    editor_client, sample_bytes, monkeypatch, on_commit
):
    from reports import ingest
    from tests.admin.helpers import YUYAO

    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG]), (YUYAO, sample_bytes[YUYAO])])
    real_bulk_create = ingest.Section.objects.bulk_create

    def fail_for_yuyao(sections):
        sections = list(sections)
        if sections and sections[0].report.region_id == "330281":
            raise RuntimeError("disk full")
        return real_bulk_create(sections)

    monkeypatch.setattr(ingest.Section.objects, "bulk_create", fail_for_yuyao)
    with on_commit():
        response = confirm(editor_client, url, preview)

    assert response.status_code == 302
    assert any(
        YUYAO in str(message) and "未保存" in str(message) for message in get_messages(response.wsgi_request)
    )
    assert list(Report.objects.values_list("region_id", flat=True)) == ["330802"]
