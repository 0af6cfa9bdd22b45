"""haystack's `SearchQuerySet` on every engine: right (the archive's exact search) or a loud refusal.

Content phrases, `filter`/`narrow` by year, region and body, and `count` are answered by the engine's
`exact_search`, so they give the sections `reports.search.service` finds. What has no exact meaning on
sections here (facets, highlighting, ordering, more-like-this, OR/NOT, other fields) raises
`NotImplementedError` naming what to use instead, rather than answering silently wrong.

Nothing here imports an engine's library.
"""

from typing import Any

from haystack.backends import BaseSearchQuery, SearchNode
from haystack.models import SearchResult

from reports.search.query import Query, parse_query

USE_SERVICE = "use reports.search.service.search(SearchParams(...)) instead"
CONTENT_FIELDS = {"content", "text"}
CONTENT_LOOKUPS = {"content", "contains", "exact"}
YEAR_LOOKUPS = {"exact", "content", "gte", "gt", "lte", "lt", "range"}
REGION_FIELDS = {"region", "regions"}


def refusal(what: str, instead: str = USE_SERVICE) -> NotImplementedError:
    return NotImplementedError(f"SearchQuerySet.{what} is not offered by the archive's engines; {instead}")


def _plain(value: Any) -> Any:
    """The value a lookup was given, unwrapped from haystack's input types (AutoQuery, Exact, …)."""
    return getattr(value, "query_string", value)


def _year_bounds(lookup: str, value: Any, filters: dict) -> None:
    if lookup not in YEAR_LOOKUPS:
        raise refusal(f"filter(year__{lookup}=…)")
    if lookup == "range":
        low, high = (int(bound) for bound in value)
    else:
        year = int(value)
        low = {"gte": year, "gt": year + 1, "lte": None, "lt": None}.get(lookup, year)
        high = {"lte": year, "lt": year - 1, "gte": None, "gt": None}.get(lookup, year)
    if low is not None:
        filters["year_from"] = max(low, filters.get("year_from") or low)
    if high is not None:
        filters["year_to"] = min(high, filters.get("year_to") or high)


def add_condition(field: str, lookup: str, value: Any, terms: list[str], filters: dict) -> None:
    """One `field__lookup=value` of a filter or narrow, as a content term or an exact_search filter."""
    value = _plain(value)
    if field in CONTENT_FIELDS and lookup in CONTENT_LOOKUPS:
        terms.append(str(value))
    elif field == "year":
        _year_bounds(lookup, value, filters)
    elif field in REGION_FIELDS | {"body"} and lookup in {"exact", "content"}:
        key = "region" if field in REGION_FIELDS else "body"
        if filters.get(key) not in (None, str(value)):
            raise refusal(f"filter({field}=…) twice with different values")
        filters[key] = str(value)
    else:
        instead = "filter on content, year, region or body, or " + USE_SERVICE
        raise refusal(f"filter({field}__{lookup}=…)", instead)


def collect(node: SearchNode, terms: list[str], filters: dict) -> None:
    """Walk haystack's filter tree: only AND of plain conditions has an exact meaning here."""
    if node.negated or (node.connector != SearchNode.AND and len(node.children) > 1):
        raise refusal("exclude()/filter_or()/~SQ", "combine terms in one query string, or " + USE_SERVICE)
    for child in node.children:
        if isinstance(child, SearchNode):
            collect(child, terms, filters)
        else:
            expression, value = child
            field, lookup = node.split_expression(expression)
            add_condition(field, lookup, value, terms, filters)


def narrow_conditions(narrow_queries, terms: list[str], filters: dict) -> None:
    """`narrow("year:2020")`, `narrow("region:330800")`, `narrow("body:…")`: one `field:value` each."""
    for narrow in narrow_queries or ():
        field, separator, value = str(narrow).partition(":")
        if not separator or not value.strip():
            instead = 'narrow with "year:2020", "region:<adcode>" or "body:<value>"'
            raise refusal(f"narrow({narrow!r})", instead)
        add_condition(field.strip(), "exact", value.strip().strip('"'), terms, filters)


REFUSED_KWARGS = {
    "sort_by": "order_by()",
    "facets": "facet()",
    "date_facets": "date_facet()",
    "query_facets": "query_facet()",
    "highlight": "highlight()",
    "boost": "boost()",
    "within": "within()",
    "dwithin": "dwithin()",
    "distance_point": "distance()",
    "spelling_query": "spelling_suggestion()",
}


def haystack_search(backend, query_string: str, **kwargs) -> dict:
    """`BaseSearchBackend.search` for an archive engine: the sections `exact_search` finds, in its order."""
    from reports.models import Section

    for name, what in REFUSED_KWARGS.items():
        if kwargs.get(name):
            raise refusal(what)
    terms: list[str] = [query_string] if query_string else []
    filters: dict = dict(kwargs.get("archive_filters") or {})
    narrow_conditions(kwargs.get("narrow_queries"), terms, filters)
    query = parse_query(" ".join(terms))
    matches = _exact_matches(backend, query, filters)
    start, end = kwargs.get("start_offset") or 0, kwargs.get("end_offset")
    result_class = kwargs.get("result_class") or SearchResult
    label, model = Section._meta.app_label, Section._meta.model_name
    results = [result_class(label, model, match.section_id, match.score) for match in matches[start:end]]
    return {"results": results, "hits": len(matches), "facets": {}, "spelling_suggestion": None}


def _exact_matches(backend, query: Query, filters: dict) -> list:
    from reports.search.service import verified

    if query.is_empty and not filters:
        return []
    matches = backend.exact_search(query, **filters)
    return verified(matches, query) if query.needs_verification else matches


class ArchiveSearchQuery(BaseSearchQuery):
    """haystack's query object for every archive engine: conditions become the terms and filters of
    `exact_search` (passed as `archive_filters`); what it cannot answer exactly raises at once."""

    def build_query(self) -> str:
        terms: list[str] = []
        collect(self.query_filter, terms, {})
        return " ".join(terms)

    def build_params(self, spelling_query=None) -> dict:
        params = super().build_params(spelling_query)
        filters: dict = {}
        collect(self.query_filter, [], filters)
        params["archive_filters"] = filters
        return params

    def build_query_fragment(self, field, filter_type, value):
        return str(_plain(value))

    def add_order_by(self, field):
        instead = "use reports.search.service.search(SearchParams(sort='newest'|'oldest')) instead"
        raise refusal(f"order_by({field!r})", instead)

    def add_highlight(self, **kwargs):
        raise refusal("highlight()", "use the snippets of reports.search.service.search(...) instead")

    def add_field_facet(self, field, **options):
        raise refusal(f"facet({field!r})", "use the facets of reports.search.service.search(...) instead")

    def add_date_facet(self, *args, **kwargs):
        raise refusal("date_facet()", "use the year facet of reports.search.service.search(...) instead")

    def add_query_facet(self, field, query):
        raise refusal("query_facet()")

    def add_boost(self, term, boost_value):
        raise refusal("boost()")

    def more_like_this(self, model_instance):
        raise refusal("more_like_this()", "use reports.research.similar.similar_reports(report) instead")
