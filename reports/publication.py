"""Holding reports back from the public and publishing them again: the admin's two actions and `ingest
--hold` of a stored report come here, so the search index, the similar-reports lists and the corpus
download follow every change of `Report.is_held`.

What the public may see is decided in one place, `Report.objects.public()`; this module only changes
the flag. A new report is published unless it is imported held (`import_report(..., hold=True)`).
"""

from django.db import transaction
from django.utils import timezone

from reports.api import export
from reports.models import Report, ReportQuerySet
from reports.research import similar
from reports.search.sync import index_report_on_commit


def hold(reports: ReportQuerySet) -> list[int]:
    """Hold back the public ones among `reports`; their ids.

    Once committed they leave the search index and every similar-reports list, and the last corpus
    export, which holds them, is withdrawn until `exportcorpus` writes a new one.
    """
    held = _set_held(reports.public(), held=True)
    if held:
        transaction.on_commit(export.withdraw_corpus)
    return held


def publish(reports: ReportQuerySet) -> list[int]:
    """Publish the held ones among `reports`; their ids. They are indexed again once committed (the
    corpus download has them from the next `exportcorpus`)."""
    return _set_held(reports.held(), held=False)


def _set_held(reports: ReportQuerySet, *, held: bool) -> list[int]:
    # Deferred: the lists of many reports changed at once are refreshed together, after the commit.
    with similar.deferred(), transaction.atomic():
        report_ids = list(reports.order_by("pk").values_list("pk", flat=True))
        Report.objects.filter(pk__in=report_ids).update(is_held=held, updated_at=timezone.now())
        for report_id in report_ids:  # `update` sends no signals: queue what an edit would
            index_report_on_commit(report_id)
    return report_ids
