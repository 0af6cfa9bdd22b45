"""What goes into the search index: one document per Section, defined here and nowhere else.

Each engine (`reports.search.engines`) sets its own field types and analysis: `text` holds character
bigrams (exact matching), `words` jieba words (ranking), both of heading + text.
A report is indexed under the year it is filed under (`Report.filed_year`: the year its text states,
else the one inferred from the year under review), as browsing files it. Without either it gets year 0
(NUMERIC fields cannot be empty in whoosh columns), so it never falls inside a year range and is left
out of the year facet.

Only public reports are indexed (`Section.objects.public()`): a held report has no document, so it is
never found and never counted in a facet; holding it re-indexes it, which removes its documents.

Each document carries `digest`, a short hash of every other field it holds: `checkindex` compares it
with the digest of the section as stored now to find documents that are stale.
"""

import hashlib
import json

from haystack import indexes

from reports.models import Report, Section

UNKNOWN_YEAR = 0


def section_document_text(section: Section) -> str:
    """The searchable text of a section: its heading, then its text (what snippets are made from)."""
    return f"{section.heading}\n{section.text}" if section.heading else section.text


def region_lineage_adcodes(report: Report) -> list[str]:
    """Adcodes of the report's region and its ancestors, province first; [] without a region.

    Walks `parent` objects, so with `select_related("report__region__parent__parent")` it costs no query.
    """
    adcodes, region = [], report.region
    while region is not None:
        adcodes.insert(0, region.adcode)
        region = region.parent if region.parent_id else None
    return adcodes


def document_digest(values: dict) -> str:
    """A short hash of a document's field values (JSON-serialisable), independent of their order."""
    canonical = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


class SectionIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    words = indexes.CharField()
    report_id = indexes.IntegerField(model_attr="report_id")
    year = indexes.IntegerField()
    body = indexes.CharField()
    regions = indexes.MultiValueField()
    position = indexes.IntegerField(model_attr="position")
    digest = indexes.CharField()

    def get_model(self):
        return Section

    def index_queryset(self, using=None):
        return Section.objects.public().select_related("report__region__parent__parent").order_by("pk")

    def prepare(self, section: Section) -> dict:
        """haystack's prepare, plus the digest of every field this index defines."""
        document = super().prepare(section)
        document["digest"] = document_digest(
            {name: document[name] for name in self.fields if name != "digest"}
        )
        return document

    def prepare_text(self, section: Section) -> str:
        return section_document_text(section)

    def prepare_words(self, section: Section) -> str:
        return section_document_text(section)

    def prepare_year(self, section: Section) -> int:
        return section.report.filed_year or UNKNOWN_YEAR

    def prepare_body(self, section: Section) -> str:
        return section.report.body

    def prepare_regions(self, section: Section) -> list[str]:
        return region_lineage_adcodes(section.report)
