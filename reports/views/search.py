"""The search page and its JSON twin; both hand the parameters to the search service."""

from django.http import JsonResponse
from django.shortcuts import render

from reports.models import Body
from reports.search.service import REPORTS_PER_PAGE, InvalidSearchParams, SearchParams, SearchResults, search

YEAR_BAR_WIDTH = 240


def search_page(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
    except InvalidSearchParams as error:
        context = {"error": str(error), "bodies": Body.choices, "q": request.GET.get("q", "")}
        return render(request, "reports/search.html", context, status=400)
    results = search(params)
    context = {
        "params": params,
        "results": results,
        "q": params.q,
        "bodies": Body.choices,
        "year_bars": year_bars(results),
        "first_number": (results.page - 1) * REPORTS_PER_PAGE + 1,
    }
    return render(request, "reports/search.html", context)


def search_api(request):
    try:
        params = SearchParams.from_query_dict(request.GET)
    except InvalidSearchParams as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(results_json(request, search(params)), json_dumps_params={"ensure_ascii": False})


def year_bars(results: SearchResults) -> list[dict]:
    """Hits per year as bar widths in pixels, oldest year first."""
    counts = results.facets["year"]
    if not counts:
        return []
    most = max(counts.values())
    return [
        {"year": year, "count": count, "width": max(2, round(YEAR_BAR_WIDTH * count / most))}
        for year, count in sorted(counts.items())
    ]


def results_json(request, results: SearchResults) -> dict:
    return {
        "count": results.report_count,
        "sections": results.section_count,
        "page": results.page,
        "num_pages": results.num_pages,
        "truncated": results.truncated,
        "facets": {
            "year": {str(year): count for year, count in sorted(results.facets["year"].items())},
            "region": {region.adcode: count for region, count in results.facets["region"]},
        },
        "results": [hit_json(request, hit) for hit in results.results],
    }


def hit_json(request, hit) -> dict:
    report = hit.report
    return {
        "report": {
            "id": report.pk,
            "url": request.build_absolute_uri(report.get_absolute_url()),
            "title": report.title,
            "region": report.region.full_name if report.region else None,
            "adcode": report.region_id,
            "year": report.year,
            "year_inferred": report.year_inferred,
            "body": report.body or None,
        },
        "sections": [
            {
                "id": section.section_id,
                "heading": section.heading,
                "url": request.build_absolute_uri(section.url),
                "snippet_html": section.snippet_html,
            }
            for section in hit.sections
        ],
    }
