"""Login attempts are throttled by django-axes, per username and address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.http import HttpRequest
from django.test import Client, RequestFactory

from archive.client_ip import client_ip

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "right-password-1"


@pytest.fixture
def staff(django_user_model, settings):
    # A fast hasher: these tests check a password dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


def test_a_wrong_password_below_the_limit_still_lets_the_right_one_in(client, staff, settings):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_after_the_limit_even_the_right_password_is_refused(client, staff, settings):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_username_at_one_address(client, staff, settings):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)

    other_user = log_in(Client(), "other", PASSWORD)
    other_address = log_in(Client(), "editor", PASSWORD, address="10.0.0.2")

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_the_defaults_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_the_lock_ends_after_the_cool_off(client, staff, settings):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "editor", PASSWORD).status_code == 429

    elapsed = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - elapsed)

    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_client_login_works_when_given_the_request(client, staff):
    """The axes backend needs the request; test code that logs in with a password passes one."""
    assert client.login(request=HttpRequest(), username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the client's own and is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left entry was written by the client
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", "192.0.2.1"),  # fewer entries than proxies: not what the proxies would send
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_the_client_address_trusts_only_the_proxies_configured(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
