"""The tests in this folder run on every engine of SEARCH_ENGINES, whatever ARCHIVE_SEARCH_ENGINE says."""

import pytest
from django.conf import settings

from reports.benchmark.engines import using_engine

ENGINES = tuple(settings.SEARCH_ENGINES)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def search_index_path(engine, data_dir):
    """conftest's autouse fixture of this name, taken over: `engine`'s index, in the test's folder."""
    with using_engine(engine, data_dir / "search_index") as path:
        yield path
