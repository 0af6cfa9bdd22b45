"""Public URLs of the archive."""
from django.urls import path

from reports.views import home

app_name = "reports"

urlpatterns = [
    path("", home.home, name="home"),
]
