"""CORS, read-only methods and JSON errors on /api/ and /downloads/; HTML pages and the admin untouched."""

import pytest

pytestmark = pytest.mark.django_db

API_URLS = ["/api/regions", "/api/regions/330800", "/api/reports", "/api/search?q=协商", "/api/openapi.json"]


@pytest.mark.parametrize("url", API_URLS)
def test_any_origin_may_read(client, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_errors_carry_cors_headers_too(client):
    response = client.get("/api/regions/999999", HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_is_answered_without_reaching_the_view(client):
    response = client.options(
        "/api/reports",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept, x-requested-with",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "*"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/reports", "/api/search", "/downloads/corpus.jsonl.gz"])
def test_only_reading_methods_are_allowed(client, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_head_answers_like_get_without_a_body(client, db):
    response = client.head("/api/regions")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


def test_an_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "没有这个接口或对象"}


@pytest.mark.parametrize("url", ["/", "/region/", "/search/?q=协商", "/admin/login/"])
def test_html_pages_and_the_admin_are_not_opened(client, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_to_an_html_page_is_not_opened(client):
    response = client.options("/search/", HTTP_ORIGIN="https://elsewhere.example")

    assert "Access-Control-Allow-Origin" not in response
