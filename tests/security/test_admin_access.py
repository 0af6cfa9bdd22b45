"""The admin is staff only: every admin URL sends an anonymous visitor and a non-staff user to the login.

The URLs are read from the admin site itself, so a page added later (a model, a custom view such as
the upload) is covered without being listed here.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from reports.models import Report
from tests.factories import make_report
from tests.security.routes import site_routes

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


@pytest.fixture
def urls(django_user_model):
    """Every admin URL, with ids of objects that exist."""
    report = make_report(original=b"text")
    group = Group.objects.create(name="editors")
    user = django_user_model.objects.create_user("someone", password="someone-password-1")
    object_ids = {
        "admin/reports/report/": str(report.pk),
        "admin/reports/region/": report.region_id,
        "admin/auth/user/": str(user.pk),
        "admin/auth/group/": str(group.pk),
    }
    values = {
        "id": str(user.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Report).pk),
        "app_label": "reports",
        "token": "not-a-token",
    }
    found = [route.url for route in site_routes(values, object_ids) if route.url.startswith("/admin/")]
    # The enumeration must reach the archive's own pages, the custom upload views among them.
    assert {
        f"/admin/reports/report/{report.pk}/change/",
        "/admin/reports/report/upload/",
        "/admin/reports/report/upload/not-a-token/",
        "/admin/reports/",
    } <= set(found)
    return found


def assert_sent_to_login(client: Client, url: str, method: str = "get") -> None:
    response = getattr(client, method)(url, follow=True)
    assert response.status_code == 200, (method, url)
    assert response.resolver_match.view_name == "admin:login", (method, url, response.redirect_chain)
    assert 'name="password"' in response.content.decode(), (method, url)


def test_an_anonymous_visitor_gets_the_login_for_every_admin_url(client, urls):
    for url in urls:
        assert_sent_to_login(client, url)
        assert_sent_to_login(client, url, "post")


def test_a_user_who_is_not_staff_gets_the_login_for_every_admin_url(client, urls, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="reader-password-1")
    client.force_login(reader)

    for url in urls:
        assert_sent_to_login(client, url)
        assert_sent_to_login(client, url, "post")
    assert Report.objects.count() == 1


def test_a_superuser_reaches_the_same_urls(client, urls, django_user_model):
    """The other half of the check: the URLs above are real pages, not paths that fail for everyone."""
    client.force_login(django_user_model.objects.create_superuser("chief", password="chief-password-1"))
    login_pages = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(LOGIN_URL):
            login_pages.append(url)
    assert login_pages == []
    assert client.get(urls[urls.index("/admin/reports/report/")]).status_code == 200
