"""A screenshot of a real report's page, for the README (scripts/screenshot.py writes it to docs/)."""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = "000_075bb3339af112e5.txt"
MAX_BYTES = 300_000


def test_the_report_page_of_an_ingested_sample_renders(live_server, page, sample_bytes, tmp_path):
    try:
        from reports.ingest import ingest_bytes
    except ImportError as error:  # pragma: no cover - only while the parser is being written
        pytest.skip(f"parser not importable yet: {error}")
    from reports.regions import load_regions

    load_regions()  # transactional tests start from an empty database
    outcome = ingest_bytes(sample_bytes[SAMPLE], name=SAMPLE)
    assert outcome.ok, outcome.error
    page.set_viewport_size({"width": 1000, "height": 1250})
    page.goto(live_server.url + outcome.report.get_absolute_url())
    assert page.locator("h1").inner_text() == outcome.report.title
    assert page.locator("nav.lineage").get_by_role("link", name="瓯海区").is_visible()
    target = Path(os.environ.get("ARCHIVE_SCREENSHOT") or tmp_path / "report.png")
    page.screenshot(path=str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size < MAX_BYTES
