"""Point the search layer at one engine's index for a while: how the benchmark measures each in turn."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from haystack import connections


@contextmanager
def using_engine(name: str, path: Path) -> Iterator[Path]:
    """haystack's default connection on engine `name` (a key of settings.SEARCH_ENGINES) at `path`.

    haystack's connection handler keeps the connections it was made with, and each engine reads
    settings.HAYSTACK_CONNECTIONS when it is made: both are replaced, the engine reloaded, and both
    restored afterwards.
    """
    if name not in settings.SEARCH_ENGINES:
        raise ValueError(f"unknown search engine {name!r}; known: {', '.join(settings.SEARCH_ENGINES)}")
    original, original_setting = connections.connections_info, settings.HAYSTACK_CONNECTIONS
    connections.connections_info = settings.HAYSTACK_CONNECTIONS = {
        **original,
        "default": {**original["default"], "ENGINE": settings.SEARCH_ENGINES[name], "PATH": str(path)},
    }
    connections.reload("default")
    try:
        yield path
    finally:
        backend = connections["default"].get_backend()
        if hasattr(backend, "close_searcher"):
            backend.close_searcher()
        connections.connections_info, settings.HAYSTACK_CONNECTIONS = original, original_setting
        connections.reload("default")
