"""What an upload holds: one item per text (a file, a zip member, the pasted text), each data or error.

Sizes are checked from what the upload and the zip declare before anything is read, and every read
is capped, so a big file or a zip bomb costs no more memory than one file under the limit.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

PASTED_NAME = "粘贴的文本.txt"
TEXT_SUFFIXES = {".txt", ".text", ".htm", ".html"}
ZIP_MAX_MEMBERS = 200
ZIP_MAX_TOTAL_FACTOR = 10  # all members together: ten files at the limit
# macOS adds these to every zip it makes; they are not the editor's files.
_ZIP_NOISE = ("__MACOSX/", ".DS_Store")
_UTF8_NAME_FLAG = 0x800


@dataclass(frozen=True)
class UploadItem:
    """One text to preview: `data` when it could be read, otherwise `error` says why not."""

    name: str
    data: bytes | None = None
    error: str | None = None


def read_upload_items(files, pasted_text: str = "", limit: int | None = None) -> list[UploadItem]:
    """The items of an upload: each file (a zip gives its members) and the pasted text, in order."""
    limit = limit or settings.UPLOAD_MAX_BYTES
    items: list[UploadItem] = []
    for upload in files:
        if upload.name.lower().endswith(".zip"):
            items += read_zip(upload, upload.name, limit)
        else:
            items.append(read_file(upload, upload.name, limit))
    if pasted_text.strip():
        items.append(read_pasted(pasted_text, limit))
    return items


def too_large(name: str, size: int, limit: int) -> UploadItem:
    return UploadItem(name, error=f"文件 {size:,} 字节，超过上限 {limit:,} 字节")


def read_file(upload, name: str, limit: int) -> UploadItem:
    """An uploaded file, refused on its declared size before it is read."""
    if upload.size > limit:
        return too_large(name, upload.size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        return too_large(name, len(data), limit)
    return UploadItem(name, data=data)


def read_pasted(text: str, limit: int) -> UploadItem:
    data = text.replace("\r\n", "\n").encode("utf-8")
    if len(data) > limit:
        return too_large(PASTED_NAME, len(data), limit)
    return UploadItem(PASTED_NAME, data=data)


def read_zip(upload, name: str, limit: int) -> list[UploadItem]:
    """The text files at the top of a zip; every other member is an item with its reason."""
    if upload.size > limit:
        return [too_large(name, upload.size, limit)]
    try:
        archive = zipfile.ZipFile(upload)
        members = [info for info in archive.infolist() if not _is_noise(info.filename)]
    except (zipfile.BadZipFile, OSError):
        return [UploadItem(name, error="不是有效的 zip 压缩包")]
    if len(members) > ZIP_MAX_MEMBERS:
        return [UploadItem(name, error=f"压缩包有 {len(members)} 个文件，一次最多 {ZIP_MAX_MEMBERS} 个")]
    items, total = [], 0
    for info in (member for member in members if not member.is_dir()):
        item = read_member(archive, info, name, limit)
        total += len(item.data or b"")
        if total > limit * ZIP_MAX_TOTAL_FACTOR:
            item = UploadItem(item.name, error="压缩包解压后的总大小超过上限：请分几次上传")
        items.append(item)
    return items or [UploadItem(name, error="压缩包里没有文件")]


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, limit: int) -> UploadItem:
    member_name = _member_name(info)
    name = f"{zip_name}/{member_name}"
    if "/" in member_name.strip("/"):
        return UploadItem(name, error="压缩包里不能有子文件夹：请把 .txt 文件直接放在压缩包顶层")
    if PurePosixPath(member_name).suffix.lower() not in TEXT_SUFFIXES:
        return UploadItem(name, error="不是文本文件：压缩包里只能有 .txt 文件")
    if info.flag_bits & 0x1:
        return UploadItem(name, error="文件已加密，无法读取")
    if info.file_size > limit:
        return too_large(name, info.file_size, limit)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)  # the declared size may lie: never read past the cap
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return UploadItem(name, error="压缩包里的这个文件已损坏，无法解压")
    if len(data) > limit:
        return too_large(name, len(data), limit)
    return UploadItem(name, data=data)


def _is_noise(filename: str) -> bool:
    return filename.startswith(_ZIP_NOISE[0]) or PurePosixPath(filename).name == _ZIP_NOISE[1]


def _member_name(info: zipfile.ZipInfo) -> str:
    """Windows zip tools write Chinese names in GBK without saying so; Python reads them as cp437."""
    if info.flag_bits & _UTF8_NAME_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
