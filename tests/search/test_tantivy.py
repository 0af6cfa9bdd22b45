"""The tantivy backend: the same tokens as the whoosh analyzers, exact results, safe writers.

These tests build their own tantivy indexes in temporary folders, so they run whichever engine the
settings select; the rest of the suite runs on tantivy with ARCHIVE_SEARCH_ENGINE=tantivy.
"""

import fcntl
import tempfile
import threading
from pathlib import Path

import pytest
from haystack.constants import DJANGO_ID
from haystack.exceptions import SearchBackendError
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.search.analysis import bigram_spans, index_terms, search_words
from reports.search.engines.tantivy import backend as tantivy_backend
from reports.search.engines.tantivy import documents
from reports.search.engines.tantivy.backend import ArchiveTantivyBackend
from reports.search.normalize import normalize
from reports.search.query import parse_query
from tests.search.test_index import CASES, TEXTS, _truth

SAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "samples"


def _backend(path) -> ArchiveTantivyBackend:
    return ArchiveTantivyBackend("default", PATH=str(path))


class _Prepared:
    """A stand-in for haystack's SearchIndex: `full_prepare` gives the document dict as SectionIndex does."""

    def full_prepare(self, item):
        number, text, report_id, year, regions = item
        return {
            DJANGO_ID: str(number),
            "text": text,
            "words": text,
            "report_id": report_id,
            "year": year,
            "body": "zx",
            "regions": regions,
            "position": number,
        }


def _build(path, texts, report_ids=None, years=None, regions=None) -> ArchiveTantivyBackend:
    backend = _backend(path)
    items = [
        (
            number,
            text,
            report_ids[number] if report_ids else number,
            years[number] if years else 0,
            regions[number] if regions else [],
        )
        for number, text in enumerate(texts)
    ]
    backend.update(_Prepared(), items)
    return backend


def _search(backend, raw, **filters) -> set[int]:
    return {match.section_id for match in backend.exact_search(parse_query(raw), **filters)}


@pytest.fixture(scope="module")
def report_index(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("tantivy"), TEXTS)


def _sample_texts() -> list[str]:
    return [path.read_text(encoding="utf-8")[:3000] for path in sorted(SAMPLES_DIR.glob("*.txt"))]


def _terms(text: str) -> tuple[str, str]:
    """The (bigrams, words) terms tantivy indexes for a section of `text`, cut in this process."""
    return index_terms([(text, text)])[0]


@pytest.mark.parametrize("text", [*TEXTS, "  两个 run\t之间\x01控制符 ", "ＡＢｃ１２３", "单", ""])
def test_bigram_tokens_are_the_whoosh_bigram_terms(text):
    assert _terms(text)[0].split() == [gram for gram, _start in bigram_spans(normalize(text))]


def test_bigram_and_word_tokens_match_the_whoosh_analyzers_on_the_samples():
    for text in _sample_texts():
        bigrams, words = _terms(text)
        assert bigrams.split() == [gram for gram, _start in bigram_spans(normalize(text))]
        assert words.split() == [word for word, _start, _end in search_words(normalize(text))]


