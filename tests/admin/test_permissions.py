"""Only staff with the right permissions reach the upload; every POST needs its CSRF token."""

import pytest
from django.test import Client

from reports.models import Report
from tests.admin.helpers import KECHENG, UPLOAD_URL, form_data, upload, upload_file

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_logged_in_user_who_is_not_staff_gets_no_access(client, django_user_model, sample_bytes):
    client.force_login(django_user_model.objects.create_user("reader", password="reader-password-1"))

    response = client.post(UPLOAD_URL, {"files": [upload_file(KECHENG, sample_bytes[KECHENG])]})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Report.objects.count() == 0


def test_staff_without_permissions_cannot_upload(client, django_user_model, sample_bytes):
    client.force_login(
        django_user_model.objects.create_user("intern", password="intern-password-1", is_staff=True)
    )

    assert client.get(UPLOAD_URL).status_code == 403
    assert (
        client.post(UPLOAD_URL, {"files": [upload_file(KECHENG, sample_bytes[KECHENG])]}).status_code == 403
    )


def test_staff_without_permissions_cannot_confirm_an_editors_batch(
    editor_client, django_user_model, sample_bytes
):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])
    intern = Client()
    intern.force_login(
        django_user_model.objects.create_user("intern", password="intern-password-1", is_staff=True)
    )

    assert intern.post(url, form_data(preview)).status_code == 403
    assert Report.objects.count() == 0


def test_another_editor_cannot_open_or_confirm_the_batch(
    editor_client, editor, django_user_model, sample_bytes
):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])
    other = django_user_model.objects.create_user("other", password="other-password-1", is_staff=True)
    other.user_permissions.set(editor.user_permissions.all())
    client = Client()
    client.force_login(other)

    response = client.post(url, form_data(preview))

    assert response.status_code == 302 and response["Location"] == UPLOAD_URL
    assert Report.objects.count() == 0


def test_a_forged_token_is_refused(editor_client):
    response = editor_client.get(f"{UPLOAD_URL}0123456789abcdef:forged/")

    assert response.status_code == 302
    assert response["Location"] == UPLOAD_URL


def test_an_upload_without_the_csrf_token_is_refused(editor, sample_bytes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(UPLOAD_URL, {"files": [upload_file(KECHENG, sample_bytes[KECHENG])]})

    assert response.status_code == 403


def test_a_confirm_without_the_csrf_token_is_refused(editor_client, editor, sample_bytes):
    preview, url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(url, form_data(preview)).status_code == 403
    assert Report.objects.count() == 0
