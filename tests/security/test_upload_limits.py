"""UPLOAD_MAX_BYTES is enforced while the upload streams in: an oversized file, zip or paste is refused
with a clear message, nothing of it is staged or saved, and no more than the limit and one chunk of it
is ever received."""

import random

import pytest
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from reports.admin_upload import limits
from reports.models import Report
from tests.admin.helpers import KECHENG, UPLOAD_URL, entries_by_name, make_zip, upload_file

pytestmark = pytest.mark.django_db

LIMIT = 100_000
CHUNK = FileUploadHandler.chunk_size


class PassedOn(FileUploadHandler):
    """Placed after the size limit: counts the bytes that reach the handlers that keep a file."""

    total = 0

    def receive_data_chunk(self, raw_data, start):
        PassedOn.total += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def limited(settings, monkeypatch):
    """A small limit, and a record of what the size-limit handler and the handlers after it saw."""
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.security.test_upload_limits.PassedOn",
        *settings.FILE_UPLOAD_HANDLERS,
    ]
    PassedOn.total = 0
    seen = {"most": 0, "handlers": 0}

    class Recording(limits.SizeLimitHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seen["handlers"] += 1

        def receive_data_chunk(self, raw_data, start):
            try:
                return super().receive_data_chunk(raw_data, start)
            finally:
                seen["most"] = max(seen["most"], self.received)

    monkeypatch.setattr(limits, "SizeLimitHandler", Recording)
    return seen


def staged_files(data_dir):
    folder = data_dir / "staging"
    return sorted(path.name for path in folder.rglob("*.bin")) if folder.exists() else []


def assert_nothing_kept(data_dir):
    assert staged_files(data_dir) == []
    assert Report.objects.count() == 0
    assert not (data_dir / "originals").exists() or not any((data_dir / "originals").rglob("*"))


def test_a_file_over_the_limit_is_cut_off_after_one_chunk(editor_client, limited, data_dir):
    response = editor_client.post(UPLOAD_URL, {"files": [upload_file("big.txt", b"x" * (4 * LIMIT))]})

    assert response.status_code == 200
    page = response.content.decode()
    assert "big.txt：文件超过上限 100,000 字节，未接收。" in page
    assert limited["handlers"] == 1
    assert LIMIT < limited["most"] <= LIMIT + CHUNK
    assert PassedOn.total <= LIMIT
    assert_nothing_kept(data_dir)


def test_a_zip_over_the_limit_is_cut_off_the_same_way(editor_client, limited, data_dir):
    noise = random.Random(1)  # noqa: S311 - incompressible filler, so the zip itself is over the limit
    archive = make_zip({f"{number}.txt": noise.randbytes(30_000) for number in range(8)})
    assert LIMIT < len(archive) < limits.request_limit(LIMIT)

    response = editor_client.post(UPLOAD_URL, {"files": [upload_file("reports.zip", archive)]})

    assert "reports.zip：文件超过上限" in response.content.decode()
    assert limited["most"] <= LIMIT + CHUNK and PassedOn.total <= LIMIT
    assert_nothing_kept(data_dir)


def test_a_file_over_the_limit_beside_good_ones_is_named_in_the_preview(editor_client, limited, sample_bytes):
    files = [upload_file("big.txt", b"x" * (2 * LIMIT)), upload_file(KECHENG, sample_bytes[KECHENG])]

    response = editor_client.post(UPLOAD_URL, {"files": files}, follow=True)

    entries = entries_by_name(response)
    assert entries["big.txt"]["preview"].error == "文件超过上限 100,000 字节，未接收"
    assert entries[KECHENG]["form"] is not None
    assert PassedOn.total <= LIMIT + len(sample_bytes[KECHENG])


def test_an_upload_declared_too_large_is_refused_before_any_of_it_is_read(editor_client, limited, data_dir):
    response = editor_client.post(UPLOAD_URL, {"files": [upload_file("huge.txt", b"x" * (11 * LIMIT))]})

    page = response.content.decode()
    assert "超过一次上传的上限 1,000,000 字节" in page
    assert "每个文件最多 100,000 字节" in page
    assert limited["handlers"] == 0 and PassedOn.total == 0
    assert_nothing_kept(data_dir)


def test_pasted_text_over_the_request_field_limit_is_refused(editor_client, limited, settings, data_dir):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT

    response = editor_client.post(UPLOAD_URL, {"pasted_text": "协商" * LIMIT})

    assert response.status_code == 200
    assert "粘贴的文本超过上限 100,000 字节，未接收。" in response.content.decode()
    assert_nothing_kept(data_dir)


def test_pasted_text_over_the_file_limit_is_named_in_the_preview(editor_client, limited, settings, data_dir):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * LIMIT

    response = editor_client.post(UPLOAD_URL, {"pasted_text": "协商" * (LIMIT // 4)}, follow=True)

    [entry] = response.context["entries"]
    assert "超过上限" in entry["preview"].error
    assert staged_files(data_dir) == []


def test_the_handler_passes_chunks_until_its_file_goes_over_the_limit():
    handler = limits.SizeLimitHandler(10)
    handler.new_file("files", "a.txt", "text/plain", None)

    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    assert handler.receive_data_chunk(b"67890", 5) == b"67890"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"!", 10)
    assert handler.skipped == ["a.txt"]

    handler.new_file("files", "b.txt", "text/plain", None)
    assert handler.receive_data_chunk(b"1234567890", 0) == b"1234567890"  # each file has its own count
