"""Regions and reports as plain dicts: one shape for the API, the report JSON view and the bulk export.

URLs are made by `absolute_url` (a request's `build_absolute_uri` in a view; identity or a base URL
in the export), so the same functions serve with or without a request.
"""

from collections.abc import Callable

from django.urls import reverse

from reports.models import Region, Report, Section

AbsoluteUrl = Callable[[str], str]


def region_brief(region: Region) -> dict:
    return {
        "adcode": region.adcode,
        "name": region.name,
        "full_name": region.full_name,
        "level": region.level,
    }


def region_item(region: Region, report_count: int, absolute_url: AbsoluteUrl) -> dict:
    """A region in a list: enough to show it and follow it, with its reports counted below it."""
    return {
        "adcode": region.adcode,
        "name": region.name,
        "short_name": region.short_name or None,
        "level": region.level,
        "parent": region.parent_id,
        "url": absolute_url(region.get_absolute_url()),
        "api_url": absolute_url(reverse("reports:api_region", args=[region.adcode])),
        "report_count": report_count,
    }


def region_detail(region: Region, counts, children: list[Region], absolute_url: AbsoluteUrl) -> dict:
    """A region with its lineage (province first, itself last) and children; `counts`: adcode → reports."""
    reports_url = f"{reverse('reports:api_reports')}?region={region.adcode}"
    return {
        **region_item(region, counts[region.adcode], absolute_url),
        "full_name": region.full_name,
        "former_names": [name for name in region.former_names.split("|") if name],
        "reports_url": absolute_url(reports_url),
        "lineage": [region_brief(ancestor) for ancestor in region.lineage()],
        "children": [region_item(child, counts[child.adcode], absolute_url) for child in children],
    }


def report_summary(report: Report, absolute_url: AbsoluteUrl) -> dict:
    """A report in a list; read with `select_related("region__parent__parent")`, it needs no more queries."""
    return {
        "id": report.pk,
        "url": absolute_url(report.get_absolute_url()),
        "api_url": absolute_url(reverse("reports:api_report", args=[report.pk])),
        "title": report.title,
        "region": region_brief(report.region) if report.region else None,
        "body": report.body or None,
        "year": report.year,
        "year_inferred": report.year_inferred,
        "term": report.term,
        "session": report.session,
        "delivered_on": report.delivered_on.isoformat() if report.delivered_on else None,
        "speaker": report.speaker or None,
        "is_abstract": report.is_abstract,
        "is_complete": report.is_complete,
    }


def report_detail(report: Report, absolute_url: AbsoluteUrl) -> dict:
    """Everything stored about a report except the original bytes (linked): metadata, text and sections."""
    region = report.region
    return {
        **report_summary(report, absolute_url),
        "permalink": absolute_url(reverse("reports:permalink", args=[report.sha256[:12]])),
        "region": {**region_brief(region), "lineage": [region_brief(r) for r in region.lineage()]}
        if region
        else None,
        "year_source": report.year_source or None,
        "reviewed_year": report.reviewed_year,
        "source": {
            "newspaper": report.source_newspaper or None,
            "page": report.source_page or None,
            "published_on": report.published_on.isoformat() if report.published_on else None,
        },
        "original": {
            "name": report.original_name or None,
            "size": report.original_size,
            "sha256": report.sha256,
            "url": absolute_url(reverse("reports:report_original", args=[report.pk])),
        },
        "text_url": absolute_url(reverse("reports:report_text", args=[report.pk])),
        "warnings": [warning.as_dict() for warning in report.parse_warnings()],
        "text": report.text,
        "sections": [section_dict(report, section, absolute_url) for section in report.sections.all()],
    }


def section_dict(report: Report, section: Section, absolute_url: AbsoluteUrl) -> dict:
    return {
        "position": section.position,
        "anchor": section.anchor,
        "url": absolute_url(f"{report.get_absolute_url()}#{section.anchor}"),
        "level": section.level,
        "heading": section.heading,
        "text": section.text,
    }
