"""Reading pages: one report with its sections, one region with its reports."""

from django.shortcuts import get_object_or_404, render

from reports.models import Region, Report


def report_detail(request, report_id: int):
    report = get_object_or_404(Report.objects.select_related("region"), pk=report_id)
    context = {
        "report": report,
        "lineage": report.region.lineage() if report.region else [],
        "sections": report.sections.all(),
    }
    return render(request, "reports/report_detail.html", context)


def region_detail(request, adcode: str):
    region = get_object_or_404(Region.objects.select_related("parent"), pk=adcode)
    context = {
        "region": region,
        "lineage": region.lineage(),
        "children": region.children.all(),
        "reports": region.reports.order_by("-year", "body"),
    }
    return render(request, "reports/region_detail.html", context)
