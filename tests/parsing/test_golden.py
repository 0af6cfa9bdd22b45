"""Every input with a golden file parses exactly as recorded (UPDATE_GOLDEN=1 rewrites them)."""

import json
import os

import pytest

from tests.parsing.golden import expected_files, input_for, record_for, render


@pytest.mark.parametrize("expected", expected_files(), ids=lambda path: path.name.split(".")[0])
def test_it_matches_the_golden_file(expected):
    record = record_for(input_for(expected))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(render(record), encoding="utf-8")
    assert record == json.loads(expected.read_text(encoding="utf-8"))


def test_the_golden_folder_covers_every_sample():
    names = {path.name.split(".")[0] for path in expected_files()}
    assert {"000_075bb3339af112e5", "004_4526f7b01d67e9ca"} <= names
    assert len(names) >= 8
