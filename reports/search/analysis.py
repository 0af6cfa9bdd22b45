"""How the archive cuts text for its indexes, whatever the engine: character bigrams and jieba words.

Bigrams make any typed string findable (事堂, 柯城 inside 柯城区) where a jieba-only index misses it: a
term is the phrase of its bigrams, whose positions are consecutive per character. The last character of
every run of non-space text is also indexed alone, so a one-character term is the prefix of its bigrams
and a bigram phrase never runs from one run into the next. jieba words (search mode, with the project's
user dictionary) only add relevance. Each engine feeds these to its index its own way
(`reports.search.engines`); nothing here imports one.
"""

import csv
import logging
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jieba
import rjieba
from jieba import finalseg

from reports.search.normalize import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USER_DICT_PATH = DATA_DIR / "userdict.txt"
REGIONS_PATH = DATA_DIR / "regions.csv"

_RUN_RE = re.compile(r"[^\s\x00-\x1f\x7f]+")
_WORD_CHAR_RE = re.compile(r"\w")

# jieba cuts text in blocks of these characters (its `re_han_default`, widened by the ideographs
# jieba-rs also counts as Chinese); text between blocks never joins a word.
_PY_HAN = "\u4e00-\u9fd5"
_WIDER_HAN = "\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_BLOCK_RE = re.compile(f"[{_PY_HAN}{_WIDER_HAN}a-zA-Z0-9+#&._%\\-]+")
# Blocks where jieba-rs would cut differently from jieba, so jieba itself cuts them: jieba-rs reads
# ideographs outside U+4E00–U+9FD5 as Chinese, keeps `+#&._%-` inside a token where jieba's HMM splits
# them, and breaks ties between equally likely HMM paths (a character three times running) the other way.
_REFERENCE_ONLY_RE = re.compile(f"[{_WIDER_HAN}+#&._%\\-]|(.)\\1\\1")
# A word no text can contain (private-use characters are never in a block); it carries the part of
# jieba's total frequency that no word holds, so both compute the same word probabilities.
_FILLER_WORD = "\ue000\ue001\ue002"


# --- jieba ----------------------------------------------------------------------------------------


def _user_words(path: Path) -> Iterator[str]:
    """Words of the user dictionary: one a line (`word [freq] [tag]`), `#` starts a comment line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _region_words(path: Path) -> Iterator[str]:
    """Full, short and former names (`|`-separated) of every region in the gazetteer's CSV, if present."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row.get("name"), row.get("short_name"), *(row.get("former_names") or "").split("|")]
            for name in names:
                name = (name or "").strip()
                if len(name) >= 2:
                    yield name


@cache
def segmenter() -> jieba.Tokenizer:
    """The project's jieba, initialised once and quietly, with the domain and region vocabulary."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in _user_words(USER_DICT_PATH):
        word, *rest = line.split()
        tokenizer.add_word(normalize(word), *rest[:2])
    for name in _region_words(REGIONS_PATH):
        tokenizer.add_word(normalize(name))
    return tokenizer


@cache
def fast_segmenter() -> rjieba.Jieba | None:
    """jieba-rs (rjieba) loaded with exactly the words and frequencies of `segmenter()`.

    None when the dictionary forces words apart (a user word with frequency 0): only jieba's own HMM
    knows those, so everything is then cut by jieba.
    """
    reference = segmenter()
    if finalseg.Force_Split_Words:
        return None
    fast, total = rjieba.Jieba.empty(), 0
    for word, freq in reference.FREQ.items():
        if freq:  # 0 marks a prefix of a word, not a word
            fast.add_word(word, freq, None)
            total += freq
    if reference.total > total:  # jieba adds a re-added word's frequency to its total again
        fast.add_word(_FILLER_WORD, reference.total - total, None)
    return fast


def _cut_plan(normalized_text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, by_jieba) spans covering the text: jieba-rs cuts a span unless `by_jieba`."""
    if fast_segmenter() is None:
        yield 0, len(normalized_text), True
        return
    done = 0
    for block in _BLOCK_RE.finditer(normalized_text):
        if _REFERENCE_ONLY_RE.search(block.group()):
            start, end = block.span()
            if done < start:
                yield done, start, False
            yield start, end, True
            done = end
    if done < len(normalized_text):
        yield done, len(normalized_text), False


def search_tokens(normalized_text: str) -> list[tuple[str, int, int]]:
    """jieba's `tokenize(text, mode="search")`, token for token, about six times faster.

    jieba-rs cuts the text, except the blocks where it is known to differ from jieba: those (a few
    per report: numbers like 5.6% or 1-2, rare ideographs) jieba cuts itself.
    """
    reference, fast = segmenter(), fast_segmenter()
    tokens: list[tuple[str, int, int]] = []
    for start, end, by_jieba in _cut_plan(normalized_text):
        piece = normalized_text[start:end]
        cut = reference.tokenize(piece, mode="search") if by_jieba else fast.tokenize(piece, "search", True)
        tokens += ((word, word_start + start, word_end + start) for word, word_start, word_end in cut)
    return tokens


def search_word_list(normalized_text: str) -> list[str]:
    """The words of `search_words`, without offsets (what an index that keeps no offsets needs)."""
    reference, fast = segmenter(), fast_segmenter()
    words: list[str] = []
    for start, end, by_jieba in _cut_plan(normalized_text):
        piece = normalized_text[start:end]
        words += reference.cut_for_search(piece) if by_jieba else fast.cut_for_search(piece, True)
    return [word for word in words if _is_search_word(word)]


def dictionary_words(normalized_text: str) -> list[str]:
    """jieba's `cut(text, HMM=False)` (accurate mode, dictionary words only), word for word, by the
    same plan as `search_tokens`: jieba-rs where it agrees with jieba, jieba itself elsewhere."""
    reference, fast = segmenter(), fast_segmenter()
    words: list[str] = []
    for start, end, by_jieba in _cut_plan(normalized_text):
        piece = normalized_text[start:end]
        words += reference.lcut(piece, HMM=False) if by_jieba else fast.cut(piece, False)
    return words


def _is_search_word(word: str) -> bool:
    return word.isalnum() or len(word) >= 2 and _WORD_CHAR_RE.search(word) is not None


def search_words(normalized_text: str) -> Iterator[tuple[str, int, int]]:
    """jieba search-mode words of at least two characters (or one letter/digit run), with offsets."""
    for word, start, end in search_tokens(normalized_text):
        if _is_search_word(word):
            yield word, start, end


# --- bigrams --------------------------------------------------------------------------------------


def bigram_spans(normalized_text: str) -> Iterator[tuple[str, int]]:
    """(gram, start) for every character: the bigram starting there, or the character alone at a run's end.

    Runs are maximal stretches without whitespace or control characters.
    """
    for run in _RUN_RE.finditer(normalized_text):
        start, end = run.span()
        for offset in range(start, end - 1):
            yield normalized_text[offset : offset + 2], offset
        yield normalized_text[end - 1], end - 1


_RUN_SPLIT = str.maketrans({chr(code): " " for code in (*range(0x20), 0x7F)})


def bigram_terms(normalized_text: str) -> str:
    """The terms of `bigram_spans`, in order, separated by spaces (for an engine that splits on them)."""
    pieces: list[str] = []
    for run in normalized_text.translate(_RUN_SPLIT).split():
        pieces.extend(run[offset : offset + 2] for offset in range(len(run) - 1))
        pieces.append(run[-1])
    return " ".join(pieces)


def index_terms(documents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(bigram terms, word terms) of each (text, words text) pair, normalised: a tokenising worker's job."""
    terms = []
    for text, words_text in documents:
        normalized = normalize(text)
        words_normalized = normalized if words_text == text else normalize(words_text)
        terms.append((bigram_terms(normalized), " ".join(search_word_list(words_normalized))))
    return terms


def warm_up() -> None:
    """Load both segmenters now (a worker process does this once, before its first job)."""
    fast_segmenter()


def term_grams(term: str) -> list[str]:
    """What a normalised term without spaces must match, in order: its bigrams, or the lone character."""
    if len(term) <= 1:
        return [term] if term else []
    return [term[offset : offset + 2] for offset in range(len(term) - 1)]
