"""In a real browser: from the home page down to a section, from a search link to its hits, on a phone."""

import pytest

from tests.factories import make_regions, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_PARAGRAPH = "常委会坚持团结和民主两大主题，围绕中心、服务大局，履职尽责取得新成效。" * 12


def long_sections(word_every: int = 0):
    """Six sections long enough that each starts below the first screen; `word_every` plants 协商驿站."""
    sections = []
    for number in range(1, 7):
        paragraphs = [LONG_PARAGRAPH for _ in range(4)]
        if word_every and number % word_every == 0:
            paragraphs[2] = f"第{number}部分建成协商驿站，委员走进群众。"
        sections.append((f"第{number}部分标题", "\n".join(paragraphs)))
    return sections


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
    )


def test_from_home_to_a_county_to_a_report_to_a_section(live_server, page):
    make_regions()
    report = make_report("330802", year=2024, title="柯城区政协常委会工作报告", sections=long_sections())
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="按地区", exact=True).click()
    page.get_by_role("link", name="浙江省").click()
    page.get_by_role("link", name="衢州市", exact=True).first.click()
    page.locator("ul.tree").get_by_role("link", name="柯城区").click()
    assert page.url.endswith("/region/330802/")
    page.get_by_role("link", name="柯城区政协常委会工作报告").click()
    assert page.url.endswith(report.get_absolute_url())
    page.locator("nav.toc").get_by_role("link", name="第5部分标题").click()
    assert page.url.endswith("#s5")
    assert in_viewport(page, "#s5")
    assert not in_viewport(page, "h1")


def test_a_search_link_opens_at_the_first_hit_and_moves_between_hits(live_server, page):
    make_regions()
    report = make_report("330802", sections=long_sections(word_every=2))
    page.goto(f"{live_server.url}{report.get_absolute_url()}?q=协商驿站")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'hit-1'")
    assert page.locator("mark").count() == 3
    assert page.evaluate("window.scrollY") > 0
    assert in_viewport(page, "#hit-1")
    page.locator("button.hit-next").click()
    assert page.evaluate("document.activeElement.id") == "hit-2"
    assert in_viewport(page, "#hit-2")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "hit-3"
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == "hit-2"
    assert "当前第 2 处" in page.locator(".hit-status").inner_text()


def test_hit_buttons_work_from_the_keyboard(live_server, page):
    make_regions()
    report = make_report("330802", sections=long_sections(word_every=2))
    page.goto(f"{live_server.url}{report.get_absolute_url()}?q=协商驿站")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'hit-1'")
    page.locator("button.hit-next").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hit-2"


def test_the_skip_link_is_first_and_visible_on_focus(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert in_viewport(page, ".skip")


def test_on_a_phone_the_page_fits_and_the_coverage_grid_scrolls(live_server, phone):
    make_regions()
    for year in range(2008, 2026):
        make_report("330802", year=year)
        make_report("330304", year=year + 1)
    phone.goto(live_server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.eval_on_selector(".grid-scroll", "el => el.scrollWidth > el.clientWidth")
