"""An editor: staff with the report permissions an uploader needs, logged in."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="editor-password-1", is_staff=True)
    codenames = [
        "add_report",
        "change_report",
        "delete_report",
        "view_report",
        "view_region",
        "change_section",
        "add_section",
        "delete_section",
        "view_section",
    ]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the search index sync) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
