"""A parsed `Query` and the search filters as whoosh queries, on the fields of `analysis`.

The bigram part decides which sections match, exactly; the jieba word part only adds to the score.
"""

from whoosh import query as wq

from reports.search.analysis import search_words, term_grams
from reports.search.engines.whoosh.analysis import WORD_PREFIX
from reports.search.query import Query


def term_query(fieldname: str, term: str) -> wq.Query:
    """Sections whose field contains the normalised `term` as a substring.

    Exact for a term without spaces; a quoted phrase with spaces becomes the AND of its pieces (a
    superset: `Query.needs_verification` tells the caller to post-filter with `Query.matches`).
    """
    pieces = term.split()
    if len(pieces) > 1:
        return wq.And([term_query(fieldname, piece) for piece in pieces])
    grams = term_grams(term)
    if len(term) == 1:
        # The tokenizer indexes every character as the start of a bigram or, at a run's end, alone.
        return wq.Prefix(fieldname, term)
    if len(grams) == 1:
        return wq.Term(fieldname, grams[0])
    return wq.Phrase(fieldname, grams, slop=1)


def match_query(query: Query, fieldname: str) -> wq.Query:
    """The exact filter: every group has one of its terms, no excluded term is present."""
    if query.is_empty:
        return wq.NullQuery
    groups = [wq.Or([term_query(fieldname, term) for term in group]) for group in query.required]
    positive = groups[0] if len(groups) == 1 else wq.And(groups)
    if not query.excluded:
        return positive
    # Not wq.AndNot: whoosh's AndNotMatcher only moves the excluded side to the first positive
    # document when both start on the same one, so that first document could slip through.
    return wq.And([positive, wq.Not(wq.Or([term_query(fieldname, term) for term in query.excluded]))])


def ranking_query(query: Query, fieldname: str, prefix: str = WORD_PREFIX) -> wq.Query:
    """jieba words of the positive terms: scores sections, never filters them."""
    words = {word for term in query.positive_terms for word, _start, _end in search_words(term)}
    return wq.Or([wq.Term(fieldname, prefix + word) for word in sorted(words)])


def whoosh_query(query: Query, fieldname: str, words_fieldname: str | None = None) -> wq.Query:
    """Exact bigram filter, ranked by jieba words (same field with prefixed words, or a second field)."""
    exact = match_query(query, fieldname)
    if query.is_empty:
        return exact
    if words_fieldname is None:
        ranking = ranking_query(query, fieldname)
    else:
        ranking = ranking_query(query, words_fieldname, prefix="")
    return wq.AndMaybe(exact, ranking)


def filter_query(
    *,
    region: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    body: str | None = None,
) -> wq.Query | None:
    """The filters as one whoosh query (None without filters); a region term matches any level."""
    parts: list[wq.Query] = []
    if region:
        parts.append(wq.Term("regions", region))
    if year_from is not None or year_to is not None:
        parts.append(wq.NumericRange("year", year_from or 1, year_to))
    if body:
        parts.append(wq.Term("body", body))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
