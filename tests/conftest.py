"""Shared fixtures: a private data directory per test, the gazetteer loaded once, sample texts."""

from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


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
