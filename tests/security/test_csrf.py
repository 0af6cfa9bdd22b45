"""CSRF: a POST without the token is refused on every URL of the site, and every POST form carries one."""

import re
from pathlib import Path

import pytest
from django.test import Client

from reports.admin_upload import staging
from reports.admin_upload.items import UploadItem
from reports.models import Report
from tests.admin.helpers import UPLOAD_URL
from tests.factories import make_report
from tests.security.routes import site_routes

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post[\"']?[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", password="chief-password-1")


@pytest.fixture
def tokenless(chief):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    return client


def every_url(chief) -> list[str]:
    report = make_report(original=b"text")
    token = staging.stage([UploadItem("a.txt", data=b"text")], chief.pk)
    object_ids = {
        "admin/reports/report/": str(report.pk),
        "admin/reports/region/": report.region_id,
        "admin/auth/user/": str(chief.pk),
    }
    values = {
        "report_id": str(report.pk),
        "adcode": report.region_id,
        "year": str(report.year),
        "token": token,
        "id": str(chief.pk),
        "app_label": "reports",
    }
    return [route.url for route in site_routes(values, object_ids)]


def test_a_post_without_the_token_is_refused_everywhere(tokenless, chief):
    urls = every_url(chief)
    assert {"/admin/login/", "/admin/reports/report/upload/", "/admin/logout/"} <= set(urls)

    statuses = {url: tokenless.post(url, {"title": "x"}).status_code for url in urls}

    # 403: the token is missing; 405: a read-only view (the JSON API) that takes no POST at all.
    assert {url: status for url, status in statuses.items() if status not in (403, 405)} == {}
    assert list(statuses.values()).count(403) > len(urls) / 2
    assert Report.objects.count() == 1


def test_the_admin_change_form_without_the_token_changes_nothing(tokenless):
    report = make_report(title="原标题")

    response = tokenless.post(f"/admin/reports/report/{report.pk}/change/", {"title": "改过的标题"})

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.title == "原标题"


def test_the_admin_login_without_the_token_is_refused_and_with_it_succeeds(chief):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/admin/login/")
    token = form.context["csrf_token"]
    credentials = {"username": "chief", "password": "chief-password-1", "next": "/admin/"}

    assert client.post("/admin/login/", credentials).status_code == 403
    response = client.post("/admin/login/", {**credentials, "csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_upload_with_its_token_is_accepted(tokenless):
    """The upload view checks the token itself (after its size limit): a right token passes."""
    form = tokenless.get(UPLOAD_URL)
    token = str(form.context["csrf_token"])

    response = tokenless.post(UPLOAD_URL, {"pasted_text": "某某", "csrfmiddlewaretoken": token})

    assert response.status_code == 302


def test_every_post_form_in_the_templates_has_a_csrf_token():
    forms = {}
    for template in TEMPLATES.rglob("*.html"):
        for number, body in enumerate(POST_FORM.findall(template.read_text()), start=1):
            forms[f"{template.relative_to(TEMPLATES)} form {number}"] = "{% csrf_token %}" in body

    assert forms, "the template scan found no POST form: the pattern is wrong"
    assert [name for name, has_token in forms.items() if not has_token] == []


def test_the_template_scan_sees_a_form_without_a_token():
    form = '<form action="/x" method="POST"><input name="a"></form>'

    assert POST_FORM.findall(form) == ['<input name="a">']
