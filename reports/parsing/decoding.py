"""Bytes to text: refuse binaries, then UTF-8 (with or without BOM), UTF-16, or GB18030/GBK.

GB18030 maps almost any byte string to *some* characters, so a GB18030 result is
accepted only when it reads like Chinese text (see `_looks_like_text`).
"""

import codecs

from reports.parsing.errors import BinaryInputError, EmptyInputError, UndecodableError

# Magic numbers of what people upload by mistake, longest first where they share a prefix.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office (Word/Excel) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"{\\rtf", "an RTF document"),
)
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
# Share of characters that must be CJK, CJK punctuation or printable ASCII in a GB18030 reading.
_MIN_READABLE_SHARE = 0.97
# Real GBK text draws nearly all its hanzi from the 6,763 of GB2312; random bytes do not.
_MIN_COMMON_HANZI_SHARE = 0.85
_SAMPLE_BYTES = 8192


def decode_bytes(data: bytes) -> str:
    """The text in `data`; raises EmptyInputError, BinaryInputError or UndecodableError."""
    if not data.strip():
        raise EmptyInputError("the file is empty (or only whitespace)")
    text = _decode_by_bom(data)
    if text is None:
        _refuse_binary(data)
        text = _decode_utf16_without_bom(data) or _decode_utf8(data) or _decode_gb18030(data)
    if text is None:
        raise UndecodableError("the bytes are not UTF-8, UTF-16 or GB18030/GBK text")
    if not text.strip():
        raise EmptyInputError("the file is empty (or only whitespace)")
    return text


def _decode_by_bom(data: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                message = f"the file starts with a {encoding} byte-order mark but is not {encoding}"
                raise UndecodableError(message) from error
    return None


def _refuse_binary(data: bytes) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BinaryInputError(f"this is {what}, not a text file")
    head = data[:_SAMPLE_BYTES]
    if _utf16_byte_order(head):
        return  # NULs and control bytes are the high halves of UTF-16 code units
    if b"\x00" in head:
        raise BinaryInputError("this looks like a binary file (it contains NUL bytes), not a text file")
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if controls > max(2, len(head) // 100):
        raise BinaryInputError("this looks like a binary file (mostly control bytes), not a text file")


def _utf16_byte_order(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the NULs sit on one side of the byte pairs, as ASCII does in UTF-16."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    pairs = len(head) // 2
    # Chinese UTF-16 has NULs only beside ASCII (digits, newlines): few, but all on one side.
    if odd >= max(2, pairs // 50) and even == 0:
        return "utf-16-le"
    if even >= max(2, pairs // 50) and odd == 0:
        return "utf-16-be"
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    encoding = _utf16_byte_order(data[:_SAMPLE_BYTES])
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(f"the file looks like {encoding} but does not decode as it") from error
    if "\x00" in text:
        raise BinaryInputError("this looks like a binary file (it contains NUL bytes), not a text file")
    return text


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_gb18030(data: bytes) -> str | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    chars = [char for char in text if not char.isspace()]
    if not chars:
        return False
    readable = sum(1 for char in chars if _is_readable(char))
    hanzi = [char for char in chars if "\u4e00" <= char <= "\u9fff"]
    common = sum(1 for char in hanzi if in_gb2312(char))
    if readable < _MIN_READABLE_SHARE * len(chars):
        return False
    return not hanzi or common >= _MIN_COMMON_HANZI_SHARE * len(hanzi)


def _is_readable(char: str) -> bool:
    return (
        " " <= char <= "~"
        or "\u4e00" <= char <= "\u9fff"
        or "\u3000" <= char <= "\u303f"  # CJK punctuation
        or "\uff00" <= char <= "\uffef"  # full-width forms
        or char in "“”‘’…—·・《》〈〉【】、￥°×÷±"
    )


def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
