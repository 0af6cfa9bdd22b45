"""A report in other forms: the original file byte for byte, the cleaned text, JSON, and the
content-addressed permalink /r/<first 12 hex of sha256>/ that survives a re-import."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from reports.api.serializers import report_detail
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
    report = get_object_or_404(Report.objects.select_related("region__parent__parent"), pk=report_id)
    data = report_detail(report, request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def permalink(request, prefix: str):
    """301 to the report whose original starts with these 12 hex digits."""
    report = Report.objects.filter(sha256__startswith=prefix.lower()).order_by("id").only("id").first()
    if report is None:
        raise Http404("没有这份报告")
    return HttpResponsePermanentRedirect(report.get_absolute_url())