def test_a_large_batch_is_cut_in_worker_processes_into_the_same_terms(monkeypatch):
    monkeypatch.setattr(documents, "PARALLEL_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(documents, "PARALLEL_CHUNK", 2)
    prepared = [{"text": text, "words": text} for text in [*_sample_texts(), *TEXTS]]
    pool = documents.tokenizing_pool()
    if pool is None:
        pytest.skip("one CPU: batches are cut in this process")
    in_workers = list(documents.tokenize(prepared))
    assert in_workers == [_terms(doc["text"]) for doc in prepared]


def test_a_batch_indexed_through_the_workers_finds_exactly_the_substring_truth(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "PARALLEL_MIN_DOCUMENTS", 2)
    backend = _build(tmp_path, TEXTS)
    for raw, expected in CASES:
        assert _search(backend, raw) == expected


# A one-character term that is a regex metacharacter: tantivy's one-character query is a regex.
@pytest.mark.parametrize(("raw", "expected"), [*CASES, ("%", {8})])
def test_tantivy_returns_exactly_the_substring_truth(report_index, raw, expected):
    assert _truth(TEXTS, raw) == expected
    assert _search(report_index, raw) == expected


@pytest.mark.parametrize("raw", ["主 -民", '-民"主', "主 -民主"])
def test_an_excluded_term_excludes_the_first_matching_section_too(tmp_path, raw):
    texts = ["民", "主民", "主", "民主民", "主x"]
    assert _search(_build(tmp_path, texts), raw) == _truth(texts, raw)


@pytest.mark.parametrize("term", ["协商民主", "请你来协商", "商民", "协商民"])
def test_a_term_never_matches_across_a_space(tmp_path, term):
    backend = _build(tmp_path, ["协商 民主", "请你来 协商", "请你来协商民主"])
    assert _search(backend, term) == {2}


def test_jieba_words_rank_a_whole_word_first(tmp_path):
    backend = _build(tmp_path, ["大会客观公正", "欢迎会客来访"])
    assert [match.section_id for match in backend.exact_search(parse_query("会客"))] == [1, 0]


def test_filters_by_region_at_any_level_year_range_and_body(tmp_path):
    backend = _build(
        tmp_path,
        ["协商一", "协商二", "协商三"],
        report_ids=[10, 10, 11],
        years=[2019, 2019, 2023],
        regions=[["330000", "330800", "330802"], ["330000", "330800", "330802"], ["330000", "331000"]],
    )
    assert _search(backend, "协商", region="330800") == {0, 1}
    assert _search(backend, "协商", region="330000") == {0, 1, 2}
    assert _search(backend, "协商", year_from=2020) == {2}
    assert _search(backend, "协商", year_to=2019, body="zx") == {0, 1}
    assert _search(backend, "协商", body="rd") == set()
    match = backend.exact_search(parse_query("协商一"))[0]
    assert (match.report_id, match.year, match.regions) == (10, 2019, ("330000", "330800", "330802"))


def test_an_empty_query_with_a_filter_lists_every_section_it_allows(tmp_path):
    backend = _build(tmp_path, ["甲乙", "丙丁"], years=[2020, 2021])
    assert _search(backend, "", year_from=2021) == {1}
    assert _search(backend, "") == set()


def test_a_second_backend_sees_each_commit_as_another_process_would(tmp_path):
    writer_side, reader_side = _backend(tmp_path), _backend(tmp_path)
    writer_side.update(_Prepared(), [(1, "第一次写入", 1, 0, [])])
    assert _search(reader_side, "写入") == {1}
    writer_side.update(_Prepared(), [(2, "第二次写入", 2, 0, [])])
    assert _search(reader_side, "写入") == {1, 2}
    writer_side.remove_report(1)
    assert _search(reader_side, "写入") == {2}


def test_reindexing_a_section_replaces_its_document(tmp_path):
    backend = _build(tmp_path, ["旧的内容"])
    backend.update(_Prepared(), [(0, "新的内容", 0, 0, [])])
    assert _search(backend, "内容") == {0} and _search(backend, "旧的") == set()
    assert backend.document_count() == 1


def test_clear_empties_the_index(tmp_path):
    backend = _build(tmp_path, ["将被清空"])
    backend.clear()
    assert _search(backend, "清空") == set() and backend.document_count() == 0


def test_a_writer_waits_for_another_writer_then_writes(tmp_path):
    backend = _build(tmp_path, ["原有"])
    with open(tmp_path / tantivy_backend.LOCK_FILE, "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another process's writer
        threading.Timer(0.5, fcntl.flock, (other, fcntl.LOCK_UN)).start()
        backend.update(_Prepared(), [(1, "等待写锁之后", 1, 0, [])])
    assert _search(backend, "写锁") == {1}


def test_a_writer_gives_up_with_a_clear_error_when_the_lock_stays_taken(tmp_path, monkeypatch):
    backend = _build(tmp_path, ["原有"])
    monkeypatch.setattr(tantivy_backend, "WRITE_LOCK_TIMEOUT", 0.2)
    with open(tmp_path / tantivy_backend.LOCK_FILE, "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(SearchBackendError, match="locked"):
            backend.update(_Prepared(), [(1, "不会写入", 1, 0, [])])
    assert _search(backend, "写入") == set()


_ALPHABET = "协商民主议事堂 ，"


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=_ALPHABET, min_size=0, max_size=30), min_size=1, max_size=8),
    raw=st.text(alphabet=_ALPHABET + '"-', min_size=1, max_size=12),
)
def test_any_query_on_any_text_matches_the_brute_force_scan(texts, raw):
    query = parse_query(raw)
    with tempfile.TemporaryDirectory() as folder:
        found = _search(_build(folder, texts), raw)
    truth = _truth(texts, raw)
    if query.needs_verification:
        assert found >= truth
    else:
        assert found == truth
