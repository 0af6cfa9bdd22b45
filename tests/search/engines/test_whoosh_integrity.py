"""Drift and damage on the whoosh index, made by hand; whoosh's clear and its searcher's reopening."""

import pytest

from reports.models import Section
from reports.search import integrity, sync
from reports.search.engines.whoosh.backend import ArchiveWhooshBackend
from reports.search.integrity import check_index, repair_index
from tests.factories import make_report
from tests.search.test_integrity import assert_damage_is_found_and_rebuilt

pytestmark = pytest.mark.engine("whoosh")


@pytest.fixture(autouse=True)
def no_recheck_delay(monkeypatch):
    monkeypatch.setattr(integrity, "RECHECK_AFTER", 0)


def repaired() -> integrity.IndexCheck:
    repair_index(check_index())
    return check_index()


def test_a_section_indexed_twice_is_stale(db):
    report = make_report(sections=[("一", "只有一节")])
    sync.index_report(report)
    backend = sync.search_backend()
    with backend._writing() as writer:  # a writer that adds without deleting first
        writer.add_document(**backend._document(sync.section_index(), report.sections.get()))
    assert check_index().stale == [report.sections.get().pk]
    assert repaired().in_sync and backend.document_count() == 1


def test_a_document_indexed_before_digests_existed_is_stale(db):
    report = make_report(sections=[("一", "旧索引里的段落")])
    backend = sync.search_backend()
    document = backend._document(sync.section_index(), report.sections.get())
    del document["digest"]
    with backend._writing() as writer:
        writer.add_document(**document)
    assert check_index().stale == [report.sections.get().pk]


def _truncate_segment(index_dir):
    segment = max(index_dir.glob("*.seg"), key=lambda path: path.stat().st_size)
    with open(segment, "r+b") as handle:
        handle.truncate(segment.stat().st_size // 2)


def _delete_segment(index_dir):
    next(index_dir.glob("*.seg")).unlink()


def _truncate_toc(index_dir):
    toc = max(index_dir.glob("_MAIN_*.toc"), key=lambda path: int(path.stem.rsplit("_", 1)[1]))
    with open(toc, "r+b") as handle:
        handle.truncate(20)


@pytest.mark.parametrize("damage", [_truncate_segment, _delete_segment, _truncate_toc])
def test_a_damaged_index_is_found_unreadable_and_rebuilt(indexed_samples, search_index_path, damage):
    assert_damage_is_found_and_rebuilt(indexed_samples, search_index_path, damage)


def test_clear_is_a_commit_in_the_same_folder(indexed_samples, search_index_path):
    inode = search_index_path.stat().st_ino
    ArchiveWhooshBackend("default", PATH=str(search_index_path)).clear()  # another process's backend
    assert search_index_path.stat().st_ino == inode
    assert (search_index_path / "MAIN_WRITELOCK").exists() and sync.search_backend().document_count() == 0


def test_the_searcher_survives_a_toc_that_vanished_between_calls(indexed_samples, monkeypatch):
    backend = sync.search_backend()
    generation = backend.index.latest_generation()
    backend.close_searcher()
    # The generation read, then its TOC replaced by a writer's commit before it could be opened:
    monkeypatch.setattr(backend.index, "latest_generation", lambda: generation - 1)
    assert backend.document_count() == Section.objects.count()
    monkeypatch.undo()
    assert backend.document_count() == Section.objects.count()
