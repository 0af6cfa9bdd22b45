"""Admin edits and deletes reach the search index: each change queues one re-index of its report.

Bulk imports go through `reports.ingest.import_report`, which queues the same re-index itself
(`bulk_create` sends no signals), so a report is indexed once per transaction, not once per section.
"""

from reports.search.sync import index_report_on_commit


def report_changed(sender, instance, using, **kwargs):
    index_report_on_commit(instance.pk, using=using)


def section_changed(sender, instance, using, **kwargs):
    index_report_on_commit(instance.report_id, using=using)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from reports.models import Report, Section

    post_save.connect(report_changed, sender=Report, dispatch_uid="reports.search.report_saved")
    post_delete.connect(report_changed, sender=Report, dispatch_uid="reports.search.report_deleted")
    post_save.connect(section_changed, sender=Section, dispatch_uid="reports.search.section_saved")
    post_delete.connect(section_changed, sender=Section, dispatch_uid="reports.search.section_deleted")
