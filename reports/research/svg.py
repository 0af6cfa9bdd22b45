"""The trends line chart as inline SVG markup: no script, no style attributes, every text escaped.

Colours and dashes are SVG presentation attributes, which a strict Content-Security-Policy allows (unlike
`style="…"`); archive.css adds fonts and focus rings through the classes. Every point is a link, so the
chart works without JavaScript; the table under it carries the same figures for screen readers.
"""

import math
from collections.abc import Callable
from html import escape

from reports.research.trends import Trends

WIDTH = 640
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 72, 624, 16, 276
X_PADDING = 36  # keeps the first and last points, even set side by side, off the axes
LEGEND_TOP, LEGEND_ROW = 336, 22
LEGEND_CHARS = 40
# Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; each line also has
# its own dash pattern, so the legend can be read in grey.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
DASHES = ("", "8 4", "2 3", "10 4 2 4", "4 4", "12 3 3 3 3 3")
# (top of the axis, tick step): the first that holds the largest share is used.
Y_SCALES = (
    (0.05, 0.01),
    (0.1, 0.02),
    (0.2, 0.05),
    (0.25, 0.05),
    (0.4, 0.1),
    (0.5, 0.1),
    (0.8, 0.2),
    (1.0, 0.2),
)
MAX_YEAR_LABELS = 12
POINT_RADIUS = 5

Offsets = dict[tuple[int, int], float]  # (series index, year) → horizontal shift of the point

Href = Callable[[str, int], str]


def _attrs(**values) -> str:
    """XML attributes, escaped; a trailing underscore is dropped and `_` becomes `-`."""
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in values.items()
        if value is not None and value != ""
    )


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")


class _Scale:
    """Data → chart coordinates."""

    def __init__(self, years: list[int], max_share: float):
        self.first, self.last = years[0], years[-1]
        self.top, self.step = next(((top, step) for top, step in Y_SCALES if max_share <= top), Y_SCALES[-1])

    def x(self, year: int) -> float:
        if self.first == self.last:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        inner = PLOT_RIGHT - PLOT_LEFT - 2 * X_PADDING
        return PLOT_LEFT + X_PADDING + inner * (year - self.first) / (self.last - self.first)

    def y(self, share: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * min(share, self.top) / self.top

    def ticks(self) -> list[float]:
        return [self.step * index for index in range(round(self.top / self.step) + 1)]


def line_chart(trends: Trends, href: Href) -> str:
    """An SVG line chart of each term's share of reports per year; `href(term, year)` links a point."""
    scale = _Scale(trends.years, trends.max_share)
    height = LEGEND_TOP + LEGEND_ROW * len(trends.series)
    opening = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        class_="trend-chart",
        width=WIDTH,
        height=height,
        viewBox=f"0 0 {WIDTH} {height}",
        aria_labelledby="trend-chart-title",
        aria_describedby="trend-chart-desc",
    )
    parts = [f"<svg {opening}>", *_heading(trends), *_grid(scale), *_year_axis(trends.years, scale)]
    offsets = _dodges(trends, scale)
    for index, series in enumerate(trends.series):
        parts += _line(index, series, trends, scale, offsets, href)
    parts += _legend(trends.terms)
    parts.append("</svg>")
    return "\n".join(parts)


def _heading(trends: Trends) -> list[str]:
    title = "各年提及报告占比：" + "、".join(trends.terms)
    span = f"{trends.years[0]}–{trends.years[-1]}" if len(trends.years) > 1 else str(trends.years[0])
    description = (
        f"{span} 年，每年提及各词的报告数占当年报告数的比例。"
        "图中每个点链接到该年的检索结果，图下的表格列出同样的数字。"
    )
    return [
        f'<title id="trend-chart-title">{escape(title)}</title>',
        f'<desc id="trend-chart-desc">{escape(description)}</desc>',
    ]


def _grid(scale: _Scale) -> list[str]:
    """Horizontal lines at each share tick with their labels, the y axis and its label."""
    parts = []
    for tick in scale.ticks():
        y = _number(scale.y(tick))
        line = _attrs(class_="grid", x1=PLOT_LEFT, x2=PLOT_RIGHT, y1=y, y2=y, stroke="#e3e3e3")
        parts.append(f"<line {line}/>")
        label = _attrs(class_="tick", x=PLOT_LEFT - 8, y=y, dy="0.35em", text_anchor="end", font_size=12)
        parts.append(f"<text {label}>{_percent(tick)}</text>")
    axis = _attrs(class_="axis", x1=PLOT_LEFT, x2=PLOT_LEFT, y1=PLOT_TOP, y2=PLOT_BOTTOM, stroke="#5f6368")
    middle = _number((PLOT_TOP + PLOT_BOTTOM) / 2)
    label = _attrs(
        class_="axis-label",
        transform=f"translate(16 {middle}) rotate(-90)",
        text_anchor="middle",
        font_size=13,
    )
    return [*parts, f"<line {axis}/>", f"<text {label}>提及报告占比</text>"]


