"""Every page type, public and admin, carries the Content-Security-Policy and the other security headers."""

import pytest

from tests.factories import make_report

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy_of(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


def assert_secure_headers(response, url):
    assert policy_of(response) == POLICY, url
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url


@pytest.fixture
def report(indexed_samples):
    return indexed_samples[0]


def public_urls(report) -> list[str]:
    return [
        "/",
        "/region/",
        f"/region/{report.region_id}/",
        "/year/",
        f"/year/{report.year}/",
        "/year/unknown/",
        report.get_absolute_url(),
        f"{report.get_absolute_url()}?q=协商",
        f"/report/{report.pk}/json",
        f"/report/{report.pk}/text",
        "/search/?q=协商",
        "/search/",
        "/api/search?q=协商",
        "/sitemap.xml",
    ]


def test_public_pages_carry_the_headers(client, report):
    for url in public_urls(report):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)


def test_error_responses_carry_the_headers(client, db):
    for url, status in [
        ("/report/999999/", 404),
        ("/search/?q=协商&page=abc", 400),
        ("/api/search?q=协商&sort=xyz", 400),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert_secure_headers(response, url)


def test_admin_pages_carry_the_headers(admin_client):
    report = make_report(original=b"text")
    urls = [
        "/admin/",
        "/admin/reports/report/",
        f"/admin/reports/report/{report.pk}/change/",
        "/admin/reports/report/upload/",
        "/admin/reports/region/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)


def test_the_login_page_carries_the_headers(client):
    response = client.get("/admin/login/")

    assert_secure_headers(response, "/admin/login/")
