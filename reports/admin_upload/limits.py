"""UPLOAD_MAX_BYTES enforced while an upload streams in, before any of its bytes are kept.

The request is refused on its declared length when it could not hold anything useful, and each file
is dropped once more than the limit of it has arrived: a file over the limit costs one chunk beyond
the limit, never its whole size in memory or on disk.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from reports.admin_upload.items import UploadItem

REQUEST_MAX_FACTOR = 10  # one upload: ten files at the limit, as for the members of one zip


def request_limit(limit: int) -> int:
    return limit * REQUEST_MAX_FACTOR


class SizeLimitHandler(FileUploadHandler):
    """First of the upload handlers: passes each chunk on until its file goes over `limit`, then skips it."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.skipped: list[str] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.skipped.append(self.file_name)
            raise SkipFile  # the parser closes the partial file and discards the rest of this one
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) keeps the file


@dataclass
class Received:
    """What came in: `refusal` says why the whole request was refused; `skipped` names files too large."""

    refusal: str | None = None
    skipped: list[str] = field(default_factory=list)


def receive(request) -> Received:
    """Parse a POSTed upload under the limits: call before anything reads request.POST or FILES."""
    limit = settings.UPLOAD_MAX_BYTES
    declared = _content_length(request)
    if declared > request_limit(limit):
        return Received(
            f"这次上传共 {declared:,} 字节，超过一次上传的上限 {request_limit(limit):,} 字节"
            f"（每个文件最多 {limit:,} 字节）：请分几次上传。"
        )
    handler = SizeLimitHandler(limit, request)
    request.upload_handlers.insert(0, handler)
    try:
        request.POST  # noqa: B018 - parsing happens here, through the handler above
    except RequestDataTooBig:
        return Received(f"粘贴的文本超过上限 {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} 字节，未接收。")
    except (TooManyFilesSent, TooManyFieldsSent):
        return Received(f"一次最多上传 {settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个文件：请分几次上传。")
    return Received(skipped=handler.skipped)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(name: str) -> UploadItem:
    return UploadItem(name, error=f"文件超过上限 {settings.UPLOAD_MAX_BYTES:,} 字节，未接收")


def skipped_message(names: list[str]) -> str:
    return f"{'、'.join(names)}：文件超过上限 {settings.UPLOAD_MAX_BYTES:,} 字节，未接收。"
