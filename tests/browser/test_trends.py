"""In a real browser: the trends chart is drawn and labelled, and a point leads to that year's search hits."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chart_is_drawn_and_a_point_opens_the_search(live_server, page, indexed_samples):
    page.goto(f"{live_server.url}/trends/?q=共同富裕，高质量发展")

    chart = page.locator("svg.trend-chart")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert chart.locator("polyline").count() == 2
    for label in ("年份", "提及报告占比", "共同富裕", "高质量发展"):
        text = chart.locator("text", has_text=label).first
        assert text.is_visible() and text.bounding_box()["width"] > 0, label
    lines = chart.locator("polyline").evaluate_all("lines => lines.map(l => l.getBBox().width)")
    assert all(width > 0 for width in lines)

    point = chart.locator("a.point", has_text="共同富裕 · 2023 年：1 / 1")
    point.click()

    page.wait_for_url("**/search/**")
    assert "year_from=2023" in page.url and "year_to=2023" in page.url
    assert page.locator("ol.results > li.result").count() == 1
    assert page.locator("ol.results mark", has_text="共同富裕").count() > 0
