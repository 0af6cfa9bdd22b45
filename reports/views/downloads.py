"""A report in other forms: the original file byte for byte, the cleaned text, JSON, and the
content-addressed permalink /r/<first 12 hex of sha256>/ that survives a re-import.

Like the report page, each is a 404 for a held report unless staff ask (`Report.objects.visible_to`)."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from reports.api.serializers import report_detail
from reports.models import Report
from reports.originals import read_original
from reports.views.reading import private_if_held


def original(request, report_id: int):
    visible = Report.objects.visible_to(request.user)
    report = get_object_or_404(visible.only("sha256", "original_name", "is_held"), pk=report_id)
    try:
        data = read_original(report.sha256)
    except FileNotFoundError as missing:
        raise Http404("原始文件缺失") from missing
    response = HttpResponse(data, content_type="application/octet-stream")
    filename = report.original_name or f"report-{report.pk}.txt"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(data))
    return private_if_held(response, report)


def text(request, report_id: int):
    report = get_object_or_404(Report.objects.visible_to(request.user).only("text", "is_held"), pk=report_id)
    return private_if_held(HttpResponse(report.text, content_type="text/plain; charset=utf-8"), report)


def report_json(request, report_id: int):
    visible = Report.objects.visible_to(request.user).select_related("region__parent__parent")
    report = get_object_or_404(visible, pk=report_id)
    data = report_detail(report, request.build_absolute_uri)
    return private_if_held(JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1}), report)


def permalink(request, prefix: str):
    """301 to the report whose original starts with these 12 hex digits."""
    visible = Report.objects.visible_to(request.user)
    report = visible.filter(sha256__startswith=prefix.lower()).order_by("id").only("id").first()
    if report is None:
        raise Http404("没有这份报告")
    return HttpResponsePermanentRedirect(report.get_absolute_url())
