"""Views of the open JSON API: regions, reports, the OpenAPI schema and the bulk corpus download.

Each view returns a dict (or raises `InvalidSearchParams` / `NotFound`); `api_view` turns these into
JSON responses (200, 400, 404), UTF-8 without \\u escapes. Methods and CORS are the middleware's.
"""

import functools
import math
import re

from django.db.models import Q
from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, reverse

from reports.api import export
from reports.api.openapi import LARGEST_ID, openapi_schema
from reports.api.serializers import region_detail, region_item, report_detail, report_summary
from reports.models import Body, Region, Report, filed_year
from reports.search.service import InvalidSearchParams, SearchParams
from reports.views.browse import report_counts

REPORTS_PER_PAGE = 50
REPORT_SORTS = ("newest", "oldest")
ADCODE = re.compile(r"[0-9]{6}")


class NotFound(Exception):
    """No such object; the message is shown to the caller with a 404."""


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(message: str, status: int) -> JsonResponse:
    return json_response({"error": message}, status=status)


def api_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return json_response(view(request, *args, **kwargs))
        except InvalidSearchParams as error:
            return error_response(error.message, 400)
        except NotFound as error:
            return error_response(str(error), 404)

    return wrapper


def _find_region(adcode: str) -> Region | None:
    if not ADCODE.fullmatch(adcode):
        return None
    return Region.objects.select_related("parent__parent").filter(pk=adcode).first()


def _descendants(region: Region) -> Q:
    return Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region)


@api_view
def regions(request):
    """Provinces, or the children of `?parent=<adcode>`, each with its report count (descendants included)."""
    parent_code = (request.GET.get("parent") or "").strip()
    if parent_code:
        parent = _find_region(parent_code)
        if parent is None:
            raise InvalidSearchParams(f"没有这个地区代码：{parent_code[:20]}")
        rows = Region.objects.filter(parent=parent)
        counts = report_counts(_descendants(parent))
    else:
        parent = None
        rows = Region.objects.filter(level=Region.Level.PROVINCE)
        counts = report_counts()
    items = [
        region_item(row, counts[row.adcode], request.build_absolute_uri) for row in rows.order_by("adcode")
    ]
    return {"count": len(items), "parent": parent.adcode if parent else None, "results": items}


@api_view
def region(request, adcode: str):
    found = _find_region(adcode)
    if found is None:
        raise NotFound(f"没有这个地区代码：{adcode[:20]}")
    counts = report_counts(_descendants(found))
    children = list(Region.objects.filter(parent=found).order_by("adcode"))
    return region_detail(found, counts, children, request.build_absolute_uri)


@api_view
def reports(request):
    """Reports filtered by region (any level, descendants included), years and body; 50 a page."""
    params = SearchParams.from_query_dict(request.GET)
    sort = (request.GET.get("sort") or "").strip() or "newest"
    if sort not in REPORT_SORTS:
        raise InvalidSearchParams(f"sort 不可用：{sort[:20]}")
    rows = _filtered_reports(params)
    count = rows.count()
    num_pages = max(1, math.ceil(count / REPORTS_PER_PAGE))
    page = params.page
    shown = []
    if page <= num_pages:  # past the last page the list is empty, without a query
        ordered = rows.order_by(*_report_order(sort)).select_related("region__parent__parent")
        shown = ordered[(page - 1) * REPORTS_PER_PAGE : page * REPORTS_PER_PAGE]
    return {
        "count": count,
        "page": page,
        "num_pages": num_pages,
        "next": _page_url(request, page + 1) if page < num_pages else None,
        "previous": _page_url(request, min(page - 1, num_pages)) if page > 1 else None,
        "results": [report_summary(report, request.build_absolute_uri) for report in shown],
    }


def _filtered_reports(params: SearchParams):
    rows = Report.objects.public()
    if params.region:
        rows = rows.filter(_descendants(params.region))
    rows = rows.filed_between(params.year_from, params.year_to)
    if params.body:
        rows = rows.filter(body=params.body)
    return rows


def _report_order(sort: str) -> tuple:
    """By the year filed under (stated, else inferred), unknown last either way; the id keeps pages stable."""
    if sort == "oldest":
        return (filed_year().asc(nulls_last=True), "id")
    return (filed_year().desc(nulls_last=True), "-id")


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api_view
def report(request, report_id: int):
    found = None
    if report_id <= LARGEST_ID:  # past a bigint no row can match, and SQLite would overflow
        found = Report.objects.public().select_related("region__parent__parent").filter(pk=report_id).first()
    if found is None:
        raise NotFound(f"没有这份报告：{report_id}")
    return report_detail(found, request.build_absolute_uri)


def docs_page(request):
    """The human page: what the API offers, with example links, and the corpus download."""
    context = {
        "base": request.build_absolute_uri(get_script_prefix()).rstrip("/"),
        "bodies": Body.choices,
        "manifest": export.read_manifest(),
    }
    return render(request, "reports/api.html", context)


def schema(request):
    server = request.build_absolute_uri(get_script_prefix()).rstrip("/")
    return JsonResponse(openapi_schema(server), json_dumps_params={"ensure_ascii": False, "indent": 1})


def corpus(request):
    """The last bulk export, or a 404 that says how to make one."""
    path = export.default_corpus_path()
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return error_response("语料包尚未生成（管理员可运行 python manage.py exportcorpus）", 404)
    return FileResponse(
        stream, as_attachment=True, filename=export.CORPUS_NAME, content_type="application/gzip"
    )


def corpus_manifest(request):
    manifest = export.read_manifest()
    if manifest is None:
        return error_response("语料包尚未生成（管理员可运行 python manage.py exportcorpus）", 404)
    download = reverse("reports:corpus")
    return json_response({**manifest, "url": request.build_absolute_uri(download)})
