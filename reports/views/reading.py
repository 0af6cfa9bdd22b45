"""The report page: metadata, flags in words, contents, the text with anchors, hits and citations.

A held report is a 404 for the public; staff see it, marked 未公开（暂缓发布）, never cached for others.
Its neighbours, year comparisons and similar reports are public reports only, as everywhere.

Every paragraph is escaped here (`escape`) or by the search module's `highlight_html`, which escapes
everything but its own <mark> tags; nothing else is marked safe.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports import citation
from reports.models import Report, filed_year
from reports.research.compare import year_neighbours
from reports.research.similar import similar_reports
from reports.search.query import Query, parse_query
from reports.search.snippets import highlight_html

YEAR_SOURCES = {
    "delivery_date": "报告日期",
    "title": "标题中的年份",
    "published_on": "报纸刊发日期",
    "tasks_heading": "正文中的“××年工作任务”标题",
    "review_heading": "正文中的“××年工作回顾”标题（回顾年份加一）",
    "supplied": "入库人员提供",
}

_MARK_RE = re.compile("<mark>")
PAGER_FIELDS = ("id", "title", "year", "year_inferred")


@dataclass
class Paragraph:
    anchor: str
    html: SafeString


@dataclass
class ShownSection:
    anchor: str
    level: int
    heading: str
    heading_html: SafeString
    paragraphs: list[Paragraph]
    gbt: str = ""
    bibtex: str = ""


class Highlighter:
    """Escapes text and, with a query, marks its hits numbered hit-1, hit-2, … across the page."""

    def __init__(self, query: Query | None):
        self.query = query
        self.count = 0

    def __call__(self, text: str) -> SafeString:
        if self.query is None:
            return escape(text)
        return mark_safe(_MARK_RE.sub(self._numbered_mark, highlight_html(text, self.query)))  # noqa: S308

    def _numbered_mark(self, _match) -> str:
        self.count += 1
        return f'<mark id="hit-{self.count}" tabindex="-1">'


def shown_sections(report: Report, highlight: Highlighter) -> list[ShownSection]:
    sections = list(report.sections.all())
    if not sections:  # a report the parser could not split: its whole text as one unnamed part
        sections = [report.sections.model(report=report, position=0, level=1, heading="", text=report.text)]
    shown = []
    for section in sections:
        heading_html = highlight(section.heading)  # before the paragraphs: hits are numbered in page order
        lines = [line for line in section.text.splitlines() if line.strip()]
        paragraphs = [
            Paragraph(f"{section.anchor}p{number}", highlight(line)) for number, line in enumerate(lines, 1)
        ]
        shown.append(ShownSection(section.anchor, section.level, section.heading, heading_html, paragraphs))
    return shown


def neighbours(report: Report) -> tuple[Report | None, Report | None]:
    """The same region's previous and next report, ordered by year filed under (unknown first), then id."""
    if report.region_id is None:
        return None, None
    siblings = Report.objects.public().filter(region_id=report.region_id)
    siblings = siblings.alias(sort_year=Coalesce(filed_year(), 0))
    year = report.filed_year or 0
    earlier = Q(sort_year__lt=year) | Q(sort_year=year, id__lt=report.pk)
    later = Q(sort_year__gt=year) | Q(sort_year=year, id__gt=report.pk)
    previous = siblings.filter(earlier).order_by("-sort_year", "-id").only(*PAGER_FIELDS).first()
    following = siblings.filter(later).order_by("sort_year", "id").only(*PAGER_FIELDS).first()
    return previous, following


def permalink(request, report: Report) -> str:
    return request.build_absolute_uri(reverse("reports:permalink", args=[report.sha256[:12]]))


def cite(request, report: Report, sections: list[ShownSection]) -> dict:
    """The report's citations; each section gets its own in place."""
    link, today = permalink(request, report), timezone.localdate()
    cited = citation.citable_from(report)
    for section in sections:
        if section.heading:
            part = citation.for_section(cited, section.heading, section.anchor)
            section.gbt = citation.gbt7714(part, permalink=link, accessed=today)
            section.bibtex = citation.bibtex(part, permalink=link, accessed=today)
    return {
        "permalink": link,
        "gbt": citation.gbt7714(cited, permalink=link, accessed=today),
        "bibtex": citation.bibtex(cited, permalink=link, accessed=today),
    }


def report_context(request, report_id: int) -> dict:
    reports = Report.objects.visible_to(request.user).select_related("region__parent__parent")
    report = get_object_or_404(reports, pk=report_id)
    typed = request.GET.get("q", "").strip()
    query = parse_query(typed) if typed else None
    highlight = Highlighter(query if query and not query.is_empty else None)
    sections = shown_sections(report, highlight)
    previous, following = neighbours(report)
    year_earlier, year_later = year_neighbours(report)
    return {
        "report": report,
        "lineage": report.region.lineage() if report.region else [],
        "sections": sections,
        "query": typed,
        "hit_count": highlight.count,
        "year_source": YEAR_SOURCES.get(report.year_source, report.year_source),
        "previous": previous,
        "next": following,
        "year_earlier": year_earlier,
        "year_later": year_later,
        "similar": similar_reports(report),
        "cite": cite(request, report, sections),
    }


def report_detail(request, report_id: int):
    context = report_context(request, report_id)
    response = render(request, "reports/report_detail.html", context)
    return private_if_held(response, context["report"])


def private_if_held(response, *reports: Report):
    """A held report's page is for staff only: no shared cache may keep it for anyone else."""
    if any(report.is_held for report in reports):
        patch_cache_control(response, private=True, no_store=True)
    return response
