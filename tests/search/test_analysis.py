"""How every engine cuts text: jieba with the user dictionary and the region names, bigrams, term grams."""

import pytest

from reports.search import analysis
from reports.search.analysis import bigram_spans, bigram_terms, segmenter, term_grams


@pytest.mark.parametrize("word", ["请你来协商", "民生议事堂", "委员会客厅", "两个确立", "共同富裕"])
def test_user_dictionary_keeps_domain_words_whole(word):
    assert list(segmenter().cut(word)) == [word]


def test_region_names_from_the_gazetteer_are_words():
    if not analysis.REGIONS_PATH.exists():
        pytest.skip("reports/data/regions.csv is not there")
    assert list(segmenter().cut("瓯海区政协")) == ["瓯海区", "政协"]


def test_every_character_starts_a_bigram_or_ends_its_run_alone():
    assert list(bigram_spans("议事堂")) == [("议事", 0), ("事堂", 1), ("堂", 2)]


def test_bigrams_never_cross_whitespace_or_control_characters():
    assert [gram for gram, _start in bigram_spans("协商 民主\x01议")] == ["协商", "商", "民主", "主", "议"]
    assert bigram_terms("协商 民主\x01议") == "协商 商 民主 主 议"


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
