"""whoosh's bulk writes: parallel segments that later writes never merge, and failures that commit nothing."""

import multiprocessing
import os

import pytest
from django.core.management import call_command
from haystack.exceptions import SearchBackendError
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from reports.models import Section
from reports.search import sync
from reports.search.engines.whoosh import backend as whoosh_backend
from reports.search.engines.whoosh import writing as whoosh_writing
from reports.search.service import SearchParams, search
from tests.factories import make_report

pytestmark = pytest.mark.engine("whoosh")
several_cpus = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="whoosh writes in parallel only on 2+ CPUs"
)

QUERIES = ["协商", "民生", "委员", '"请你来协商"', "政协 -柯城", "履职 OR 提案", "不存在的词语"]


def segment_sizes(path) -> dict[str, int]:
    """Segment id → document count, as the latest commit lists them."""
    toc = TOC.read(FileStorage(str(path)), whoosh_backend.INDEX_NAME)
    return {segment.segment_id(): segment.doc_count_all() for segment in toc.segments}


def results(raw: str) -> tuple:
    found = search(SearchParams(q=raw))
    return (
        found.report_count,
        found.section_count,
        [(hit.report.pk, [(s.section_id, s.snippet_html) for s in hit.sections]) for hit in found.results],
    )


def temporary_folders(path) -> list[str]:
    return [name for name in os.listdir(path) if name.endswith(".tmp")]


@pytest.fixture
def small_bulk(monkeypatch):
    """Bulk writes from 10 sections up in jobs of 10, and segments of 5 documents or more count as bulk."""
    monkeypatch.setattr(whoosh_backend, "BULK_DOCUMENTS", 10)
    monkeypatch.setattr(whoosh_backend, "BULK_JOB_DOCUMENTS", 10)
    monkeypatch.setattr(whoosh_writing, "BULK_SEGMENT_DOCS", 5)


def test_rebuild_writes_one_segment_per_process_with_the_same_results(
    indexed_samples, small_bulk, search_index_path
):
    before = {raw: results(raw) for raw in QUERIES}
    call_command("rebuild_index", interactive=False, verbosity=0)
    sizes = segment_sizes(search_index_path)
    processes = min(os.cpu_count() or 1, whoosh_backend.BULK_PROCESSES)
    assert len(sizes) == processes
    assert sum(sizes.values()) == Section.objects.count()
    assert {raw: results(raw) for raw in QUERIES} == before
    assert before["协商"][0] > 0
    assert multiprocessing.active_children() == []
    assert temporary_folders(search_index_path) == []


def test_later_writes_merge_small_segments_and_leave_bulk_segments(
    indexed_samples, small_bulk, monkeypatch, search_index_path
):
    monkeypatch.setattr(whoosh_writing, "BULK_SEGMENT_DOCS", 10)  # every bulk segment is a job or more
    call_command("rebuild_index", interactive=False, verbosity=0)
    bulk = segment_sizes(search_index_path)
    reports = []
    for number in range(12):
        reports.append(make_report(sections=[("一", f"后来的报告第{number}号")]))
        assert sync.index_report(reports[-1]) is True
        sizes = segment_sizes(search_index_path)
        assert bulk.items() <= sizes.items()
        assert len([size for size in sizes.values() if size < 10]) <= 5  # MERGE_SMALL merges the small ones
    assert len(sizes) < len(bulk) + 12
    assert {hit.report.pk for hit in search(SearchParams(q="后来的报告")).results} == {r.pk for r in reports}


def indexed_report(text: str, path):
    """A one-section report indexed the usual way: (report, backend, segments now, its document)."""
    report = make_report(sections=[("一", text)])
    assert sync.index_report(report) is True
    backend = sync.search_backend()
    return (
        report,
        backend,
        segment_sizes(path),
        backend._document(sync.section_index(), report.sections.get()),
    )


@several_cpus
def test_a_writer_process_that_fails_commits_nothing(db, search_index_path):
    report, backend, before, document = indexed_report("已经提交的段落", search_index_path)
    with (
        pytest.raises(SearchBackendError, match=r"produced \d+ of 121 documents"),
        backend._write_lock(),
        backend._writer(parallel=True) as writer,
    ):
        for number in range(120):
            writer.add_document(**{**document, "django_id": str(10_000 + number)})
        writer.add_document(no_such_field="the writer process raises on this one")
    assert segment_sizes(search_index_path) == before
    assert multiprocessing.active_children() == []
    assert temporary_folders(search_index_path) == []
    assert {hit.report.pk for hit in search(SearchParams(q="已经提交")).results} == {report.pk}


@several_cpus
def test_a_parallel_write_that_raises_stops_its_processes(db, search_index_path):
    report, backend, before, document = indexed_report("取消之前的段落", search_index_path)
    with (
        pytest.raises(RuntimeError, match="stopped"),
        backend._write_lock(),
        backend._writer(parallel=True) as writer,
    ):
        for number in range(500):  # several job files: the processes are running
            writer.add_document(**{**document, "django_id": str(20_000 + number)})
        raise RuntimeError("stopped")
    assert segment_sizes(search_index_path) == before
    assert multiprocessing.active_children() == []
    assert temporary_folders(search_index_path) == []
    assert {hit.report.pk for hit in search(SearchParams(q="取消之前")).results} == {report.pk}
