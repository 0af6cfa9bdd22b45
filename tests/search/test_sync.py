"""The index follows the database: ingest, replace, admin edits and deletes, rebuild_index, failed writes."""

import logging
import threading

import pytest
from django.core.management import call_command
from django.db import transaction
from haystack import connections
from whoosh.index import LockError

from reports.ingest import import_report, ingest_bytes
from reports.models import IndexBacklog, Report, Section
from reports.parsing import parse_bytes
from reports.search import sync
from reports.search.query import parse_query
from reports.search.service import SearchParams, search
from tests.factories import make_report
from tests.reliability.processes import write_lock_held


def found(raw: str) -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=raw)).results}


def indexed(raw: str) -> set[int]:
    """The reports the index holds for `raw`, in the database or not."""
    return {match.report_id for match in sync.search_backend().exact_search(parse_query(raw))}


def test_an_ingested_report_is_searchable_at_once(db, sample_bytes, django_capture_on_commit_callbacks):
    name, data = next(iter(sample_bytes.items()))
    assert found("政协") == set()
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_bytes(data, name=name).report
    assert found("政协") == {report.pk}


def test_a_replaced_report_loses_its_old_text(db, sample_bytes, django_capture_on_commit_callbacks):
    name, data = sorted(sample_bytes.items())[2]  # the 柯城区 report
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_bytes(data, name=name).report
    assert found("柯城") == {report.pk}
    changed = data.decode("utf-8").replace("柯城", "新城").replace("各位委员", "各位委员，替换标记").encode()
    parsed = parse_bytes(changed)
    with django_capture_on_commit_callbacks(execute=True):
        import_report(parsed, parsed.to_dict(), original=changed, name=name, existing=report)
    assert found("柯城") == set()
    assert found("新城") == {report.pk}
    assert (
        search(SearchParams(q="新城")).section_count == Section.objects.filter(text__contains="新城").count()
    )


def test_a_deleted_report_is_gone(indexed_samples, django_capture_on_commit_callbacks):
    report = indexed_samples[0]
    assert report.pk in found("政协")
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert report.pk is None and len(found("政协")) == len(indexed_samples) - 1


def test_an_edited_section_is_found_by_its_new_text_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(sections=[("一", "旧的文字甲乙"), ("二", "不变的文字")])
    section = report.sections.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        section.text = "新的文字丙丁"
        section.save()
    assert found("甲乙") == set()
    assert found("丙丁") == {report.pk}
    assert found("不变") == {report.pk}


def test_a_deleted_section_is_gone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(sections=[("一", "留下的段落"), ("二", "删去的段落")])
    with django_capture_on_commit_callbacks(execute=True):
        report.sections.get(position=2).delete()
    assert found("删去") == set() and found("留下") == {report.pk}


def test_changed_metadata_reaches_the_filters(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(year=2020)
    with django_capture_on_commit_callbacks(execute=True):
        report.year = 2023
        report.save()
    assert search(SearchParams(q="协商", year_from=2023)).report_count == 1
    assert search(SearchParams(q="协商", year_to=2022)).report_count == 0


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
    sync.record_failure(41, LockError("held too long"))  # a later commit's write failed meanwhile
    sync.forget(read_before)
    assert IndexBacklog.objects.get(report_id=41).attempts == 2
    sync.forget(IndexBacklog.objects.get(report_id=41))
    assert not IndexBacklog.objects.exists()


@pytest.mark.engine("whoosh")
def test_the_sections_are_read_once_the_write_lock_is_held(db, search_index_path):
    held = []

    class Sections:
        def __iter__(self):
            held.append(write_lock_held(search_index_path))
            return iter([])

    backend = connections["default"].get_backend()
    backend.replace_report(sync.section_index(), 1, Sections())
    assert held == [True]
    assert write_lock_held(search_index_path) is False


def test_rebuild_index_restores_the_results_from_the_database(indexed_samples):
    before = search(SearchParams(q="协商"))
    call_command("clear_index", interactive=False, verbosity=0)
    assert search(SearchParams(q="协商")).report_count == 0
    call_command("rebuild_index", interactive=False, verbosity=0)
    after = search(SearchParams(q="协商"))
    assert (after.report_count, after.section_count) == (before.report_count, before.section_count) != (0, 0)


@pytest.mark.engine("whoosh")
def test_a_second_writer_waits_for_the_lock(db):
    report = make_report(sections=[("一", "等待写锁的报告")])
    backend = connections["default"].get_backend()
    backend.setup()
    writer = backend.index.writer()  # another process's writer, as whoosh sees it
    threading.Timer(0.5, writer.commit).start()
    assert sync.index_report(report) is True
    assert found("写锁") == {report.pk}


def test_unindex_report_removes_its_documents(db):
    report = make_report(sections=[("一", "将被移除的段落")])
    sync.index_report(report)
    assert found("移除") == {report.pk}
    assert sync.unindex_report(report.pk, report.sections.values_list("pk", flat=True)) is True
    assert found("移除") == set()


def test_paused_sync_queues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, sync.paused():
        make_report().save()
    assert callbacks == []
