"""The tokenizers: bigram positions, jieba's user dictionary, normalisation inside the analyzers."""

import pytest

from reports.search import analysis
from reports.search.analysis import segmenter, term_grams
from reports.search.engines.whoosh.analysis import WORD_PREFIX, bigram_analyzer, combined_analyzer


def _tokens(analyzer, text):
    return [
        (token.text, token.pos, token.startchar, token.endchar)
        for token in analyzer(text, positions=True, chars=True)
    ]


@pytest.mark.parametrize("word", ["请你来协商", "民生议事堂", "委员会客厅", "两个确立", "共同富裕"])
def test_user_dictionary_keeps_domain_words_whole(word):
    assert list(segmenter().cut(word)) == [word]


def test_region_names_from_the_gazetteer_are_words():
    if not analysis.REGIONS_PATH.exists():
        pytest.skip("reports/data/regions.csv is not there")
    assert list(segmenter().cut("瓯海区政协")) == ["瓯海区", "政协"]


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


def test_term_grams():
    assert term_grams("协") == ["协"]
    assert term_grams("协商") == ["协商"]
    assert term_grams("数字化改革") == ["数字", "字化", "化改", "改革"]


def test_region_names_are_read_from_the_csv_when_present(tmp_path):
    csv_path = tmp_path / "regions.csv"
    csv_path.write_text(
        "adcode,name,short_name,former_names\n330802,柯城区,柯城,\n110112,通州区,通州,通县|x\n",
        encoding="utf-8",
    )
    assert list(analysis._region_words(csv_path)) == ["柯城区", "柯城", "通州区", "通州", "通县"]
    assert list(analysis._region_words(tmp_path / "missing.csv")) == []
