"""Every URL the site routes, made concrete: each parameter filled with a value that resolves.

Read from the URL configuration itself, so a page added later is covered without being listed in a test.
"""

import re
from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
# Tried in turn for a parameter no test named: one of them fits most converters and patterns.
FALLBACK_VALUES = ("1", "abc", "0" * 12, "330802", "2024")
CATCH_ALL = "no/such/page/"


@dataclass(frozen=True)
class Route:
    url: str
    view_name: str | None


def site_routes(values: dict[str, str], object_ids: dict[str, str] | None = None) -> list[Route]:
    """One URL per route; `values` by parameter name, `object_ids` by route ("admin/reports/report/")."""
    routes = []
    for route, pattern, name in _walk(get_resolver().url_patterns):
        scope = _scope(route, values, object_ids or {})
        url = _concrete(route, pattern, name, scope)
        routes.append(Route(url, name))
    return routes


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), pattern.pattern, name


def _scope(route: str, values: dict[str, str], object_ids: dict[str, str]) -> dict[str, str]:
    model_route = next((start for start in object_ids if route.startswith(start)), None)
    return {**values, "object_id": object_ids[model_route]} if model_route else values


def _concrete(route: str, pattern, name: str | None, scope: dict[str, str]) -> str:
    if isinstance(pattern, RoutePattern) and "^" not in route:
        for fallback in FALLBACK_VALUES:
            url = "/" + _ROUTE_PARAMETER.sub(
                lambda match, default=fallback: scope.get(match.group(1), default), route
            )
            if _resolves(url, route):
                return url
    if name:
        parameters = list(pattern.regex.groupindex) if not isinstance(pattern, RoutePattern) else []
        parameters += _ROUTE_PARAMETER.findall(route)
        for fallback in FALLBACK_VALUES:
            try:
                url = reverse(name, kwargs={key: scope.get(key, fallback) for key in parameters})
            except NoReverseMatch:
                continue
            if _resolves(url, route):
                return url
    literal = re.sub(r"\(\?P<\w+>\.\*\)\$$", CATCH_ALL, route).replace("^", "")
    if _resolves("/" + literal, route):
        return "/" + literal
    raise AssertionError(f"no value found for the parameters of {route!r} ({name}): name one in the test")


def _resolves(url: str, route: str) -> bool:
    """Whether `url` reaches this very route (not a catch-all after it)."""
    try:
        return resolve(url).route.replace("^", "") == route.replace("^", "")
    except Resolver404:
        return False
