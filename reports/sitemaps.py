"""Sitemaps for crawlers: every public report, every region that holds one (with its ancestors), every year
one is filed under."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from reports.models import Region, Report, filed_year
from reports.views.browse import report_counts


class ReportSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8

    def items(self):
        return Report.objects.public().order_by("id").only("id", "updated_at")

    def lastmod(self, report):
        return report.updated_at


class RegionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Region.objects.filter(pk__in=list(report_counts())).order_by("adcode").only("adcode")


class YearSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        """Every year a report is filed under, stated or inferred, as the year index lists them."""
        years = Report.objects.public().order_by().values_list(filed_year(), flat=True).distinct()
        return sorted((year for year in years if year is not None), reverse=True)

    def location(self, year):
        return reverse("reports:year", args=[year])


class IndexSitemap(Sitemap):
    """The entry pages: home and the two browse indexes."""

    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["reports:home", "reports:regions", "reports:years"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": IndexSitemap, "reports": ReportSitemap, "regions": RegionSitemap, "years": YearSitemap}
