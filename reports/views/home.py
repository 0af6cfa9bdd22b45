"""The home page: what the archive holds, a search box, the latest additions and a coverage grid,
all of public reports only.

Four queries whatever the size of the archive: one aggregate, the latest reports, the grid's reports
(only the few columns it shows) and the grid's regions.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.shortcuts import render

from reports.models import Region, Report, filed_year

RECENT_COUNT = 10

# The grid shows one short label per report; the full title is in the link's title attribute.
BODY_LABELS = {"政协常委会": "政协", "人大常委会": "人大", "政府": "政府", "法院": "法院", "检察院": "检察院"}


@dataclass
class GridRow:
    adcode: str | None
    name: str
    context: str  # the parent regions' names, to tell two 鼓楼区 apart
    cells: list[list[dict]]


@dataclass
class Coverage:
    years: list[int | None]
    rows: list[GridRow]


def archive_summary() -> dict:
    return Report.objects.public().aggregate(
        reports=Count("id"),
        regions=Count("region", distinct=True),
        first_year=Min(filed_year()),
        last_year=Max(filed_year()),
    )


def recent_reports():
    return Report.objects.public().select_related("region").order_by("-created_at", "-id")[:RECENT_COUNT]


def coverage(first_year: int | None, last_year: int | None) -> Coverage:
    """Regions with reports × every year from the first to the last, gaps included.

    A report sits in the column of the year it is filed under; an inferred year is marked in its label.
    """
    reports = _grid_reports()
    years: list[int | None] = list(range(last_year, first_year - 1, -1)) if first_year else []
    if any(report["year"] is None for report in reports):
        years.append(None)
    column = {year: index for index, year in enumerate(years)}
    regions = Region.objects.filter(pk__in={report["region_id"] for report in reports} - {None}).values(
        "adcode", "name", "parent__name", "parent__parent__name"
    )
    rows = {region["adcode"]: _grid_row(region, len(years)) for region in regions}
    if any(report["region_id"] is None for report in reports):
        rows[None] = GridRow(None, "地区未知", "", [[] for _ in years])
    for report in reports:
        rows[report["region_id"]].cells[column[report["year"]]].append(report)
    ordered = sorted(rows.values(), key=lambda row: row.adcode or "999999")
    return Coverage(years, ordered)


def _grid_reports() -> list[dict]:
    """Every report's id, region, title, short label and the year it is filed under (`year`)."""
    reports = list(
        Report.objects.public()
        .order_by("id")
        .values("id", "region_id", "year", "year_inferred", "body", "title")
    )
    for report in reports:
        inferred = report["year"] is None and report["year_inferred"] is not None
        report["year"] = report["year_inferred"] if inferred else report["year"]
        label = BODY_LABELS.get(report["body"], report["body"] or "报告")
        report["label"] = f"{label}（推定）" if inferred else label
    return reports


def _grid_row(region: dict, width: int) -> GridRow:
    context = "".join(name for name in (region["parent__parent__name"], region["parent__name"]) if name)
    return GridRow(region["adcode"], region["name"], context, [[] for _ in range(width)])


def home(request):
    summary = archive_summary()
    context = {
        "summary": summary,
        "recent": recent_reports(),
        "coverage": coverage(summary["first_year"], summary["last_year"]),
    }
    return render(request, "reports/home.html", context)
