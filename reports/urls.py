"""Public URLs of the archive."""
from django.urls import path, re_path

from reports.views import browse, downloads, home, reading, search

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
    re_path(r"^r/(?P<prefix>[0-9a-fA-F]{12})/$", downloads.permalink, name="permalink"),
]
