"""What is done to every request before any view sees it."""

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

NUL = "\x00"
HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """`/healthz` answers "ok" (200) while the database answers, 503 when it does not.

    First in MIDDLEWARE, it answers before anything reads the Host header (so a container's check on
    127.0.0.1 passes whatever ALLOWED_HOSTS says) and before SecurityMiddleware's HTTPS redirect. It
    reads nothing from the request but its path, and never runs a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        response = health_response()
        add_never_cache_headers(response)
        return response


def health_response() -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


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
