"""jieba-rs cuts for the index only where it gives jieba's own tokens, and jieba cuts the rest.

The reference is jieba's `tokenize(text, mode="search")` with the project's dictionary: the fast path
must give the same (word, start, end) tokens in the same order, on real reports and on text built to
hit the places where the two implementations are known to part.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from reports.parsing.decoding import decode_bytes
from reports.search import analysis
from reports.search.analysis import dictionary_words, search_tokens, search_word_list, search_words, segmenter
from reports.search.normalize import normalize

REPORT_TEXTS = sorted((Path(__file__).resolve().parent.parent / "data" / "reports").glob("*.txt"))


def _report_text(path: Path) -> str:
    """A fixture's text, decoded as ingest decodes it (some are GB18030 or UTF-16), normalised."""
    return normalize(decode_bytes(path.read_bytes()))


def reference_tokens(text: str) -> list[tuple[str, int, int]]:
    return list(segmenter().tokenize(text, mode="search"))


def reference_dictionary_words(text: str) -> list[str]:
    return segmenter().lcut(text, HMM=False)


def reference_words(text: str) -> list[str]:
    return [word for word, _start, _end in reference_tokens(text) if analysis._is_search_word(word)]


def test_the_fast_segmenter_is_in_use():
    assert analysis.fast_segmenter() is not None


@pytest.mark.parametrize("path", REPORT_TEXTS, ids=lambda path: path.stem)
def test_same_tokens_as_jieba_on_reports_of_every_format(path):
    text = _report_text(path)
    assert search_tokens(text) == reference_tokens(text)
    assert search_word_list(text) == reference_words(text)
    assert dictionary_words(text) == reference_dictionary_words(text)


def test_same_tokens_as_jieba_on_the_samples(sample_paths):
    for path in sample_paths:
        text = normalize(path.read_text(encoding="utf-8"))
        assert search_tokens(text) == reference_tokens(text)
        assert dictionary_words(text) == reference_dictionary_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "探索打造1-2个工作室品牌",  # jieba-rs keeps 1-2 whole
        "地区生产总值增长5.6%,达到120.5亿元",
        "电子报阅读机2026-01-24星期六",
        "C++与C#及R&D_投入",
        "䶮与𠀀及鿏都是汉字",  # ideographs outside U+4E00–U+9FD5
        "范作作作量设督别",  # a tie between two HMM paths
        "同升论开筹致升工6合",
        "",
        "   \n\t",
    ],
)
def test_same_tokens_where_the_implementations_differ(text):
    assert search_tokens(text) == reference_tokens(text)
    assert search_word_list(text) == reference_words(text)
    assert dictionary_words(text) == reference_dictionary_words(text)


_REPORT_CHARS = sorted({char for path in REPORT_TEXTS for char in _report_text(path)})
_HAN = [char for char in _REPORT_CHARS if "\u4e00" <= char <= "\u9fd5"]
_PIECES = st.one_of(
    st.sampled_from(_HAN),
    st.sampled_from(_REPORT_CHARS),
    st.sampled_from("0123456789abcXYZ+#&._%-"),
    st.sampled_from(" ,。、:;()!?\n\t\r\"'/·—…“”《》\u3000\x01\ue000"),
    st.sampled_from("䶮鿏鿿豈𠀀é한かな①²😀"),
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(_HAN).map(lambda char: char * 3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=120).map("".join))
def test_same_tokens_as_jieba_on_generated_text(text):
    assert search_tokens(text) == reference_tokens(text)
    assert search_word_list(text) == reference_words(text)
    assert dictionary_words(text) == reference_dictionary_words(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_HAN), min_size=2, max_size=4, unique=True).flatmap(
        lambda chars: st.lists(st.sampled_from(chars), min_size=20, max_size=300).map("".join)
    )
)
def test_same_tokens_as_jieba_on_repetitive_text(text):
    """Two to four distinct characters: ties between the HMM's paths are common here."""
    assert search_tokens(text) == reference_tokens(text)
    assert dictionary_words(text) == reference_dictionary_words(text)


def test_jieba_cuts_everything_when_the_dictionary_forces_a_split(monkeypatch):
    monkeypatch.setattr(finalseg, "Force_Split_Words", {"协商"})
    analysis.fast_segmenter.cache_clear()
    try:
        assert analysis.fast_segmenter() is None
        text = "请你来协商,增长5.6%"
        assert search_tokens(text) == reference_tokens(text)
        assert [word for word, _s, _e in search_words(text)] == search_word_list(text)
        assert dictionary_words(text) == reference_dictionary_words(text)
    finally:
        monkeypatch.undo()
        analysis.fast_segmenter.cache_clear()
