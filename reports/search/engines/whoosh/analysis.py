"""whoosh analyzers for the report index: the bigrams and jieba words of `reports.search.analysis`
as whoosh tokenizers and fields.

`exact_field` decides matches (bigrams with positions: a term is an exact whoosh phrase of its
bigrams), `words_field` ranks (jieba words, frequencies only). `combined_analyzer` puts both in one
field, the words behind a prefix no bigram can have.
"""

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT

from reports.search.analysis import bigram_spans, search_words
from reports.search.normalize import normalize

# A jieba word in the combined field is stored as WORD_PREFIX + word. The prefix is a control
# character, which never reaches a bigram: the tokenizers treat control characters as breaks.
WORD_PREFIX = "\x01"


# --- tokenizers -----------------------------------------------------------------------------------


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


# --- fields ---------------------------------------------------------------------------------------


def exact_field(stored: bool = False) -> TEXT:
    """The field that decides matches: bigrams with positions, for phrase queries."""
    return TEXT(analyzer=bigram_analyzer(), phrase=True, stored=stored)


def words_field() -> TEXT:
    """The field that ranks: jieba words, frequencies only (no positions, ~10% of the index)."""
    return TEXT(analyzer=word_analyzer(), phrase=False, stored=False)
