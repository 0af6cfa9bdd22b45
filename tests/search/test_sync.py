"""Index writes after each commit, once per report and transaction; failed writes kept and retried.

That an ingest, a replacement, an edit, a deletion and rebuild_index reach the index, on every engine:
every_engine/test_engine_conformance.py."""

import logging

from django.db import transaction
from haystack import connections

from reports.ingest import ingest_bytes
from reports.models import IndexBacklog, Report
from reports.search import sync
from reports.search.query import parse_query
from reports.search.service import SearchParams, search
from tests.factories import make_report


def found(raw: str) -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=raw)).results}


def indexed(raw: str) -> set[int]:
    """The reports the index holds for `raw`, in the database or not."""
    return {match.report_id for match in sync.search_backend().exact_search(parse_query(raw))}


def test_one_reindex_is_queued_per_report_and_transaction(db, django_capture_on_commit_callbacks):
    with sync.paused():
        report = make_report()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        report.title = "改过的标题"
        report.save()
        for section in report.sections.all():
            section.save()
    assert len(callbacks) == 1


def _broken(*args, **kwargs):
    raise OSError("disk full")


def test_a_failed_index_write_is_kept_and_retried_by_the_next_one(
    db, sample_bytes, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    backend = connections["default"].get_backend()
    (first_name, first), (second_name, second) = sorted(sample_bytes.items())[:2]
    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(backend, "replace_report", _broken)
        with django_capture_on_commit_callbacks(execute=True):
            failed = ingest_bytes(first, name=first_name)
    assert failed.ok and Report.objects.filter(pk=failed.report.pk).exists()
    assert "kept for a retry" in caplog.text
    assert list(IndexBacklog.objects.values_list("report_id", "attempts")) == [(failed.report.pk, 1)]
    assert IndexBacklog.objects.get().error == "OSError: disk full"
    assert found("政协") == set()

    with django_capture_on_commit_callbacks(execute=True):
        other = ingest_bytes(second, name=second_name).report
    assert found("政协") == {failed.report.pk, other.pk}
    assert not IndexBacklog.objects.exists()


def test_another_failure_counts_one_more_attempt(db, monkeypatch):
    report = make_report()
    monkeypatch.setattr(connections["default"].get_backend(), "replace_report", _broken)
    assert sync.index_report(report) is False
    assert sync.index_report(report) is False
    assert IndexBacklog.objects.get(report_id=report.pk).attempts == 2


def test_a_failed_removal_is_retried_as_a_reindex(db, monkeypatch):
    report = make_report(sections=[("一", "将被删除的报告")])
    sync.index_report(report)
    report_id = report.pk
    with sync.paused():
        report.delete()
    with monkeypatch.context() as patch:
        patch.setattr(connections["default"].get_backend(), "remove_report", _broken)
        assert sync.unindex_report(report_id) is False
    assert indexed("删除") == {report_id}
    assert sync.index_report(make_report()) is True
    assert indexed("删除") == set() and not IndexBacklog.objects.exists()


def test_a_retry_stops_at_the_first_failure_and_keeps_the_rest(db, monkeypatch):
    reports = [make_report(), make_report(), make_report()]
    for report in reports[:2]:
        sync.record_failure(report.pk, OSError("disk full"))
    pending = sync.pending_backlog()
    monkeypatch.setattr(connections["default"].get_backend(), "replace_report", _broken)
    sync.retry_backlog(pending)
    assert sorted(IndexBacklog.objects.values_list("report_id", "attempts")) == [
        (reports[0].pk, 2),
        (reports[1].pk, 1),
    ]


def test_an_entry_changed_since_it_was_read_is_not_forgotten(db):
    sync.record_failure(41, OSError("disk full"))
    read_before = IndexBacklog.objects.get(report_id=41)
    sync.record_failure(41, TimeoutError("held too long"))  # a later commit's write failed meanwhile
    sync.forget(read_before)
    assert IndexBacklog.objects.get(report_id=41).attempts == 2
    sync.forget(IndexBacklog.objects.get(report_id=41))
    assert not IndexBacklog.objects.exists()


def test_paused_sync_queues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, sync.paused():
        make_report().save()
    assert callbacks == []
