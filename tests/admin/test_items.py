"""Reading an upload into items, without a database: sizes, zips, names."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from reports.admin_upload.items import PASTED_NAME, UploadItem, read_upload_items
from tests.admin.helpers import make_zip

LIMIT = 1000


def text_file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class Unreadable(SimpleUploadedFile):
    """A file that says it is large; reading it would fail the test."""

    def read(self, *args):
        raise AssertionError("a file over the limit was read")


def test_files_and_pasted_text_become_items_in_order():
    items = read_upload_items([text_file("a.txt", b"one"), text_file("b.txt", b"two")], "three", limit=LIMIT)

    assert items == [
        UploadItem("a.txt", b"one"),
        UploadItem("b.txt", b"two"),
        UploadItem(PASTED_NAME, b"three"),
    ]


def test_a_file_over_the_limit_is_refused_without_being_read():
    big = Unreadable("big.txt", b"x")
    big.size = LIMIT + 1

    [item] = read_upload_items([big], limit=LIMIT)

    assert item.data is None and "超过上限" in item.error


def test_a_zip_member_that_lies_about_its_size_is_cut_at_the_limit():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (LIMIT * 50))
    data = bytearray(buffer.getvalue())
    # Rewrite the declared size in the central directory to a small one, as a zip bomb would.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")

    [item] = read_upload_items([text_file("bomb.zip", bytes(data))], limit=LIMIT)

    assert item.data is None and item.error


def test_a_zip_member_declared_over_the_limit_is_refused():
    [item] = read_upload_items([text_file("z.zip", make_zip({"big.txt": b"0" * (LIMIT + 1)}))], limit=LIMIT)

    assert item.name == "z.zip/big.txt" and "超过上限" in item.error


def test_a_zip_with_too_much_in_total_is_stopped():
    limit = 5000
    members = {f"{number}.txt": b"0" * (limit - 10) for number in range(12)}

    items = read_upload_items([text_file("z.zip", make_zip(members))], limit=limit)

    assert [item.error is None for item in items].count(True) == 10
    assert "总大小" in items[-1].error


def test_macos_extras_in_a_zip_are_ignored():
    archive = make_zip({"a.txt": b"one", "__MACOSX/._a.txt": b"junk", ".DS_Store": b"junk"})

    assert read_upload_items([text_file("z.zip", archive)], limit=LIMIT) == [
        UploadItem("z.zip/a.txt", b"one")
    ]


def test_a_gbk_member_name_without_the_utf8_flag_is_read_as_chinese():
    # What Windows zip tools write: GBK bytes in the name, no UTF-8 flag. Python writes a
    # same-length ASCII placeholder, then the name bytes are swapped in both headers.
    gbk_name = "报告.txt".encode("gbk")
    placeholder = b"X" * (len(gbk_name) - 4) + b".txt"
    data = make_zip({placeholder.decode(): b"text"}).replace(placeholder, gbk_name)

    [item] = read_upload_items([text_file("z.zip", data)], limit=LIMIT)

    assert item == UploadItem("z.zip/报告.txt", b"text")


def test_a_utf8_member_name_is_kept():
    [item] = read_upload_items([text_file("z.zip", make_zip({"报告.txt": b"text"}))], limit=LIMIT)

    assert item.name == "z.zip/报告.txt"


def test_an_empty_zip_says_so():
    [item] = read_upload_items([text_file("z.zip", make_zip({}))], limit=LIMIT)

    assert "没有文件" in item.error


def test_pasted_windows_line_ends_become_newlines():
    [item] = read_upload_items([], "第一行\r\n第二行", limit=LIMIT)

    assert item.data == "第一行\n第二行".encode()
