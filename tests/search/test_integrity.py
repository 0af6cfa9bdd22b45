"""Drift between database and index: found by digest, repaired from the database; `checkindex` wiring."""

import contextlib
import json

import pytest
from django.core.management import call_command
from haystack import connections

from reports.models import IndexBacklog, Section
from reports.search import integrity, sync
from reports.search.integrity import check_index, repair_index
from reports.search.query import parse_query
from reports.search_indexes import SectionIndex, document_digest
from tests.factories import make_report


@pytest.fixture(autouse=True)
def no_recheck_delay(monkeypatch):
    monkeypatch.setattr(integrity, "RECHECK_AFTER", 0)


def indexed(raw: str) -> set[int]:
    return {match.report_id for match in sync.search_backend().exact_search(parse_query(raw))}


def repaired() -> integrity.IndexCheck:
    repair_index(check_index())
    return check_index()


# --- the digest ------------------------------------------------------------------------------------


def test_the_digest_does_not_depend_on_the_order_of_the_fields():
    assert document_digest({"text": "甲", "year": 2024}) == document_digest({"year": 2024, "text": "甲"})
    assert document_digest({"text": "甲", "year": 2024}) != document_digest({"text": "甲", "year": 2023})


def test_every_indexed_value_changes_the_digest(db):
    report = make_report(sections=[("一", "正文")])
    section = Section.objects.select_related("report__region__parent__parent").get(report=report)
    digest = SectionIndex().full_prepare(section)["digest"]
    changes = [
        (section, "text", "另一段正文"),
        (section, "heading", "二"),
        (section, "position", 9),
        (section.report, "year", 2001),
        (section.report, "body", "政府"),
        (section.report, "region", None),
    ]
    for target, name, value in changes:
        original = getattr(target, name)
        setattr(target, name, value)
        assert SectionIndex().full_prepare(section)["digest"] != digest, name
        setattr(target, name, original)
    assert SectionIndex().full_prepare(section)["digest"] == digest and len(digest) == 16


# --- finding drift ---------------------------------------------------------------------------------


def test_an_index_that_follows_the_database_is_in_sync(indexed_samples):
    check = check_index()
    assert check.in_sync and check.sections == check.documents == Section.objects.count() > 0


def test_a_report_missing_from_the_index_is_found_and_reindexed(indexed_samples):
    report = indexed_samples[1]
    sync.search_backend().remove_report(report.pk)
    check = check_index()
    assert check.missing == sorted(report.sections.values_list("pk", flat=True))
    assert check.reports == [report.pk] and not check.in_sync
    assert repaired().in_sync
    assert report.pk in indexed("政协")


def test_a_section_edited_without_reaching_the_index_is_stale(db):
    report = make_report(sections=[("一", "旧的文字甲乙"), ("二", "不变的文字")])
    sync.index_report(report)
    section = report.sections.get(position=1)
    with sync.paused():
        section.text = "新的文字丙丁"
        section.save()
    check = check_index()
    assert (check.missing, check.stale, check.orphans) == ([], [section.pk], [])
    assert repaired().in_sync
    assert (indexed("甲乙"), indexed("丙丁")) == (set(), {report.pk})


def test_changed_metadata_makes_every_section_of_the_report_stale(db):
    report = make_report(year=2020)
    sync.index_report(report)
    with sync.paused():
        report.year = 2023
        report.save()
    assert check_index().stale == sorted(report.sections.values_list("pk", flat=True))


def test_a_document_whose_section_is_gone_is_an_orphan(db):
    report = make_report(sections=[("一", "留下的段落"), ("二", "删去的段落")])
    sync.index_report(report)
    gone = report.sections.get(position=2)
    gone_id = gone.pk
    with sync.paused():
        gone.delete()
    check = check_index()
    assert (check.missing, check.stale, check.orphans) == ([], [], [gone_id])
    assert repaired().in_sync
    assert indexed("删去") == set() and indexed("留下") == {report.pk}


def test_drift_gone_by_the_second_look_is_not_reported(db, monkeypatch):
    report = make_report()
    monkeypatch.setattr(integrity.time, "sleep", lambda seconds: sync.index_report(report))
    assert check_index(recheck_after=1).in_sync


def test_drift_still_there_at_the_second_look_is_reported(db, monkeypatch):
    report = make_report()
    monkeypatch.setattr(integrity.time, "sleep", lambda seconds: None)
    check = check_index(recheck_after=1)
    assert check.reports == [report.pk] and len(check.missing) == 2


# --- an unreadable index ---------------------------------------------------------------------------


def assert_damage_is_found_and_rebuilt(indexed_samples, search_index_path, damage) -> None:
    """`damage` applied to the index folder: checkindex finds it unreadable, a repair rebuilds it all."""
    connections["default"].get_backend().close_searcher()
    damage(search_index_path)
    connections.reload("default")  # a new process opening the damaged index
    check = check_index()
    assert check.unreadable and not check.in_sync
    repair = repair_index(check)
    assert repair.rebuilt and repair.reports == len(indexed_samples)
    assert check_index().in_sync
    assert indexed("政协") == {report.pk for report in indexed_samples}


# --- the backlog and the command -------------------------------------------------------------------


def test_a_repair_settles_the_backlog(indexed_samples):
    sync.record_failure(indexed_samples[0].pk, OSError("disk full"))
    check = check_index()
    assert check.in_sync and check.backlog == 1
    repair_index(check)
    assert not IndexBacklog.objects.exists()


def test_checkindex_says_in_sync(indexed_samples, capsys):
    call_command("checkindex")
    output = capsys.readouterr().out
    assert "in sync" in output and f"{Section.objects.count():,} sections in the database" in output


def test_checkindex_exits_1_on_drift_and_0_after_repair(indexed_samples, capsys):
    sync.search_backend().remove_report(indexed_samples[0].pk)
    with pytest.raises(SystemExit) as exit_status:
        call_command("checkindex")
    assert exit_status.value.code == 1
    assert "drift found" in capsys.readouterr().out
    call_command("checkindex", "--repair")
    output = capsys.readouterr().out
    assert "reports re-indexed: 1, orphans removed: 0" in output and output.rstrip().endswith("in sync")


def test_checkindex_json(indexed_samples, capsys):
    report = indexed_samples[0]
    sync.search_backend().remove_report(report.pk)
    call_command("checkindex", "--repair", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["check"]["reports"] == [report.pk] and not result["check"]["in_sync"]
    assert result["repair"]["reports"] == 1 and result["in_sync"] and result["after"]["in_sync"]


def test_checkindex_lists_reports_without_a_region_or_a_year(db, capsys):
    nowhere = make_report(None, year=None)
    filed = make_report("330802", year=2024)

    with contextlib.suppress(SystemExit):  # the reports are not indexed: drift, exit status 1
        call_command("checkindex", "--json")
    unfiled = json.loads(capsys.readouterr().out)["unfiled"]
    with contextlib.suppress(SystemExit):
        call_command("checkindex")
    output = capsys.readouterr().out

    assert unfiled == {"without_region": [nowhere.pk], "without_year": [nowhere.pk]}
    assert filed.pk not in unfiled["without_region"]
    assert f"1 reports without a region (set them in the admin's review queue): {nowhere.pk}" in output
