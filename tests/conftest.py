"""Shared fixtures: a private data directory per test, the gazetteer loaded once, sample texts."""

from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


def pytest_runtest_setup(item):
    """`@pytest.mark.engine("whoosh")`: a test of one engine's internals runs only when that engine is set."""
    from django.conf import settings

    for marker in item.iter_markers(name="engine"):
        engine = settings.ARCHIVE_SEARCH_ENGINE
        if engine not in marker.args:
            pytest.skip(f"tests the {' or '.join(marker.args)} engine; ARCHIVE_SEARCH_ENGINE is {engine}")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Originals and the index of each test go to its own temporary folder."""
    settings.ARCHIVE_DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from reports.regions import load_regions

    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture
def sample_paths() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.txt"))


@pytest.fixture
def sample_bytes(sample_paths):
    return {path.name: path.read_bytes() for path in sample_paths}


@pytest.fixture(autouse=True)
def search_index_path(settings, data_dir):
    """The configured engine's index in the test's own folder (empty until something is indexed)."""
    from reports.benchmark.engines import using_engine

    with using_engine(settings.ARCHIVE_SEARCH_ENGINE, data_dir / "search_index") as path:
        yield path


@pytest.fixture
def indexed_samples(db, sample_bytes, django_capture_on_commit_callbacks):
    """The five samples ingested and indexed (the index follows each commit, as in production)."""
    from reports.ingest import ingest_bytes

    reports = []
    for name, data in sample_bytes.items():
        with django_capture_on_commit_callbacks(execute=True):
            outcome = ingest_bytes(data, name=name)
        assert outcome.ok, outcome.error
        reports.append(outcome.report)
    return reports
