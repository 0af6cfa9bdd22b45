"""tantivy's internals: the same terms as every engine cuts, cut in worker processes too, a lock that
waits and then gives up. What every engine does alike is in
tests/search/every_engine/test_engine_conformance.py.

These tests build their own tantivy indexes in temporary folders, so they run whichever engine the
settings select.
"""

import fcntl
from pathlib import Path

import pytest
from haystack.exceptions import SearchBackendError

from reports.search.analysis import bigram_spans, index_terms, search_words
from reports.search.engines.tantivy import backend as tantivy_backend
from reports.search.engines.tantivy import documents
from reports.search.engines.tantivy.backend import ArchiveTantivyBackend
from reports.search.normalize import normalize
from reports.search.query import parse_query
from reports.search_indexes import SectionIndex
from tests.search.cases import CASES, TEXTS, unsaved_sections

SAMPLES_DIR = Path(__file__).resolve().parents[3] / "samples"


def _build(path, texts) -> ArchiveTantivyBackend:
    backend = ArchiveTantivyBackend("default", PATH=str(path))
    backend.update(SectionIndex(), unsaved_sections(texts))
    return backend


def _search(backend, raw) -> set[int]:
    return {match.section_id for match in backend.exact_search(parse_query(raw))}


def _sample_texts() -> list[str]:
    return [path.read_text(encoding="utf-8")[:3000] for path in sorted(SAMPLES_DIR.glob("*.txt"))]


def _terms(text: str) -> tuple[str, str]:
    """The (bigrams, words) terms tantivy indexes for a section of `text`, cut in this process."""
    return index_terms([(text, text)])[0]


@pytest.mark.parametrize("text", [*TEXTS, "  两个 run\t之间\x01控制符 ", "ＡＢｃ１２３", "单", ""])
def test_bigram_terms_are_the_bigram_spans(text):
    assert _terms(text)[0].split() == [gram for gram, _start in bigram_spans(normalize(text))]


def test_bigram_and_word_terms_are_the_spans_and_search_words_on_the_samples():
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


def test_a_writer_gives_up_with_a_clear_error_when_the_lock_stays_taken(tmp_path, monkeypatch):
    backend = _build(tmp_path, ["原有"])
    monkeypatch.setattr(tantivy_backend, "WRITE_LOCK_TIMEOUT", 0.2)
    with open(tmp_path / tantivy_backend.LOCK_FILE, "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(SearchBackendError, match="locked"):
            backend.update(SectionIndex(), unsaved_sections(["不会写入"], first=1))
    assert _search(backend, "写入") == set()
