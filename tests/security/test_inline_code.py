"""Nothing a Content-Security-Policy without 'unsafe-inline' would block: not in the templates, not in the
pages they render, the admin's included."""

import re
from pathlib import Path

import pytest

from tests.admin.helpers import KECHENG, upload
from tests.factories import make_report
from tests.security.inline import inline_code

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
_INLINE_IN_SOURCE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


def test_the_templates_and_static_html_have_no_inline_code():
    sources = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static").rglob("*.html")]
    found = {
        str(path.relative_to(ROOT)): _INLINE_IN_SOURCE.findall(path.read_text(encoding="utf-8"))
        for path in sources
    }

    assert sources
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_scans_see_inline_code():
    page = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script><style>p{}</style>'
        '<script type="application/json">{}</script><script src="/static/a.js"></script>'
        '<a href="javascript:alert(1)">b</a>'
    )
    assert len(_INLINE_IN_SOURCE.findall(page)) == 5
    assert len(inline_code(page)) == 5


def test_public_pages_render_without_inline_code(client, indexed_samples):
    report = indexed_samples[0]
    urls = [
        "/",
        "/region/",
        f"/region/{report.region_id}/",
        "/year/",
        f"/year/{report.year}/",
        report.get_absolute_url(),
        f"{report.get_absolute_url()}?q=协商",
        "/search/?q=协商",
        "/search/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_the_login_page_renders_without_inline_code(client):
    assert inline_code(client.get("/admin/login/").content.decode()) == []


def test_admin_pages_render_without_inline_code(admin_client):
    report = make_report(original=b"text")
    urls = [
        "/admin/",
        "/admin/reports/",
        "/admin/reports/report/",
        "/admin/reports/report/?review=missing",
        f"/admin/reports/report/{report.pk}/change/",
        f"/admin/reports/report/{report.pk}/history/",
        f"/admin/reports/report/{report.pk}/delete/",
        "/admin/reports/report/upload/",
        "/admin/reports/region/",
        f"/admin/reports/region/{report.region_id}/change/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/axes/accessattempt/",
        "/admin/password_change/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_the_upload_preview_renders_without_inline_code(editor_client, sample_bytes):
    preview, _url = upload(editor_client, [(KECHENG, sample_bytes[KECHENG])])

    assert inline_code(preview.content.decode()) == []
