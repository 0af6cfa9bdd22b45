"""Public URLs of the archive."""
from django.urls import path

from reports.views import home, reading

app_name = "reports"

urlpatterns = [
    path("", home.home, name="home"),
    path("report/<int:report_id>/", reading.report_detail, name="report"),
    path("region/<str:adcode>/", reading.region_detail, name="region"),
]
