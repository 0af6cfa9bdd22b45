"""URL map of the archive: public pages from the reports app, the staff admin."""
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from reports.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
]
