"""The OpenAPI schema: served with the caller's server, valid, and every operation checked against it."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reports.api.export import default_corpus_path, export_corpus
from reports.api.openapi import openapi_schema

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_schema_names_the_callers_server(client, settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    response = client.get("/api/openapi.json", HTTP_HOST="archive.example.org")

    data = response.json()
    assert response.status_code == 200
    assert data["openapi"].startswith("3.1")
    assert data["servers"] == [{"url": "http://archive.example.org"}]


def test_the_schema_describes_every_endpoint_and_component(client):
    data = client.get("/api/openapi.json").json()

    assert set(data["paths"]) >= {
        "/api/regions",
        "/api/regions/{adcode}",
        "/api/reports",
        "/api/reports/{report_id}",
        "/api/search",
        "/api/trends",
        "/api/kwic",
        "/downloads/corpus.jsonl.gz",
    }
    assert set(data["components"]["schemas"]) >= {
        "Region",
        "ReportSummary",
        "ReportDetail",
        "Section",
        "SearchResults",
        "Trends",
        "Kwic",
        "Error",
    }
    reports_parameters = data["paths"]["/api/reports"]["get"]["parameters"]
    sort = next(parameter for parameter in reports_parameters if parameter.get("name") == "sort")
    assert sort["schema"]["enum"] == ["newest", "oldest"]
    assert data["components"]["parameters"]["body"]["schema"]["enum"][0] == "政协常委会"


def test_the_schema_is_valid_openapi_3_1():
    loaded = schemathesis.openapi.from_dict(openapi_schema("http://testserver"))

    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == len(openapi_schema("http://testserver")["paths"])


def url_resolves(path: str) -> bool:
    try:
        resolve(path.replace("{adcode}", "330800").replace("{report_id}", "1"))
    except Resolver404:
        return False
    return True


SERVER = "http://localhost"

# Cases are generated from the dict /api/openapi.json serves (the test below holds the two together),
# loaded at import: schemathesis' fixture-based loader (from_fixture) fails under pytest 9.2.
served_schema = schemathesis.openapi.from_dict(openapi_schema(SERVER))
served_schema.app = get_wsgi_application()


def test_the_served_schema_is_the_one_tested(client, settings):
    settings.ALLOWED_HOSTS = ["localhost"]

    assert client.get("/api/openapi.json", HTTP_HOST="localhost").json() == served_schema.raw_schema


@pytest.fixture
def served_to_localhost(settings):
    """The WSGI app as Django's test client runs it: host allowed, the test's connection kept open.

    A request through the WSGI app ends with close_old_connections, which drops a connection inside
    the test's transaction (on PostgreSQL; SQLite's in-memory one survives); the test client
    disconnects it for the same reason.
    """
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis' WSGI transport sends
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Every operation on the indexed samples (with the corpus exported): no 5xx, and every status code,
# content type, header and body as the schema says, for valid and invalid parameters alike.
# /api/trends and /api/kwic were described before their views existed: an operation is skipped only
# while its URL does not resolve, and checked as soon as it does.
@served_schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case, indexed_samples, served_to_localhost):
    if not url_resolves(case.operation.path):
        pytest.skip(f"{case.operation.path} is described but not served yet")
    if case.operation.path.startswith("/downloads/") and not default_corpus_path().exists():
        export_corpus()
    case.call_and_validate(checks=CHECKS)
