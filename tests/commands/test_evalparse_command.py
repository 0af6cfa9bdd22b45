"""The evalparse command: wiring through call_command, its summary, --json and bad paths."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
SAMPLES_EXPECTED = ROOT / "tests" / "data" / "samples.expected.jsonl"
SAMPLES_DIR = ROOT / "samples"


def run_evalparse(*args) -> str:
    out = StringIO()
    call_command("evalparse", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_table_and_ends_with_the_summary():
    lines = run_evalparse(str(SAMPLES_EXPECTED), str(SAMPLES_DIR)).splitlines()

    assert lines[0].split() == ["field", "right", "total", "accuracy"]
    assert "speaker            5     5  1.000" in lines
    assert lines[-4:-1] == ["fields 1.000 (45/45)", "reports accepted 5/5", "non-reports refused 0/0"]
    assert "s/page (5 pages" in lines[-1]


def test_raw_dir_defaults_to_raw_beside_the_labels(tmp_path):
    shutil.copy(SAMPLES_EXPECTED, tmp_path / "expected.jsonl")
    shutil.copytree(SAMPLES_DIR, tmp_path / "raw")

    output = run_evalparse(str(tmp_path / "expected.jsonl"))

    assert "reports accepted 5/5" in output


def test_json_prints_one_object_with_the_figures_and_misses():
    result = json.loads(run_evalparse(str(SAMPLES_EXPECTED), str(SAMPLES_DIR), "--json"))

    assert (result["field_right"], result["field_total"]) == (45, 45)
    assert result["fields"]["date"] == {"right": 5, "total": 5, "accuracy": 1.0}
    assert result["reports_accepted"]["total"] == 5
    assert result["misses"] == [] and result["pages"] == 5


def test_a_miss_is_printed_with_file_field_expected_and_got(tmp_path):
    labels = SAMPLES_EXPECTED.read_text(encoding="utf-8").replace('"speaker": "金衍光"', '"speaker": "金"')
    (tmp_path / "expected.jsonl").write_text(labels, encoding="utf-8")

    output = run_evalparse(str(tmp_path / "expected.jsonl"), str(SAMPLES_DIR))

    assert "  000_075bb3339af112e5.txt  speaker  金  金衍光" in output
    assert "fields 0.978 (44/45)" in output


def test_it_refuses_a_missing_labels_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_evalparse(str(tmp_path / "nothing.jsonl"))


def test_it_refuses_a_missing_raw_folder(tmp_path):
    shutil.copy(SAMPLES_EXPECTED, tmp_path / "expected.jsonl")

    with pytest.raises(CommandError, match="raw: no such folder"):
        run_evalparse(str(tmp_path / "expected.jsonl"))


def test_it_refuses_labels_it_cannot_read(tmp_path):
    (tmp_path / "expected.jsonl").write_text('{"file": "a.txt"}\n', encoding="utf-8")

    with pytest.raises(CommandError, match="missing is_report"):
        run_evalparse(str(tmp_path / "expected.jsonl"), str(SAMPLES_DIR))
