"""What is done to every request before any view sees it."""

from django.http import Http404, QueryDict

NUL = "\x00"


class DropNulMiddleware:
    """No NUL reaches a view: the query string loses its NULs, a path holding one is not found.

    PostgreSQL text cannot hold a NUL, so one passed on to a lookup (a region code, an admin
    autocomplete term) would fail the query and the request with a 500. A NUL means nothing in any
    parameter of the archive, and no link or form of it sends one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404("NUL in the path")
        if _has_nul(request.GET):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _has_nul(query: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned
