"""docker-compose.yml and the Dockerfile: one data volume holding all the archive writes, owned by the
user the image runs as, health checks on both services, and installs from the hashed lock."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # One instruction a line: continuation lines joined.
    return (ROOT / "Dockerfile").read_text().replace("\\\n", " ")


def test_the_compose_file_has_no_version_key(compose):
    assert "version" not in compose


def test_the_archive_writes_to_one_named_volume_at_data(compose):
    web = compose["services"]["web"]

    assert web["environment"]["ARCHIVE_DATA_DIR"] == "/data"
    assert web["volumes"] == ["archive-data:/data"]
    assert set(compose["volumes"]) == {"archive-data", "postgres-data"}


def test_both_services_have_a_health_check(compose):
    web_check = compose["services"]["web"]["healthcheck"]["test"]
    db_check = compose["services"]["db"]["healthcheck"]["test"]

    assert "http://127.0.0.1:8000/healthz" in " ".join(web_check)
    assert "pg_isready" in " ".join(db_check)


def test_the_web_service_waits_for_a_healthy_database(compose):
    assert compose["services"]["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_image_user_owns_data_before_it_becomes_a_volume(dockerfile):
    lines = dockerfile.splitlines()
    owner = next(n for n, line in enumerate(lines) if re.search(r"chown archive\S* /data", line))
    volume = next(n for n, line in enumerate(lines) if line.startswith("VOLUME /data"))
    user = next(n for n, line in enumerate(lines) if line.startswith("USER archive"))

    assert owner < volume < user


def test_the_image_installs_the_hashed_lock(dockerfile):
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in dockerfile


def test_the_image_migrates_on_start(dockerfile):
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))

    assert "manage.py migrate --no-input && exec gunicorn archive.wsgi" in command
