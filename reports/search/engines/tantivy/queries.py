"""A parsed `Query` and the search filters as tantivy queries on the fields of `documents`.

The bigram phrase decides which sections match, exactly; the jieba words only add to the score.
"""

import tantivy

from reports.search.analysis import search_words
from reports.search.query import Query


def term_query(schema: tantivy.Schema, term: str, *, positions: bool = True) -> tantivy.Query:
    """Sections whose bigram field contains the normalised `term` (without spaces) as a substring.

    Without `positions`, sections that hold every bigram of the term anywhere: a superset, several
    times cheaper to read for a long common phrase.
    """
    pieces = term.split()
    if len(pieces) > 1:  # a quoted phrase with spaces: a superset, verified by the service
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, term_query(schema, piece, positions=positions)) for piece in pieces]
        )
    if len(term) == 1:  # every character starts a bigram or ends a run alone
        return tantivy.Query.regex_query(schema, "bigrams", _regex_escape(term) + ".?")
    grams = [term[offset : offset + 2] for offset in range(len(term) - 1)]
    if len(grams) == 1:
        return tantivy.Query.term_query(schema, "bigrams", grams[0])
    if not positions:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "bigrams", gram))
                for gram in sorted(set(grams))
            ]
        )
    # Every bigram, not only enough to cover the term: the lone last character of a run takes a
    # position, so bigrams two apart can sit in two runs (协商 民主 holds 协商 and 民主 two apart).
    return tantivy.Query.phrase_query(schema, "bigrams", grams)


def _regex_escape(char: str) -> str:
    return "\\" + char if char in r"\.+*?()|[]{}^$#&-~" else char


def match_query(schema: tantivy.Schema, query: Query, *, exact: bool = True) -> tantivy.Query:
    """The exact filter: every group has one of its terms, no excluded term is present.

    Not `exact`: a superset of it whose required terms read no positions (the excluded ones still do).
    """
    clauses = []
    for group in query.required:
        alternatives = [term_query(schema, term, positions=exact) for term in group]
        either = alternatives[0] if len(alternatives) == 1 else _any(alternatives)
        clauses.append((tantivy.Occur.Must, either))
    clauses += [(tantivy.Occur.MustNot, term_query(schema, term)) for term in query.excluded]
    return tantivy.Query.boolean_query(clauses)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def ranking_clauses(schema: tantivy.Schema, query: Query) -> list:
    words = {word for term in query.positive_terms for word, _start, _end in search_words(term)}
    return [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "words", word)) for word in sorted(words)]


def filter_clauses(schema, *, region=None, year_from=None, year_to=None, body=None) -> list:
    clauses = []
    if region:
        clauses.append(tantivy.Query.term_query(schema, "regions", region))
    if year_from is not None or year_to is not None:
        clauses.append(
            tantivy.Query.range_query(
                schema, "year", tantivy.FieldType.Integer, year_from or 1, year_to or 9999
            )
        )
    if body:
        clauses.append(tantivy.Query.term_query(schema, "body", body))
    return [(tantivy.Occur.Must, clause) for clause in clauses]


def exact_query(schema: tantivy.Schema, query: Query, filters: list, *, exact: bool = True) -> tantivy.Query:
    """The exact match (or its superset) and the filter clauses, scoring nothing (words rank)."""
    matching = tantivy.Query.const_score_query(match_query(schema, query, exact=exact), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, matching), *filters])
