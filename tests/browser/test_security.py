"""In a real browser, under the Content-Security-Policy: no violation and no console message on the public
pages and the admin upload, and the report page's script still moves between hits."""

from pathlib import Path

import pytest

from reports.ingest import ingest_bytes
from reports.regions import load_regions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))
# Runs before any page script, outside the page's policy: records what the policy blocked.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def noted(message) -> bool:
    """Every console message counts, but the browser's own request for a favicon the admin does not link."""
    return not message.location.get("url", "").endswith("/favicon.ico")


@pytest.fixture
def watched(page):
    """The page, with every console message and uncaught error it produces collected."""
    messages = []
    page.on(
        "console",
        lambda message: (
            noted(message)
            and messages.append(f"console.{message.type}: {message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: messages.append(f"error: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)
    page.messages = messages
    return page


def assert_clean(page, where: str) -> None:
    assert page.evaluate("window.__violations") == [], where
    assert page.messages == [], where


@pytest.fixture
def archive(django_user_model):
    load_regions()  # a transactional test starts from a flushed database
    for path in SAMPLES:
        outcome = ingest_bytes(path.read_bytes(), name=path.name)
        assert outcome.ok, outcome.error
    return django_user_model.objects.create_superuser("editor", password="editor-password-1")


def test_public_pages_run_under_the_policy(live_server, watched, archive):
    page = watched
    page.goto(live_server.url + "/")
    assert_clean(page, "home")

    page.fill("#home-q", "请你来协商")
    page.locator("main form.search button").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("mark").count() > 0
    assert_clean(page, "search with hits")

    page.locator("main h2 a").first.click()
    page.wait_for_url("**/report/**")
    # A function, not an expression: Playwright would poll an expression with eval, which the policy refuses.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'hit-1'")
    page.keyboard.press("n")
    hits = page.locator("mark[id^='hit-']").count()
    assert page.evaluate("document.activeElement.id") == ("hit-2" if hits > 1 else "hit-1")
    assert "当前第" in page.locator(".hit-status").inner_text()
    assert_clean(page, "report page with ?q=")


def test_the_admin_upload_runs_under_the_policy(live_server, watched, archive):
    page = watched
    page.goto(f"{live_server.url}/admin/login/?next=/admin/reports/report/upload/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-password-1")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/reports/report/upload/")
    assert_clean(page, "admin upload page")

    page.fill(
        "#id_pasted_text",
        SAMPLES[0].read_text(encoding="utf-8").replace("工作报告", "工作报告（再次上传）", 1),
    )
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/admin/reports/report/upload/*/")
    page.locator(".field-region .select2-selection").first.click()  # the autocomplete's own script and styles
    page.locator(".select2-search__field").fill("瓯海")
    page.locator(".select2-results__option", has_text="瓯海区").wait_for()
    assert_clean(page, "admin upload preview with the region autocomplete")
