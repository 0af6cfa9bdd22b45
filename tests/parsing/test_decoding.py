"""decode_bytes / parse_bytes: encodings accepted, binaries and garbage refused with a clear message."""

import codecs
import random

import pytest

from reports.parsing import BinaryInputError, EmptyInputError, UndecodableError
from reports.parsing.decoding import decode_bytes

TEXT = "各位委员：\n我代表政协常务委员会，向大会报告工作，请予审议。\n2024年工作回顾\n"


def test_it_decodes_utf8_with_and_without_bom():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


def test_it_decodes_gbk_and_gb18030_bytes():
    assert decode_bytes(TEXT.encode("gbk")) == TEXT
    assert decode_bytes(TEXT.encode("gb18030")) == TEXT


def test_it_decodes_utf16_with_a_bom():
    assert decode_bytes(TEXT.encode("utf-16")) == TEXT
    assert decode_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")) == TEXT


def test_it_recognises_utf16_without_a_bom_by_its_nul_pattern():
    assert decode_bytes(TEXT.encode("utf-16-le")) == TEXT
    assert decode_bytes(TEXT.encode("utf-16-be")) == TEXT


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_it_refuses_a_binary_and_says_what_it_looks_like(data, named):
    with pytest.raises(BinaryInputError, match=named):
        decode_bytes(data)


def test_it_refuses_nul_bytes_that_are_not_utf16():
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(b"abc\x00\x00\x00def\x00\x01\x02" * 20)


def test_it_refuses_mostly_control_bytes():
    with pytest.raises(BinaryInputError, match="control bytes"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x41]) * 50)


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\u3000\n".encode()])
def test_it_refuses_empty_input(data):
    with pytest.raises(EmptyInputError):
        decode_bytes(data)


def test_it_refuses_random_high_bytes_instead_of_decoding_them_as_gb18030():
    rng = random.Random(7)  # noqa: S311 - reproducible noise, not a secret
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(4000))
    with pytest.raises(UndecodableError, match="not UTF-8, UTF-16 or GB18030"):
        decode_bytes(noise)


def test_it_refuses_latin1_text_that_is_not_chinese():
    with pytest.raises(UndecodableError):
        decode_bytes("Ærøskøbing fjord ÆØÅ åæø ÿþ ¿¡ ÷×±".encode("latin-1") * 20)
