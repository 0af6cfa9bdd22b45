"""The staff admin: reports to review, correct, re-parse and delete; sections inline; regions read-only.

Saving and deleting here reach the search index through the signals in reports/signals.py; uploads
and re-parses go through reports/ingest.py like the `ingest` command; holding back and publishing go
through reports/publication.py.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt

from reports.admin_upload import views as upload_views
from reports.api import export
from reports.ingest import ingest_bytes
from reports.models import Region, Report, Section
from reports.originals import read_original
from reports.parsing.warnings import ParseWarning
from reports.publication import hold, publish


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """The gazetteer is loaded by `loadregions`; here it is only looked up (and searched by autocomplete)."""

    list_display = ("adcode", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "short_name", "former_names", "adcode")
    ordering = ("adcode",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def has_warning(code: str) -> Q:
    """Reports holding a warning with this code (the JSON text holds `"code": "…"`; codes never nest)."""
    return Q(warnings__icontains=f'"{code}"')


NO_YEAR = Q(year__isnull=True, year_inferred__isnull=True)  # neither stated nor inferred


def warning_item(warning: ParseWarning) -> str:
    """One warning as the editor reads it: the Chinese label in bold, the parser's message, the code."""
    if warning.label:
        return format_html("<li><strong>{}</strong>：{} <code>{}</code></li>", warning.label, warning.message,
                           warning.code)
    return format_html("<li>{} <code>{}</code></li>", warning.message, warning.code)


class ReviewFilter(admin.SimpleListFilter):
    """The review queue: reports whose metadata the parser was unsure of; warnings matched by code."""

    title = "待核对"
    parameter_name = "review"
    QUERIES = {
        "missing": ("缺少年份、地区或报告机关", NO_YEAR | Q(region__isnull=True) | Q(body="")),
        "year": ("年份未知", NO_YEAR),
        "inferred": ("年份为推定，待确认", Q(year__isnull=True, year_inferred__isnull=False)),
        "region": ("地区缺失", Q(region__isnull=True)),
        "no_region_no_year": ("既无地区也无年份", NO_YEAR & Q(region__isnull=True)),
        "ambiguous": ("地区有歧义", has_warning("region.ambiguous")),
        "body": ("报告机关未知", Q(body="")),
        "warnings": ("有解析提示", ~Q(warnings=[])),
        "clean": ("无提示、无缺项", Q(warnings=[], year__isnull=False, region__isnull=False) & ~Q(body="")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _query) in self.QUERIES.items()]

    def queryset(self, request, queryset):
        if self.value() in self.QUERIES:
            return queryset.filter(self.QUERIES[self.value()][1])
        return queryset