def _year_axis(years: list[int], scale: _Scale) -> list[str]:
    """The x axis with a label under every year (every k-th when there are many) and its own label."""
    axis = _attrs(
        class_="axis", x1=PLOT_LEFT, x2=PLOT_RIGHT, y1=PLOT_BOTTOM, y2=PLOT_BOTTOM, stroke="#5f6368"
    )
    parts = [f"<line {axis}/>"]
    every = math.ceil(len(years) / MAX_YEAR_LABELS)
    for index, year in enumerate(years):
        x = _number(scale.x(year))
        tick = _attrs(class_="axis", x1=x, x2=x, y1=PLOT_BOTTOM, y2=PLOT_BOTTOM + 5, stroke="#5f6368")
        parts.append(f"<line {tick}/>")
        if index % every == 0:
            label = _attrs(class_="tick", x=x, y=PLOT_BOTTOM + 20, text_anchor="middle", font_size=12)
            parts.append(f"<text {label}>{year}</text>")
    label = _attrs(
        class_="axis-label",
        x=_number((PLOT_LEFT + PLOT_RIGHT) / 2),
        y=PLOT_BOTTOM + 44,
        text_anchor="middle",
        font_size=13,
    )
    parts.append(f"<text {label}>年份</text>")
    return parts


def _dodges(trends: Trends, scale: _Scale) -> Offsets:
    """Points of one year that would cover each other (equal shares are common) are set side by side,
    so that each stays visible and clickable."""
    offsets: Offsets = {}
    gap = 2 * POINT_RADIUS + 1
    for year in trends.years:
        heights = sorted((scale.y(series.shares[year]), index) for index, series in enumerate(trends.series))
        clusters: list[list[tuple[float, int]]] = []
        for y, index in heights:
            if clusters and y - clusters[-1][-1][0] < gap:
                clusters[-1].append((y, index))
            else:
                clusters.append([(y, index)])
        for cluster in clusters:
            for place, (_, index) in enumerate(cluster):
                offsets[index, year] = (place - (len(cluster) - 1) / 2) * gap
    return offsets


def _line(index: int, series, trends: Trends, scale: _Scale, offsets: Offsets, href: Href) -> list[str]:
    """One polyline for the term and one linked point per year."""
    colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]

    def x(year: int) -> str:
        return _number(scale.x(year) + offsets[index, year])

    points = " ".join(f"{x(year)},{_number(scale.y(series.shares[year]))}" for year in trends.years)
    line = _attrs(
        class_=f"series series-{index}",
        points=points,
        fill="none",
        stroke=colour,
        stroke_width=2,
        stroke_dasharray=dash,
    )
    parts = [f"<polyline {line}/>"]
    for year in trends.years:
        count, total, share = series.counts[year], trends.reports_per_year[year], series.shares[year]
        tip = f"{series.term} · {year} 年：{count} / {total} 份报告（{_percent(share)}）"
        link = _attrs(class_="point", href=href(series.term, year))
        dot = _attrs(
            cx=x(year),
            cy=_number(scale.y(share)),
            r=POINT_RADIUS,
            fill=colour,
            stroke="#fff",
            stroke_width=1.5,
        )
        parts.append(f"<a {link}><title>{escape(tip)}</title><circle {dot}/></a>")
    return parts


def _legend(terms: list[str]) -> list[str]:
    parts = []
    for index, term in enumerate(terms):
        y = LEGEND_TOP + LEGEND_ROW * index + LEGEND_ROW / 2 - 4
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        sample = _attrs(
            x1=PLOT_LEFT, x2=PLOT_LEFT + 36, y1=y, y2=y, stroke=colour, stroke_width=2, stroke_dasharray=dash
        )
        dot = _attrs(cx=PLOT_LEFT + 18, cy=y, r=4, fill=colour)
        shown = term if len(term) <= LEGEND_CHARS else term[: LEGEND_CHARS - 1] + "…"
        label = _attrs(class_="legend-label", x=PLOT_LEFT + 46, y=y, dy="0.35em", font_size=13)
        parts.append(
            f'<g class="legend-item"><line {sample}/><circle {dot}/><text {label}>{escape(shown)}</text></g>'
        )
    return parts
