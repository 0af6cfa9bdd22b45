"""In a real browser: an editor logs in, uploads a text, corrects the region and year, and publishes it."""

import os
from pathlib import Path

import pytest

from reports.models import Report
from reports.regions import load_regions
from reports.search.service import SearchParams, search

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "002_efa49a0a5d5d5787.txt"


@pytest.fixture
def editor(django_user_model):
    load_regions()  # a transactional test starts from a flushed database
    return django_user_model.objects.create_superuser("editor", password="editor-password-1")


def log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/reports/report/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-password-1")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/reports/report/")


def test_an_editor_uploads_corrects_and_publishes_a_report(live_server, page, editor):
    log_in(page, live_server.url)
    page.get_by_role("link", name="上传报告").click()
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.get_by_role("button", name="上传并预览").click()

    item = page.locator("section.upload-item").first
    assert SAMPLE.name in item.locator("h2").inner_text()
    assert "柯城区" in item.locator(".field-region").inner_text()
    # Search-as-you-type: the admin's autocomplete asks the server for regions.
    item.locator(".field-region .select2-selection").click()
    page.locator(".select2-search__field").fill("瓯海")
    page.locator(".select2-results__option", has_text="瓯海区").click()
    item.locator("input[name$='-year']").fill("2023")
    page.get_by_role("button", name="确认保存").click()

    page.wait_for_url("**/admin/reports/report/")
    assert "已保存" in page.locator("ul.messagelist").inner_text()
    report = Report.objects.get()
    assert (report.region_id, report.year, report.uploaded_by) == ("330304", 2023, editor)
    assert search(SearchParams(q="请你来协商")).report_count == 1
