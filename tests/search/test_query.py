"""parse_query() and Query.matches(): the syntax, hostile input, and the reference semantics."""

import pytest

from reports.search.query import MAX_QUERY_CHARS, MAX_TERM_CHARS, MAX_TERMS, Query, parse_query


def test_spaces_separate_required_terms():
    assert parse_query("协商 民主").required == (("协商",), ("民主",))


def test_a_quoted_phrase_is_one_term():
    assert parse_query('"委员会 客厅" 协商').required == (("委员会 客厅",), ("协商",))


def test_chinese_quotes_work_too():
    assert parse_query("“请你来协商”").required == (("请你来协商",),)


def test_a_leading_minus_excludes():
    query = parse_query('协商 -议事堂 -"会客厅"')
    assert query.required == (("协商",),)
    assert query.excluded == ("议事堂", "会客厅")


def test_or_makes_alternatives():
    assert parse_query("议事堂 OR 会客厅 OR 驿站 协商").required == (("议事堂", "会客厅", "驿站"), ("协商",))


def test_lower_case_or_is_a_word():
    assert parse_query("议事堂 or 会客厅").required == (("议事堂",), ("or",), ("会客厅",))


def test_terms_are_normalised():
    assert parse_query("協商 ＧＤＰ").required == (("协商",), ("gdp",))


def test_duplicates_are_dropped():
    assert parse_query("协商 协商 協商").required == (("协商",),)


def test_positive_terms_are_longest_first():
    assert parse_query("议事 民生议事堂 OR 事").positive_terms == ("民生议事堂", "议事", "事")


@pytest.mark.parametrize(
    "raw",
    [
        "(",
        ")",
        "*",
        "?",
        '"',
        '""',
        "AND",
        "NOT",
        "~",
        "^",
        "-",
        "--",
        "OR",
        "OR OR",
        "- OR -",
        "field:value",
        "协商~2",
        "协商^3",
        "(协商 AND 民主) OR NOT 议事",
        '"unbalanced 协商',
        '协商 "',
        "\x00\x01\x1b[31m协商\x7f",
        "😀🇨🇳 协商",
        "<script>alert('x')</script>",
        "&lt;b&gt;",
        "\ud800 lone surrogate",
        "协" * 10_000,
        "协商 " * 5_000,
        "",
        " \t\n ",
    ],
)
def test_hostile_input_never_raises(raw):
    query = parse_query(raw)
    assert isinstance(query, Query)
    assert query.matches("政协协商民主") in (True, False)
    for term in (*query.positive_terms, *query.excluded):
        assert term and len(term) <= MAX_TERM_CHARS


def test_non_strings_give_an_empty_query():
    assert parse_query(None).is_empty  # type: ignore[arg-type]


def test_search_engine_punctuation_around_words_is_ignored():
    assert parse_query("(协商* OR 民主?)").required == (("协商", "民主"),)


def test_field_syntax_is_plain_text():
    assert parse_query("title:协商").required == (("title:协商",),)


def test_and_is_what_a_space_means():
    assert parse_query("协商 AND 民主").required == (("协商",), ("民主",))


def test_not_is_a_word():
    assert parse_query("NOT 协商").required == (("not",), ("协商",))


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('协商 "民生 议事堂').required == (("协商",), ("民生 议事堂",))


def test_control_characters_are_spaces():
    assert parse_query("协商\x00民主").required == (("协商",), ("民主",))


def test_a_bare_minus_or_punctuation_is_nothing():
    assert parse_query("- ( ) * ?").is_empty


def test_long_input_is_truncated_and_flagged():
    query = parse_query("协" * 10_000)
    assert query.truncated
    assert query.required == (("协" * MAX_TERM_CHARS,),)


def test_long_input_cut_at_max_chars():
    assert parse_query("a " * MAX_QUERY_CHARS).truncated


def test_too_many_terms_are_dropped_and_flagged():
    words = [f"词{number:02d}" for number in range(MAX_TERMS + 5)]
    query = parse_query(" ".join(words))
    assert query.truncated
    assert len(query.required) == MAX_TERMS
    assert query.dropped == tuple(words[MAX_TERMS:])


def test_a_short_query_is_not_flagged():
    assert not parse_query("协商 民主").truncated


def test_one_character_terms_are_kept():
    assert parse_query("党 协商").required == (("党",), ("协商",))


def test_matches_needs_every_group():
    query = parse_query("协商 民主")
    assert query.matches("政治协商和民主监督")
    assert not query.matches("政治协商")


def test_matches_is_substring_not_words():
    assert parse_query("事堂").matches("民生议事堂")
    assert not parse_query("议事堂建设").matches("民生议事堂，加强建设")


def test_matches_accepts_any_alternative():
    query = parse_query("议事堂 OR 会客厅")
    assert query.matches("委员会客厅")
    assert not query.matches("协商驿站")


def test_matches_rejects_excluded_terms():
    query = parse_query("协商 -议事堂")
    assert query.matches("请你来协商")
    assert not query.matches("民生议事堂协商")


def test_an_exclusion_alone_matches_nothing():
    query = parse_query("-议事堂")
    assert query.is_empty
    assert not query.matches("请你来协商")


def test_needs_verification_only_for_phrases_with_spaces():
    assert parse_query('"工 作" 协商').needs_verification
    assert not parse_query("协商 民主").needs_verification
