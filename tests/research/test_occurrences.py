"""Finding a normalised term in original text gives the offsets that normalising the text first gives."""

import pytest

from reports.models import Section
from reports.research.occurrences import occurrences, variants
from reports.search.normalize import normalize
from reports.search.query import parse_query
from reports.search.snippets import term_spans
from reports.search_indexes import section_document_text


def by_normalising(text: str, term: str) -> list[tuple[int, int]]:
    normalized = normalize(text)
    return [(start, start + len(term)) for start in range(len(text)) if normalized.startswith(term, start)]


CASES = [
    ("加強協商，推进协商", "协商"),
    ("ＡＢＣ abc AbC", "abc"),
    ("协协协", "协协"),
    ("发扬协商\u3000民主、协商 民主、协商\u00a0民主、协商\n民主", "协商 民主"),
    ("价格（含税）为[1.5]元*2", "(含税)"),
    ("a.c abc", "a.c"),
    ("无关文字", "协商"),
    ("", "协商"),
]


@pytest.mark.parametrize(("text", "term"), CASES)
def test_it_finds_what_normalising_finds(text, term):
    assert occurrences(text, term) == by_normalising(text, term)


def test_it_matches_variants_and_only_them():
    found = occurrences("協商 协商 恊商 ＡＢＣ", "协商")

    assert found == [(0, 2), (3, 5)]
    assert "協" in variants()["协"] and "Ａ" in variants()["a"] and "\u3000" in variants()[" "]


def test_it_agrees_with_the_snippets_on_every_sample_section(indexed_samples):
    query = parse_query("協商 委员会 (含 ＯＲ 发展")
    checked = 0
    for section in Section.objects.all():
        text = section_document_text(section)
        expected = term_spans(text, query)
        for term in query.positive_terms:
            assert occurrences(text, term) == expected[term]
            checked += len(expected[term])
    assert checked > 100
