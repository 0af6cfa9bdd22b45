"""The benchmark command: wiring through call_command (a tiny corpus in its own process), corpus logic."""

import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.benchmark import isolation
from reports.benchmark.corpus import REPORT_CHARS, County, synthetic_report
from reports.benchmark.measure import JSON_KEYS, percentile
from reports.benchmark.queries import QUERIES
from reports.parsing import parse_bytes


def test_it_measures_both_engines_on_one_tiny_corpus_exactly_and_prints_json(settings):
    out = StringIO()
    call_command("benchmark", "--reports", "3", "--repeats", "1", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result)[: len(JSON_KEYS)] == list(JSON_KEYS)
    assert result["reports"] == 3 and result["sections"] >= 3 * 5
    assert result["engine"] == settings.ARCHIVE_SEARCH_ENGINE  # the flat figures are the configured engine's
    assert set(result["engines"]) == {"whoosh", "tantivy"}
    for figures in result["engines"].values():
        assert figures["recall"] == 1.0 and figures["precision"] == 1.0
        assert figures["index_bytes"] > 0 and figures["p95_ms"] >= figures["p50_ms"] > 0
        assert 0 < figures["upload_searchable_s"] < 10
        # A fresh process answered the queries: it holds at least Django and jieba's dictionary.
        assert figures["search_process_rss_bytes"] > 50_000_000
        assert 0 <= figures["search_rss_bytes"] < figures["search_process_rss_bytes"]
        assert [row["sections"] for row in figures["queries"]] == [
            row["sections"] for row in result["queries"]
        ]
    assert len(result["queries"]) == len(QUERIES) >= 60


def test_it_prints_a_row_per_engine_and_the_scan():
    out = StringIO()
    call_command("benchmark", "--reports", "2", "--repeats", "1", "--engine", "tantivy", stdout=out)
    table = out.getvalue()
    assert "| tantivy |" in table and "| brute-force scan (in memory) |" in table
    assert "| whoosh |" not in table
    memory = table.split("| tantivy |")[1].split("|")[2]  # " growth MB (process MB) "
    assert int(memory.split("(")[1].split(" MB")[0]) > 50, memory


def test_it_refuses_an_unknown_engine():
    with pytest.raises(CommandError, match="--engine"):
        call_command("benchmark", "--reports", "2", "--engine", "lucene")


def test_it_refuses_a_corpus_of_nothing():
    with pytest.raises(CommandError):
        call_command("benchmark", "--reports", "0")


def test_a_child_refuses_settings_outside_its_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(isolation.CHILD_ENV, str(tmp_path / "elsewhere"))
    with pytest.raises(RuntimeError, match="temporary folder"):
        isolation.check_child_settings()


def test_a_synthetic_report_parses_into_a_report_of_the_right_size():
    county = County("330802", "柯城区", "衢州市")
    report = synthetic_report(random.Random(1), county, 1)  # noqa: S311
    assert REPORT_CHARS <= len(report.text) < REPORT_CHARS + 4_000
    parsed = parse_bytes(report.text.encode())
    assert parsed.year == report.year
    assert "柯城区" in (parsed.title or "") + report.text.splitlines()[0]
    assert len(parsed.sections) >= 8


def test_percentile_picks_the_nearest_rank():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile(list(range(101)), 0.95) == 95
    assert percentile([], 0.5) == 0.0
