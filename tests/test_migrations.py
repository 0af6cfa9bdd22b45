"""The data migrations of the warning codes and the inferred years, tested through their functions."""

from importlib import import_module

import pytest
from django.apps import apps

from reports.models import Report
from tests.factories import make_report

year_inferred = import_module("reports.migrations.0004_report_year_inferred")
warning_codes = import_module("reports.migrations.0005_warning_codes")


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("year unknown: no delivery date, publish date or dated heading", "year.missing"),
        ("region ambiguous: could be 鼓楼区 (福州市), 鼓楼区 (南京市)", "region.ambiguous"),
        ("region unknown: no place name in the title, delivery line or speaker line", "region.unresolved"),
        ("reviewed year: a five-year report reviews the whole term", "reviewed_year.five_years"),
        ("reviewed year unknown: no review heading", "reviewed_year.missing"),
        ("incomplete: the text starts at a 上接…版 continuation", "text.starts_missing"),
        ("incomplete: the text goes on at a 下转…版 page that is not here", "text.ends_missing"),
        ("short text (312 characters): parsed as a fragment of a report", "text.short"),
        ("ignored 2025-06-01: an e-paper reader's date of viewing", "date.reader_date_ignored"),
        ("publish date: the page gives only 03-02; year 2024 from …", "date.publish_partial"),
        ("publish date 2024-03-01 disagrees with the report's headings; …", "year.conflict"),
        ("delivery date: the year-less 3月5日 is put in 2024 (the report's headings), …", "date.year_less"),
        ("delivery date 3月5日 has no year and no publish date", "date.missing"),
        ("year 2024 from the publish date alone (no dated heading)", "year.from_publish_stamp"),
        ("year 2020 supplied by the person ingesting", "year.supplied"),
        ("region 浙江省杭州市西湖区 supplied by the person ingesting", "region.supplied"),
        ("region 330106 is not in the region table (run loadregions)", "region.not_loaded"),
        ("something no parser ever said", "legacy"),
    ],
)
def test_an_old_message_gets_its_code(message, code):
    assert warning_codes.warning_code(message) == code


def test_strings_become_dicts_and_dicts_stay_as_they_are():
    coded = {"code": "region.ambiguous", "message": "region ambiguous: could be A or B"}

    converted = warning_codes.coded_warnings(["title not found", coded])

    assert converted == [{"code": "title.missing", "message": "title not found"}, coded]


def test_no_warnings_stay_none():
    assert warning_codes.coded_warnings(None) == []


def test_stored_string_warnings_are_converted(db):
    old = make_report(warnings=["speaker unknown: no speaker line under the title"])
    clean = make_report(warnings=[])

    warning_codes.code_stored_warnings(apps, None)

    old.refresh_from_db()
    clean.refresh_from_db()
    assert old.warnings == [
        {"code": "speaker.missing", "message": "speaker unknown: no speaker line under the title"}
    ]
    assert clean.warnings == []


def test_a_year_from_a_heading_moves_to_year_inferred_and_back(db):
    heading = make_report(year=2024, year_source="tasks_heading")
    dated = make_report(year=2023, year_source="delivery_date")

    year_inferred.move_inferred_years(apps, None)

    moved, kept = Report.objects.get(pk=heading.pk), Report.objects.get(pk=dated.pk)
    assert (moved.year, moved.year_inferred, moved.year_source) == (None, 2024, "tasks_heading")
    assert (kept.year, kept.year_inferred) == (2023, None)

    year_inferred.restore_inferred_years(apps, None)

    assert Report.objects.get(pk=heading.pk).year == 2024
