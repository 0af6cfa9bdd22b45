"""A real whoosh index built with the project's analyzer returns exactly the substring truth."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from reports.search.engines.whoosh.analysis import combined_analyzer, exact_field, words_field
from reports.search.engines.whoosh.query import whoosh_query
from reports.search.normalize import normalize
from reports.search.query import parse_query

TEXTS = [
    "今年新建民生议事堂12个，开展“请你来协商”活动。",
    "议事堂的建设要加快，协商品牌不断擦亮。",  # 议事堂 and 建设, never 议事堂建设
    "柯城区政协召开常委会议。",
    "柯城的委员深入基层，收集社情民意信息。",
    "推进数字化改革，打造委员会客厅。",
    "数字化水平提升，改革全面深化。",  # 数字化 and 改革, never 数字化改革
    "社情民意是履职的基础；共同富裕示范区建设。",
    "政治協商、民主監督、參政議政。",  # traditional characters
    "ＧＤＰ增长５.８％，协商 民主。",  # full-width, and a space inside
    "协商民主是我国社会主义民主政治的特有形式。",
]


def _schema(one_field: bool) -> Schema:
    if one_field:
        return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=combined_analyzer(), phrase=True))
    return Schema(id=ID(stored=True, unique=True), text=exact_field(), words=words_field())


def _build(storage_or_path, texts, one_field=False):
    schema = _schema(one_field)
    if isinstance(storage_or_path, RamStorage):
        ix = storage_or_path.create_index(schema)
    else:
        ix = index.create_in(storage_or_path, schema)
    with ix.writer() as writer:
        for number, text in enumerate(texts):
            fields = {"id": str(number), "text": text}
            if not one_field:
                fields["words"] = text
            writer.add_document(**fields)
    return ix


def _search(ix, raw):
    query = parse_query(raw)
    words_fieldname = "words" if "words" in ix.schema.names() else None
    with ix.searcher() as searcher:
        hits = searcher.search(whoosh_query(query, "text", words_fieldname), limit=None)
        return {int(hit["id"]) for hit in hits}


def _truth(texts, raw):
    query = parse_query(raw)
    return {number for number, text in enumerate(texts) if query.matches(normalize(text))}


@pytest.fixture(scope="module", params=["two fields", "one field"])
def report_index(request, tmp_path_factory):
    return _build(str(tmp_path_factory.mktemp("index")), TEXTS, one_field=request.param == "one field")


CASES = [
    ("事堂", {0, 1}),
    ("生议", {0}),
    ("商品牌", {1}),
    ("情民意", {3, 6}),
    ("柯城", {2, 3}),
    ("议事堂建设", set()),
    ("数字化改革", {4}),
    ("委员", {3, 4}),  # a two-character word
    ('"请你来协商"', {0}),  # a quoted phrase
    ("協商", {0, 1, 7, 8, 9}),  # traditional query, both scripts in the text
    ("参政议政", {7}),
    ("gdp", {8}),
    ("5.8%", {8}),
    ("议事堂 OR 会客厅", {0, 1, 4}),
    ("协商 -民主", {0, 1}),
    ("社情民意 共同富裕", {6}),
    ("柯", {2, 3}),  # one character, the prefix of its bigrams
    ("堂", {0, 1}),
    ('"主。"', {8}),  # quoted: punctuation kept
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_index_returns_exactly_the_substring_truth(report_index, raw, expected):
    assert _truth(TEXTS, raw) == expected
    assert _search(report_index, raw) == expected


def test_an_empty_query_finds_nothing(report_index):
    assert _search(report_index, "-协商") == set()
    assert _search(report_index, "( * ?") == set()


def test_a_phrase_with_a_space_is_a_superset_until_verified(report_index):
    query = parse_query('"协商 民主"')
    assert query.needs_verification
    assert _search(report_index, '"协商 民主"') >= _truth(TEXTS, '"协商 民主"') == {8}


def test_jieba_words_rank_a_whole_word_first(tmp_path):
    # Both contain 会客; only in the second is it a word (大会|客观 in the first).
    ix = _build(str(tmp_path), ["大会客观公正", "欢迎会客来访"])
    with ix.searcher() as searcher:
        hits = searcher.search(whoosh_query(parse_query("会客"), "text", "words"), limit=None)
        assert [int(hit["id"]) for hit in hits] == [1, 0]


@pytest.mark.parametrize("raw", ["主 -民", '-民"主', "主 -民主"])
def test_an_excluded_term_excludes_the_first_matching_section_too(raw):
    """The first section with 主 also holds 民, and 民 alone comes before it (whoosh's AndNot let it by)."""
    texts = ["民", "主民", "主", "民主民", "主x"]
    assert _search(_build(RamStorage(), texts), raw) == _truth(texts, raw)


_ALPHABET = "协商民主议事堂 ，"


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=_ALPHABET, min_size=0, max_size=30), min_size=1, max_size=8),
    raw=st.text(alphabet=_ALPHABET + '"-', min_size=1, max_size=12),
)
def test_any_query_on_any_text_matches_the_brute_force_scan(texts, raw):
    query = parse_query(raw)
    ix = _build(RamStorage(), texts)
    found = _search(ix, raw)
    truth = _truth(texts, raw)
    if query.needs_verification:
        assert found >= truth
    else:
        assert found == truth