class ProvinceFilter(admin.SimpleListFilter):
    """A province with everything under it: adcodes share the province's first two digits."""

    title = "省份"
    parameter_name = "province"

    def lookups(self, request, model_admin):
        provinces = Region.objects.filter(level=Region.Level.PROVINCE)
        used = {code[:2] for code in Report.objects.exclude(region=None).values_list("region_id", flat=True)}
        return [(region.adcode[:2], region.name) for region in provinces if region.adcode[:2] in used]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 2:
            return queryset.filter(region__adcode__startswith=value)
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    """Public or held back, by the same rule every public page asks (`Report.objects.public()`)."""

    title = "发布状态"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("public", "已公开"), ("held", "暂缓发布")]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.public()
        if self.value() == "held":
            return queryset.held()
        return queryset


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "level", "heading", "text")
    ordering = ("position",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "id", "title_or_name", "publication", "region", "body", "year", "year_inferred", "speaker",
        "warning_count", "created_at",
    )
    list_display_links = ("id", "title_or_name")
    list_filter = (
        PublicationFilter, ReviewFilter, "region__level", ProvinceFilter, "year", "body", "is_abstract",
        "is_complete",
    )
    search_fields = ("title", "speaker", "region__name", "original_name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    actions = ("hold_back", "publish_again", "reparse", "mark_reviewed")
    inlines = (SectionInline,)
    readonly_fields = ("publication", "warnings_list", "original_link", "sha256", "original_size",
                       "uploaded_by", "created_at", "updated_at", "year_source")
    fieldsets = (
        (None, {"fields": (
            "publication", "title", "region", "body", ("term", "session"), "delivered_on",
            ("year", "year_source", "year_inferred"),
            "reviewed_year", "speaker", ("is_abstract", "is_complete"),
        )}),
        ("解析提示", {"fields": ("warnings_list",)}),
        ("来源", {"fields": ("source_newspaper", "source_page", "published_on")}),
        ("原始文件与历史", {"fields": ("original_link", "sha256", "original_size", "uploaded_by",
                                   "created_at", "updated_at")}),
        ("清理后正文", {"classes": ("collapse",), "fields": ("text",)}),
    )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        # The upload view checks CSRF itself, after installing its size limit (checking reads the body).
        upload = wrap(csrf_exempt(lambda request: upload_views.upload_view(request, self)))
        preview = wrap(lambda request, token: upload_views.preview_view(request, self, token))
        return [
            path("upload/", upload, name="reports_report_upload"),
            path("upload/<str:token>/", preview, name="reports_report_upload_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="标题", ordering="title")
    def title_or_name(self, report):
        return report.title or report.original_name or f"报告 {report.pk}"

    @admin.display(description="发布状态", ordering="is_held")
    def publication(self, report):
        if report.is_held:
            return format_html("<strong>{}</strong>", "未公开（暂缓发布）")
        return "已公开"

    @admin.display(description="提示")
    def warning_count(self, report):
        return len(report.warnings or [])

    @admin.display(description="解析提示")
    def warnings_list(self, report):
        warnings = report.parse_warnings()
        if not warnings:
            return "无"
        items = format_html_join("", "{}", ((warning_item(warning),) for warning in warnings))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="原始文件")
    def original_link(self, report):
        if not report.pk:
            return "—"
        url = reverse("reports:report_original", args=[report.pk])
        return format_html('<a href="{}">下载 {}</a>（{} 字节，保存后从未改动）', url,
                           report.original_name or "原始文件", report.original_size)

    @admin.action(description="暂缓发布（从公开页面、检索、API 和导出中撤下）", permissions=["change"])
    def hold_back(self, request, queryset):
        had_corpus = export.default_corpus_path().exists()
        held = hold(queryset)
        for report in queryset.model.objects.filter(pk__in=held):
            self.log_change(request, report, "暂缓发布")
        if not held:
            self.message_user(request, "所选报告都已是暂缓发布。")
            return
        message = f"已暂缓发布 {len(held)} 份报告。"
        if had_corpus:
            message += "已生成的语料包里有它们，已撤下；请运行 manage.py exportcorpus 重新生成。"
        self.message_user(request, message)

    @admin.action(description="发布（公开所选的暂缓发布报告）", permissions=["change"])
    def publish_again(self, request, queryset):
        published = publish(queryset)
        for report in queryset.model.objects.filter(pk__in=published):
            self.log_change(request, report, "发布")
        self.message_user(request, f"已发布 {len(published)} 份报告。" if published else "所选报告都已公开。")

    @admin.action(description="用当前解析器重新解析（手工改过的元数据会被覆盖）", permissions=["change"])
    def reparse(self, request, queryset):
        for report in queryset:
            self._reparse_one(request, report)

    def _reparse_one(self, request, report):
        try:
            data = read_original(report.sha256)
        except FileNotFoundError:
            self.message_user(request, f"报告 {report.pk}：原始文件缺失，无法重新解析。", messages.ERROR)
            return
        outcome = ingest_bytes(data, name=report.original_name or f"report-{report.pk}.txt", replace=True)
        if outcome.status != "replaced":
            self.message_user(request, f"报告 {report.pk}：重新解析失败：{outcome.error}", messages.ERROR)
            return
        self.log_change(request, outcome.report, "用当前解析器重新解析")
        self.message_user(request, f"报告 {report.pk} 已重新解析（{outcome.report.sections.count()} 节）。")

    @admin.action(description="标记为已核对（清除解析提示）", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        for report in queryset.exclude(warnings=[]):
            report.warnings = []
            report.save(update_fields=["warnings", "updated_at"])
            self.log_change(request, report, "已核对，清除解析提示")
        self.message_user(request, "已清除所选报告的解析提示。")
