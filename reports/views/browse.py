"""Browsing pages: regions (province → prefecture → county) and years, each with its reports.

A report is filed under the year its text states or, without one, the year inferred from the year
under review (`Report.filed_year`); wherever such a year is shown it is marked （推定）.
Only public reports are listed and counted (`Report.objects.public()`).
Counts include descendants; they are computed from two aggregate queries and rolled up along the
parent links in Python, never with one query per region.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from reports.models import Region, Report, filed_year

FIRST_YEAR = 1949  # no report of the People's Republic is older
LAST_YEAR_AHEAD = 1  # a December session may file next year's report before new year
NEWEST_FIRST = filed_year().desc(nulls_last=True)


def report_counts(regions: Q | None = None) -> Counter:
    """Number of public reports per adcode, each report counted for its region and every ancestor."""
    own = Report.objects.public().filter(region__isnull=False)
    if regions is not None:
        own = own.filter(regions)
    per_region = dict(own.values_list("region_id").annotate(total=Count("id")).order_by())
    ancestry = Region.objects.filter(pk__in=list(per_region)).values_list(
        "adcode", "parent_id", "parent__parent_id"
    )
    counts: Counter = Counter()
    for adcode, parent, grandparent in ancestry:
        for ancestor in (adcode, parent, grandparent):
            if ancestor:
                counts[ancestor] += per_region[adcode]
    return counts


def _report_rows():
    return Report.objects.public().select_related("region").only(
        "id", "title", "body", "year", "year_inferred", "term", "session", "delivered_on", "is_abstract",
        "is_complete", "region__adcode", "region__name",
    )


def region_index(request):
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("adcode"))
    counts = report_counts()
    for province in provinces:
        province.report_count = counts[province.adcode]
    context = {"provinces": provinces, "total": sum(province.report_count for province in provinces)}
    return render(request, "reports/region_index.html", context)


@dataclass
class RegionPage:
    region: Region
    lineage: list[Region]
    report_count: int
    children: list[Region]
    reports: list[Report]


def region_page(adcode: str) -> RegionPage:
    region = get_object_or_404(Region.objects.select_related("parent__parent"), pk=adcode)
    descendants = Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region)
    counts = report_counts(descendants)
    children = _children_tree(region, counts)
    # A province page would list thousands of reports: it lists only its own, the tree does the rest.
    shown = Q(region=region) if region.level == Region.Level.PROVINCE else descendants
    reports = list(_report_rows().filter(shown).order_by(NEWEST_FIRST, "region_id", "body", "-id"))
    return RegionPage(region, region.lineage(), counts[region.adcode], children, reports)


def _children_tree(region: Region, counts: Counter) -> list[Region]:
    """Children with their counts, each with `.subregions` (its own children) for a province."""
    below = Region.objects.filter(Q(parent=region) | Q(parent__parent=region)).order_by("adcode")
    children, grandchildren = [], defaultdict(list)
    for sub in below:
        sub.report_count = counts[sub.adcode]
        if sub.parent_id == region.adcode:
            children.append(sub)
        else:
            grandchildren[sub.parent_id].append(sub)
    for child in children:
        child.subregions = grandchildren[child.adcode]
    return children


def region_detail(request, adcode: str):
    page = region_page(adcode)
    return render(request, "reports/region_detail.html", {"page": page, "lineage": page.lineage})


@dataclass
class YearCount:
    year: int
    total: int
    inferred: int  # of them, filed under a year the text does not state


def year_index(request):
    rows = (
        Report.objects.public()
        .values(filed_as=filed_year())
        .annotate(total=Count("id"), inferred=Count("id", filter=Q(year__isnull=True)))
        .order_by("-filed_as")
    )
    years = [YearCount(row["filed_as"], row["total"], row["inferred"]) for row in rows if row["filed_as"]]
    unknown = sum(row["total"] for row in rows if row["filed_as"] is None)
    return render(request, "reports/year_index.html", {"years": years, "unknown": unknown})


@dataclass
class Group:
    province: Region | None
    prefecture: Region | None
    reports: list[Report] = field(default_factory=list)


def grouped_by_place(reports) -> list[Group]:
    """Reports grouped by province and prefecture (None for province-level and unknown regions)."""
    groups: dict[tuple, Group] = {}
    for report in reports:
        lineage = report.region.lineage() if report.region else []
        province = lineage[0] if lineage else None
        prefecture = lineage[1] if len(lineage) > 1 and lineage[1].level == Region.Level.PREFECTURE else None
        key = (province.adcode if province else "~", prefecture.adcode if prefecture else "")
        groups.setdefault(key, Group(province, prefecture)).reports.append(report)
    return [groups[key] for key in sorted(groups)]


def year_reports(year: int | None) -> list[Group]:
    """Reports filed under `year` (None: under no year), grouped by place."""
    rows = Report.objects.public().filed_in(year).select_related("region__parent__parent")
    return grouped_by_place(rows.order_by("region_id", "body", "id"))


def year_context(year: int | None) -> dict:
    groups = year_reports(year)
    reports = [report for group in groups for report in group.reports]
    inferred = sum(report.year_is_inferred for report in reports)
    return {"year": year, "groups": groups, "total": len(reports), "inferred": inferred}


def year_detail(request, year: int):
    if not FIRST_YEAR <= year <= date.today().year + LAST_YEAR_AHEAD:
        raise Http404("年份超出范围")
    return render(request, "reports/year_detail.html", year_context(year))


def year_unknown(request):
    return render(request, "reports/year_detail.html", year_context(None))
