"""Drift and damage on the tantivy index, made by hand: the same checks and repairs as on whoosh."""

import pytest

from reports.search import integrity, sync
from reports.search.engines.tantivy.documents import add_documents
from reports.search.integrity import check_index, repair_index
from tests.factories import make_report
from tests.search.test_integrity import assert_damage_is_found_and_rebuilt

pytestmark = pytest.mark.engine("tantivy")


@pytest.fixture(autouse=True)
def no_recheck_delay(monkeypatch):
    monkeypatch.setattr(integrity, "RECHECK_AFTER", 0)


def test_a_section_indexed_twice_is_stale_and_repaired(db):
    report = make_report(sections=[("一", "只有一节")])
    sync.index_report(report)
    backend = sync.search_backend()
    with backend._writer() as writer:  # a writer that adds without deleting first
        add_documents(writer, [sync.section_index().full_prepare(report.sections.get())])
    assert check_index().stale == [report.sections.get().pk]
    repair_index(check_index())
    assert check_index().in_sync and backend.document_count() == 1


def test_a_document_without_a_digest_is_stale(db):
    report = make_report(sections=[("一", "旧索引里的段落")])
    prepared = sync.section_index().full_prepare(report.sections.get())
    del prepared["digest"]
    with sync.search_backend()._writer() as writer:
        add_documents(writer, [prepared])
    assert check_index().stale == [report.sections.get().pk]


def _delete_segment_file(index_dir):
    next(index_dir.glob("*.idx")).unlink()


def _truncate_segment_file(index_dir):
    term = max(index_dir.glob("*.term"), key=lambda path: path.stat().st_size)
    with open(term, "r+b") as handle:
        handle.truncate(term.stat().st_size // 2)


def _damage_meta(index_dir):
    (index_dir / "meta.json").write_text('{"segments": [')


@pytest.mark.parametrize("damage", [_delete_segment_file, _truncate_segment_file, _damage_meta])
def test_a_damaged_index_is_found_unreadable_and_rebuilt(indexed_samples, search_index_path, damage):
    assert_damage_is_found_and_rebuilt(indexed_samples, search_index_path, damage)
