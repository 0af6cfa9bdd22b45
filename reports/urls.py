"""Public URLs of the archive."""
from django.urls import path, re_path

from reports.api import views as api
from reports.views import browse, compare, downloads, home, reading, research, search

app_name = "reports"

urlpatterns = [
    path("", home.home, name="home"),
    path("report/<int:report_id>/", reading.report_detail, name="report"),
    path("region/<str:adcode>/", browse.region_detail, name="region"),
    # Browse and read: region and year lists, a report's other forms, the content-addressed permalink.
    path("region/", browse.region_index, name="regions"),
    path("year/", browse.year_index, name="years"),
    path("year/unknown/", browse.year_unknown, name="year_unknown"),
    path("year/<int:year>/", browse.year_detail, name="year"),
    path("report/<int:report_id>/original", downloads.original, name="report_original"),
    path("report/<int:report_id>/text", downloads.text, name="report_text"),
    path("report/<int:report_id>/json", downloads.report_json, name="report_json"),
    path("report/<int:report_id>.json", downloads.report_json),
    path("search/", search.search_page, name="search"),
    path("api/search", search.search_api, name="api_search"),
    # Research tools (reports/research): term trends over the years, keyword-in-context concordance.
    path("trends/", research.trends_page, name="trends"),
    path("kwic/", research.kwic_page, name="kwic"),
    path("api/trends", research.trends_api, name="api_trends"),
    path("api/kwic", research.kwic_api, name="api_kwic"),
    # The open API (reports/api): regions, reports, its OpenAPI schema, the bulk corpus.
    path("about/api/", api.docs_page, name="api_docs"),
    path("api/openapi.json", api.schema, name="api_schema"),
    path("api/regions", api.regions, name="api_regions"),
    path("api/regions/<str:adcode>", api.region, name="api_region"),
    path("api/reports", api.reports, name="api_reports"),
    path("api/reports/<int:report_id>", api.report, name="api_report"),
    path("downloads/corpus.jsonl.gz", api.corpus, name="corpus"),
    path("downloads/corpus.manifest.json", api.corpus_manifest, name="corpus_manifest"),
    # Two reports side by side (reports/research/compare.py).
    path("compare/", compare.compare_form, name="compare_form"),
    path("compare/<int:report_a>/<int:report_b>/", compare.compare, name="compare"),
    re_path(r"^r/(?P<prefix>[0-9a-fA-F]{12})/$", downloads.permalink, name="permalink"),
]
