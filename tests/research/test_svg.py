"""The trends chart markup, from hand-made figures: well-formed, escaped, one line per term, points apart."""

import xml.etree.ElementTree as ET

from reports.research.svg import line_chart
from reports.research.trends import Series, Trends

SVG = "{http://www.w3.org/2000/svg}"


def trends(shares_by_term: dict[str, dict[int, float]], total: int = 4) -> Trends:
    years = sorted({year for shares in shares_by_term.values() for year in shares})
    series = [
        Series(term, {year: round(share * total) for year, share in shares.items()}, shares)
        for term, shares in shares_by_term.items()
    ]
    return Trends(list(shares_by_term), years, dict.fromkeys(years, total), series)


def chart(data: Trends) -> ET.Element:
    markup = line_chart(data, lambda term, year: f"/search/?q={term}&year_from={year}")
    return ET.fromstring(markup)  # noqa: S314 -- markup made by the function under test


def circles(svg: ET.Element) -> list[tuple[float, float]]:
    """The linked points (not the legend's), series after series."""
    return [
        (float(dot.get("cx")), float(dot.get("cy")))
        for link in svg.iter(f"{SVG}a")
        for dot in link.iter(f"{SVG}circle")
    ]


def tick_labels(svg: ET.Element) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "tick"]


def test_terms_and_links_are_escaped():
    svg = chart(trends({'<script>"x"&</script>': {2020: 0.5, 2021: 0.25}}))

    assert [link.get("href") for link in svg.iter(f"{SVG}a")] == [
        '/search/?q=<script>"x"&</script>&year_from=2020',
        '/search/?q=<script>"x"&</script>&year_from=2021',
    ]
    assert '<script>"x"&</script>' in [text.text for text in svg.iter(f"{SVG}text")]
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))


def test_one_line_per_term_and_one_linked_point_per_year():
    svg = chart(trends({"甲": {2019: 0.1, 2020: 0.2, 2022: 0.3}, "乙": {2019: 0.0, 2020: 0.05, 2022: 0.4}}))

    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2
    assert all(len(line.get("points").split()) == 3 for line in lines)
    assert len(list(svg.iter(f"{SVG}a"))) == 6
    assert lines[0].get("stroke") != lines[1].get("stroke")
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")


def test_years_are_placed_by_their_distance_and_a_larger_share_is_higher():
    svg = chart(trends({"甲": {2010: 0.1, 2011: 0.2, 2020: 0.3}}))

    (x2010, y2010), (x2011, y2011), (x2020, y2020) = circles(svg)[:3]
    assert (x2011 - x2010) * 9 == (x2020 - x2011)
    assert y2010 > y2011 > y2020


def test_points_with_equal_shares_are_set_side_by_side():
    svg = chart(
        trends({"甲": {2020: 1.0, 2021: 0.5}, "乙": {2020: 1.0, 2021: 0.0}, "丙": {2020: 1.0, 2021: 0.1}})
    )

    points = circles(svg)
    in_2020 = [points[0], points[2], points[4]]
    assert len({y for _, y in in_2020}) == 1
    xs = sorted(x for x, _ in in_2020)
    assert xs[1] - xs[0] >= 10 and xs[2] - xs[1] >= 10


def test_the_share_axis_fits_the_largest_share():
    small = tick_labels(chart(trends({"甲": {2020: 0.03, 2021: 0.04}})))
    large = tick_labels(chart(trends({"甲": {2020: 0.9, 2021: 0.0}})))

    assert "4%" in small and "100%" not in small
    assert "100%" in large


def test_a_single_year_and_zero_shares_still_draw():
    svg = chart(trends({"甲": {2024: 0.0}}))

    assert len(circles(svg)) == 1
    assert "2024" in [text.text for text in svg.iter(f"{SVG}text")]
    assert svg.find(f"{SVG}desc").text.startswith("2024 年")
