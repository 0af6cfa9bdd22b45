"""The home page: what the archive holds and where to start."""
from django.shortcuts import render


def home(request):
    return render(request, "reports/home.html", {})
