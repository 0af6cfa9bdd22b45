"""whoosh analyzers for the report index: character bigrams for exact matching, jieba words for ranking.

Bigrams make any typed string findable (事堂, 柯城 inside 柯城区) where a jieba-only index misses it;
positions are consecutive per character so a longer term is an exact whoosh phrase of its bigrams.
The last character of every run of non-space text is also indexed alone, so a one-character term is
the prefix query of that character. jieba words (search mode, with the project's user dictionary) only
add relevance: they sit in the same field behind a prefix no bigram can have.
"""

import csv
import logging
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jieba
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT

from reports.search.normalize import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USER_DICT_PATH = DATA_DIR / "userdict.txt"
REGIONS_PATH = DATA_DIR / "regions.csv"

# A jieba word in the combined field is stored as WORD_PREFIX + word. The prefix is a control
# character, which never reaches a bigram: the tokenizers treat control characters as breaks.
WORD_PREFIX = "\x01"

_RUN_RE = re.compile(r"[^\s\x00-\x1f\x7f]+")
_WORD_CHAR_RE = re.compile(r"\w")


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


def search_words(normalized_text: str) -> Iterator[tuple[str, int, int]]:
    """jieba search-mode words of at least two characters (or one letter/digit run), with offsets."""
    for word, start, end in segmenter().tokenize(normalized_text, mode="search"):
        if len(word) >= 2 and _WORD_CHAR_RE.search(word) or word.isalnum():
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


def term_grams(term: str) -> list[str]:
    """What a normalised term without spaces must match, in order: its bigrams, or the lone character."""
    if len(term) <= 1:
        return [term] if term else []
    return [term[offset : offset + 2] for offset in range(len(term) - 1)]


# --- whoosh tokenizers ----------------------------------------------------------------------------


class _NormalizingTokenizer(Tokenizer):
    """Base for tokenizers that normalise their input (same length, so offsets hold for the original)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        # whoosh reuses one Token per stream; a consumer that keeps tokens must call token.copy().
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = normalize(value)
        if not tokenize:
            yield self._fill(token, text, 0, 0, len(text), start_pos, start_char, keeporiginal)
            return
        for text_piece, position, start, end in self.pieces(text):
            yield self._fill(token, text_piece, position, start, end, start_pos, start_char, keeporiginal)

    @staticmethod
    def _fill(token, text, position, start, end, start_pos, start_char, keeporiginal):  # noqa: PLR0913
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = text
        token.pos = start_pos + position
        token.startchar = start_char + start
        token.endchar = start_char + end
        return token

    def pieces(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError


class BigramTokenizer(_NormalizingTokenizer):
    """Overlapping character bigrams; position = character offset, so neighbours are consecutive."""

    def pieces(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        for gram, start in bigram_spans(text):
            yield gram, start, start, start + len(gram)


class JiebaWordTokenizer(_NormalizingTokenizer):
    """jieba search-mode words, for ranking only: not meant for phrase queries.

    Search mode emits a word's pieces before the word itself, so offsets are not in order; positions
    are a counter instead, which keeps each term's position list increasing as whoosh expects.
    """

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    def pieces(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        for position, (word, start, end) in enumerate(search_words(text), start=len(text)):
            yield self.prefix + word, position, start, end


class CombinedTokenizer(_NormalizingTokenizer):
    """Bigrams, then prefixed jieba words, in one stream: one whoosh field that is exact and ranked."""

    def __init__(self):
        self.bigrams = BigramTokenizer()
        self.words = JiebaWordTokenizer(prefix=WORD_PREFIX)

    def pieces(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        yield from self.bigrams.pieces(text)
        # Word terms are distinct from every bigram term, so their positions (after the last
        # character's) never take part in a bigram phrase.
        yield from self.words.pieces(text)


def bigram_analyzer() -> BigramTokenizer:
    return BigramTokenizer()


def word_analyzer() -> JiebaWordTokenizer:
    return JiebaWordTokenizer()


def combined_analyzer() -> CombinedTokenizer:
    return CombinedTokenizer()


# --- whoosh fields --------------------------------------------------------------------------------


def exact_field(stored: bool = False) -> TEXT:
    """The field that decides matches: bigrams with positions, for phrase queries."""
    return TEXT(analyzer=bigram_analyzer(), phrase=True, stored=stored)


def words_field() -> TEXT:
    """The field that ranks: jieba words, frequencies only (no positions, ~10% of the index)."""
    return TEXT(analyzer=word_analyzer(), phrase=False, stored=False)
