"""The admin tests' editor (staff with the upload permissions), for the upload and CSRF checks here."""

from tests.admin.conftest import editor, editor_client  # noqa: F401 - fixtures, used by name
