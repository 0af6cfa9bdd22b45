"""buildcorpus carries on a stopped build, and the benchmark measures a corpus it left."""

import json
import sqlite3
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.benchmark import kept


def build(folder, *arguments) -> dict:
    out = StringIO()
    call_command("buildcorpus", "--data-dir", str(folder), *arguments, stdout=out)
    return json.loads(out.getvalue().split(": ", 1)[1])


def stored_names(folder) -> list[str]:
    with sqlite3.connect(folder / "archive.sqlite3") as database:
        return [name for (name,) in database.execute("SELECT original_name FROM reports_report ORDER BY id")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, build(folder, "--reports", "3")


def test_a_stopped_build_resumes_with_the_reports_it_lacks(tmp_path_factory, corpus):
    whole, whole_info = corpus
    folder = tmp_path_factory.mktemp("stopped")
    build(folder, "--reports", "2")
    # As a build of three stopped after its second report leaves it:
    kept.write_marker(folder, complete=False, stage="ingesting", reports=3, seed=2025, ingest_s=1.5)

    info = build(folder, "--reports", "3", "--resume")

    assert info["complete"] and info["reports"] == 3 and info["ingest_s"] > 1.5
    assert info["sections"] == whole_info["sections"]
    assert stored_names(folder) == stored_names(whole)  # the same reports, none twice
    assert kept.require_complete(folder)["complete"] is True


def test_resume_refuses_a_finished_corpus_another_size_or_no_corpus(tmp_path_factory, corpus):
    folder, _info = corpus
    with pytest.raises(CommandError, match="nothing to resume"):
        call_command("buildcorpus", "--reports", "3", "--data-dir", str(folder), "--resume")
    stopped = tmp_path_factory.mktemp("other")
    kept.write_marker(stopped, complete=False, reports=5, seed=2025)
    with pytest.raises(CommandError, match="has 5 reports of seed 2025"):
        call_command("buildcorpus", "--reports", "6", "--data-dir", str(stopped), "--resume")
    with pytest.raises(CommandError, match="no corpus to resume"):
        call_command(
            "buildcorpus", "--reports", "3", "--data-dir", str(tmp_path_factory.mktemp("empty")), "--resume"
        )


def test_the_benchmark_measures_a_kept_corpus_on_its_own_index(corpus, settings):
    folder, info = corpus
    out = StringIO()
    call_command("benchmark", "--data-dir", str(folder), "--repeats", "1", "--json", stdout=out)

    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["engine"] == settings.ARCHIVE_SEARCH_ENGINE
    assert (record["reports"], record["sections"]) == (3, info["sections"])
    assert (record["ingest_s"], record["index_s"]) == (info["ingest_s"], info["index_s"])  # not rebuilt
    assert record["recall"] == record["precision"] == 1.0
    assert record["search_probe_sections"] > 0
    assert len(stored_names(folder)) == 3  # the timed upload was removed again


def test_the_benchmark_refuses_a_folder_without_a_finished_corpus(tmp_path):
    with pytest.raises(CommandError, match="no corpus"):
        call_command("benchmark", "--data-dir", str(tmp_path))
