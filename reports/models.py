"""The archive's data: regions of China, the reports delivered there, their sections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from reports.parsing.warnings import ParseWarning


class Region(models.Model):
    """An administrative division (GB/T 2260), keyed by its adcode."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "地级"
        COUNTY = "county", "县级"

    adcode = models.CharField("行政区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=64, db_index=True)
    short_name = models.CharField("简称", max_length=64, blank=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    former_names = models.CharField("曾用名", max_length=255, blank=True, help_text="以 | 分隔")

    class Meta:
        ordering = ["adcode"]
        verbose_name = verbose_name_plural = "地区"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:region", args=[self.adcode])

    def lineage(self) -> list["Region"]:
        """The region and its ancestors, province first."""
        chain = [self]
        while chain[0].parent_id:
            chain.insert(0, chain[0].parent)
        return chain

    @property
    def full_name(self) -> str:
        return "".join(region.name for region in self.lineage())


class Body(models.TextChoices):
    CPPCC = "政协常委会", "政协常委会"
    CONGRESS = "人大常委会", "人大常委会"
    GOVERNMENT = "政府", "政府"
    COURT = "法院", "法院"
    PROCURATORATE = "检察院", "检察院"


def filed_year() -> Coalesce:
    """The year a report is filed under: the year its text states, else the year inferred from it."""
    return Coalesce("year", "year_inferred")


def is_public(through: str = "") -> Q:
    """The one visibility rule: a report not held back. `through` reaches it from another model ("report__").

    Every public surface asks `Report.objects.public()` (or this rule across a relation); only staff, on a
    report's own pages and in the admin, see held reports.
    """
    return Q(**{f"{through}is_held": False})


class ReportQuerySet(models.QuerySet):
    """Browsing, search and the API all file a report under `filed_year()` and show only `public()`
    reports; these say so once."""

    def public(self) -> "ReportQuerySet":
        """The reports the public may see: every report not held back."""
        return self.filter(is_public())

    def held(self) -> "ReportQuerySet":
        return self.exclude(is_public())

    def visible_to(self, user) -> "ReportQuerySet":
        """Staff see held reports too (on a report's own pages, marked); everyone else only `public()`."""
        return self if user.is_staff else self.public()

    def filed_in(self, year: int | None) -> "ReportQuerySet":
        """Reports filed under `year`; with None, those with neither a stated nor an inferred year."""
        if year is None:
            return self.filter(year__isnull=True, year_inferred__isnull=True)
        return self.filter(Q(year=year) | Q(year__isnull=True, year_inferred=year))

    def filed_between(self, year_from: int | None, year_to: int | None) -> "ReportQuerySet":
        rows = self.alias(filed=filed_year())
        if year_from:
            rows = rows.filter(filed__gte=year_from)
        if year_to:
            rows = rows.filter(filed__lte=year_to)
        return rows


class Report(models.Model):
    region = models.ForeignKey(
        Region, verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    body = models.CharField("报告机关", max_length=10, choices=Body.choices, blank=True)
    title = models.CharField("标题", max_length=255, blank=True)
    term = models.PositiveSmallIntegerField("届", null=True, blank=True)
    session = models.PositiveSmallIntegerField("次会议", null=True, blank=True)
    delivered_on = models.DateField("报告日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True, db_index=True)
    year_source = models.CharField("年份依据", max_length=32, blank=True)
    # Only when the text states no year: worked out from the year under review, shown as 推定.
    year_inferred = models.PositiveSmallIntegerField("推定年份", null=True, blank=True)
    reviewed_year = models.PositiveSmallIntegerField("回顾年份", null=True, blank=True)
    speaker = models.CharField("报告人", max_length=64, blank=True)
    is_abstract = models.BooleanField("摘要", default=False)
    is_complete = models.BooleanField("完整", default=True)
    # Held back from every public page, the API, search, the research tools, the sitemap and exports.
    is_held = models.BooleanField("暂缓发布", default=False)

    source_newspaper = models.CharField("来源报刊", max_length=128, blank=True)
    source_page = models.CharField("版面", max_length=64, blank=True)
    published_on = models.DateField("刊发日期", null=True, blank=True)

    original_name = models.CharField("原始文件名", max_length=255, blank=True)
    original_size = models.PositiveIntegerField("原始文件大小", default=0)
    sha256 = models.CharField("原始文件 SHA-256", max_length=64, unique=True)
    text = models.TextField("清理后正文")
    warnings = models.JSONField("解析提示", default=list, blank=True)  # [{"code": …, "message": …}]

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_reports",
    )
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region_id", "body"]
        verbose_name = verbose_name_plural = "工作报告"
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self):
        return self.title or f"报告 {self.pk}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.pk])

    @property
    def filed_year(self) -> int | None:
        """As `filed_year()` in the database: the stated year, else the inferred one."""
        return self.year if self.year is not None else self.year_inferred

    @property
    def year_is_inferred(self) -> bool:
        return self.year is None and self.year_inferred is not None

    def parse_warnings(self) -> list[ParseWarning]:
        """The stored warnings with their Chinese labels (a bare string of old records is "legacy")."""
        return [ParseWarning.from_dict(item) for item in self.warnings or []]


class SectionQuerySet(models.QuerySet):
    def public(self) -> "SectionQuerySet":
        """Sections of public reports (`is_public`): what the search index holds."""
        return self.filter(is_public("report__"))


class Section(models.Model):
    """A part or numbered heading of a report with the text under it; `position` is its #s<n> anchor."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("序号")
    level = models.PositiveSmallIntegerField("层级", default=1)
    heading = models.CharField("标题", max_length=500, blank=True)
    text = models.TextField("正文")

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position"]
        verbose_name = verbose_name_plural = "章节"
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="unique_section_position"),
        ]

    def __str__(self):
        return self.heading or f"第 {self.position} 节"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"s{self.position}"


class ReportTerms(models.Model):
    """A report's word counts (from its text) and its TF-IDF vector under the archive's statistics."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, primary_key=True, related_name="terms")
    counts = models.JSONField("词频", default=dict)
    vector = models.JSONField("TF-IDF 向量", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告词项"

    def __str__(self):
        return f"报告 {self.report_id} 的词项"


class TermStatistics(models.Model):
    """In how many reports each word occurs, as of the last full build (`buildsimilar`).

    One row, replaced by each build. Words in a single report are left out: a missing word counts as in one.
    """

    reports = models.PositiveIntegerField("报告数")
    frequencies = models.JSONField("文档频率", default=dict)
    built_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "词项统计"

    def __str__(self):
        return f"{self.reports} 份报告的词项统计"


class SimilarReport(models.Model):
    """One entry of a report's most-similar list; `other` is null once that report is deleted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="similar_entries")
    other = models.ForeignKey(Report, null=True, on_delete=models.SET_NULL, related_name="+")
    rank = models.PositiveSmallIntegerField("名次")
    score = models.FloatField("相似度")
    shared_words = models.JSONField("共同特征词", default=list)

    class Meta:
        ordering = ["report", "rank"]
        verbose_name = verbose_name_plural = "相似报告"
        constraints = [models.UniqueConstraint(fields=["report", "rank"], name="unique_similar_rank")]

    def __str__(self):
        return f"报告 {self.report_id} 的第 {self.rank} 份相似报告"


class IndexBacklog(models.Model):
    """A report whose search-index update failed after its commit, retried until the index matches.

    `report_id` is a plain number, not a foreign key: the removal of a deleted report is retried too.
    """

    report_id = models.BigIntegerField("报告编号", unique=True)
    failed_at = models.DateTimeField("最近失败时间")
    attempts = models.PositiveIntegerField("失败次数", default=1)
    error = models.TextField("错误", blank=True)

    class Meta:
        ordering = ["failed_at"]
        verbose_name = verbose_name_plural = "待同步的索引"

    def __str__(self):
        return f"报告 {self.report_id} 的索引（失败 {self.attempts} 次）"
