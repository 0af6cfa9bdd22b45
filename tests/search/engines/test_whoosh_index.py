"""whoosh indexes built straight on the archive's analyzers (no haystack), with the words in a field of
their own or behind a prefix in the bigram field: both return exactly the substring truth."""

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema

from reports.search.engines.whoosh.analysis import combined_analyzer, exact_field, words_field
from reports.search.engines.whoosh.query import whoosh_query
from reports.search.query import parse_query
from tests.search.cases import CASES, TEXTS, truth


def _schema(one_field: bool) -> Schema:
    if one_field:
        return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=combined_analyzer(), phrase=True))
    return Schema(id=ID(stored=True, unique=True), text=exact_field(), words=words_field())


def _build(path, texts, one_field=False):
    ix = index.create_in(path, _schema(one_field))
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


@pytest.fixture(scope="module", params=["two fields", "one field"])
def report_index(request, tmp_path_factory):
    return _build(str(tmp_path_factory.mktemp("index")), TEXTS, one_field=request.param == "one field")


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_index_returns_exactly_the_substring_truth(report_index, raw, expected):
    assert truth(TEXTS, raw) == expected
    assert _search(report_index, raw) == expected
