"""whoosh's analyzers and schema: bigram tokens with consecutive positions and original offsets, jieba
words behind a prefix, one reused token object, and the schema the backend builds from them."""

import pytest
from haystack import connections
from whoosh.fields import ID, KEYWORD, NUMERIC

from reports.search.engines.whoosh.analysis import (
    WORD_PREFIX,
    BigramTokenizer,
    JiebaWordTokenizer,
    bigram_analyzer,
    combined_analyzer,
)


def _tokens(analyzer, text):
    return [
        (token.text, token.pos, token.startchar, token.endchar)
        for token in analyzer(text, positions=True, chars=True)
    ]


def test_bigrams_have_consecutive_positions_and_a_lone_last_character():
    assert _tokens(bigram_analyzer(), "议事堂") == [("议事", 0, 0, 2), ("事堂", 1, 1, 3), ("堂", 2, 2, 3)]


def test_bigrams_do_not_cross_whitespace():
    texts = [token[0] for token in _tokens(bigram_analyzer(), "协商 民主")]
    assert texts == ["协商", "商", "民主", "主"]


def test_the_analyzer_normalises_and_keeps_original_offsets():
    assert _tokens(bigram_analyzer(), "　協商") == [("协商", 1, 1, 3), ("商", 2, 2, 3)]


def test_combined_stream_adds_prefixed_words():
    texts = [token[0] for token in _tokens(combined_analyzer(), "民生议事堂")]
    assert WORD_PREFIX + "民生议事堂" in texts
    assert "事堂" in texts


def test_tokens_are_one_reused_object_so_consumers_must_copy():
    tokens = list(bigram_analyzer()("协商民主"))
    assert len({id(token) for token in tokens}) == 1


def test_untokenized_value_is_one_normalised_token():
    tokens = [token.text for token in bigram_analyzer()("協商 民主", tokenize=False)]
    assert tokens == ["协商 民主"]


@pytest.mark.engine("whoosh")
def test_the_schema_uses_the_archive_analyzers_and_columns():
    backend = connections["default"].get_backend()
    backend.setup()
    schema = backend.schema
    assert isinstance(schema["text"].analyzer, BigramTokenizer)
    assert isinstance(schema["words"].analyzer, JiebaWordTokenizer)
    assert isinstance(schema["regions"], KEYWORD) and schema["regions"].column_type is not None
    assert isinstance(schema["body"], ID) and schema["body"].column_type is not None
    assert isinstance(schema["year"], NUMERIC) and schema["year"].column_type is not None
    assert schema["django_id"].column_type is not None
    assert backend.content_field_name == "text"
