"""/healthz: what a container's health check asks, answered whatever the Host and however HTTPS is set."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db

STRANGE_HOST = "127.0.0.1:8000"


@pytest.fixture
def production_like(settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    settings.SECURE_SSL_REDIRECT = True


def test_it_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_it_answers_a_host_the_site_refuses(client, production_like):
    assert client.get("/", HTTP_HOST=STRANGE_HOST, secure=True).status_code == 400

    response = client.get("/healthz", HTTP_HOST=STRANGE_HOST)

    assert response.status_code == 200


def test_it_is_not_redirected_to_https(client, production_like):
    assert client.get("/", HTTP_HOST="archive.example.org").status_code == 301

    response = client.get("/healthz", HTTP_HOST="archive.example.org")

    assert response.status_code == 200


def test_it_says_503_when_the_database_is_unreachable(client):
    with mock.patch("archive.middleware.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unreachable\n"


def test_it_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_only_its_own_path_is_answered(client):
    assert client.get("/healthz/extra").status_code == 404
