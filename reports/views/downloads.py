"""A report in other forms: the original file byte for byte, the cleaned text, JSON, and the
content-addressed permalink /r/<first 12 hex of sha256>/ that survives a re-import."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header

from reports.models import Report
from reports.originals import read_original


def original(request, report_id: int):
    report = get_object_or_404(Report.objects.only("sha256", "original_name"), pk=report_id)
    try:
        data = read_original(report.sha256)
    except FileNotFoundError as missing:
        raise Http404("原始文件缺失") from missing
    response = HttpResponse(data, content_type="application/octet-stream")
    filename = report.original_name or f"report-{report.pk}.txt"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(data))
    return response


def text(request, report_id: int):
    report = get_object_or_404(Report.objects.only("text"), pk=report_id)
    return HttpResponse(report.text, content_type="text/plain; charset=utf-8")


def report_json(request, report_id: int):
    report = get_object_or_404(Report.objects.select_related("region"), pk=report_id)
    return JsonResponse(as_json(request, report), json_dumps_params={"ensure_ascii": False, "indent": 1})


def as_json(request, report: Report) -> dict:
    region = report.region
    return {
        "id": report.pk,
        "url": request.build_absolute_uri(report.get_absolute_url()),
        "permalink": request.build_absolute_uri(reverse("reports:permalink", args=[report.sha256[:12]])),
        "title": report.title,
        "region": {"adcode": region.adcode, "name": region.name, "full_name": region.full_name}
        if region
        else None,
        "body": report.body,
        "term": report.term,
        "session": report.session,
        "delivered_on": report.delivered_on.isoformat() if report.delivered_on else None,
        "year": report.year,
        "year_source": report.year_source or None,
        "reviewed_year": report.reviewed_year,
        "speaker": report.speaker,
        "is_abstract": report.is_abstract,
        "is_complete": report.is_complete,
        "source": {
            "newspaper": report.source_newspaper or None,
            "page": report.source_page or None,
            "published_on": report.published_on.isoformat() if report.published_on else None,
        },
        "original": {"name": report.original_name, "size": report.original_size, "sha256": report.sha256},
        "warnings": report.warnings,
        "sections": [
            {
                "position": section.position,
                "anchor": section.anchor,
                "level": section.level,
                "heading": section.heading,
                "text": section.text,
            }
            for section in report.sections.all()
        ],
    }


def permalink(request, prefix: str):
    """301 to the report whose original starts with these 12 hex digits."""
    report = Report.objects.filter(sha256__startswith=prefix.lower()).order_by("id").only("id").first()
    if report is None:
        raise Http404("没有这份报告")
    return HttpResponsePermanentRedirect(report.get_absolute_url())
