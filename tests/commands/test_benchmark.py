"""The benchmark command: wiring through call_command (a tiny corpus in its own process), corpus logic."""

import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.benchmark import isolation
from reports.benchmark.corpus import REPORT_CHARS, County, synthetic_report
from reports.benchmark.measure import CORPUS_KEYS, JSON_KEYS, engine_records, percentile
from reports.benchmark.queries import QUERIES
from reports.parsing import parse_bytes


def test_it_measures_both_engines_on_one_tiny_corpus_exactly_and_prints_a_json_line_each(settings):
    out = StringIO()
    call_command("benchmark", "--reports", "3", "--repeats", "1", "--json", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [record["engine"] for record in records][0] == settings.ARCHIVE_SEARCH_ENGINE  # configured first
    assert {record["engine"] for record in records} == {"whoosh", "tantivy"}
    for record in records:
        assert list(record)[: len(JSON_KEYS)] == list(JSON_KEYS)
        assert record["reports"] == 3 and record["sections"] >= 3 * 5
        assert record["recall"] == 1.0 and record["precision"] == 1.0
        assert record["index_bytes"] > 0 and record["p95_ms"] >= record["p50_ms"] > 0
        assert 0 < record["upload_searchable_s"] < 10
        assert record["trends_p95_ms"] >= record["trends_p50_ms"] > 0
        assert record["kwic_p95_ms"] >= record["kwic_p50_ms"] > 0
        assert record["kwic_counts_capped"] == 0  # three reports: every count is exact
        # The fresh process searched the index that was measured, not an empty one elsewhere.
        assert record["search_probe_sections"] == sum(row["sections"] for row in record["queries"])
        # A fresh process answered the queries: it holds at least Django and jieba's dictionary.
        assert record["search_process_rss_bytes"] > 50_000_000
        assert 0 <= record["search_rss_bytes"] < record["search_process_rss_bytes"]
        assert len(record["queries"]) == len(QUERIES) >= 60
    # Both engines ran the same queries on the same corpus.
    assert records[0]["sections"] == records[1]["sections"]
    first, second = ([row["sections"] for row in record["queries"]] for record in records)
    assert first == second


def test_engine_records_flatten_each_engine_with_the_corpus_figures():
    corpus = dict.fromkeys(CORPUS_KEYS, 1)
    figures = {"index_s": 2, "index_bytes": 3, "p50_ms": 4, "p95_ms": 5, "recall": 1.0, "precision": 1.0}
    result = {**corpus, "engines": {"tantivy": {**figures, "p50_ms": 6}, "whoosh": figures}}
    records = engine_records(result)
    assert [record["engine"] for record in records] == ["tantivy", "whoosh"]
    assert [record["p50_ms"] for record in records] == [6, 4]
    assert all(list(record)[: len(JSON_KEYS)] == list(JSON_KEYS) for record in records)
    assert "engines" not in records[0]


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
