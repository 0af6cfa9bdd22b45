"""Every page of the labelled development set (read from ../shared/realpages/, never copied here)
parses exactly as its golden file in tests/data/realpages/ records: title, sections, warnings and all,
beyond the nine fields evalparse scores. `python -m tests.parsing.regenerate` rewrites them."""

import json
import os

import pytest

from tests.parsing.golden import REALPAGES_RAW, realpages_expected_files, record_for


def _shared_or_skip() -> None:
    if REALPAGES_RAW.is_dir():
        return
    reason = f"{REALPAGES_RAW} is absent: the development set lives in ../shared/"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.mark.parametrize("expected", realpages_expected_files(), ids=lambda path: path.name.split(".")[0])
def test_the_real_page_parses_as_its_golden_file(expected):
    _shared_or_skip()
    raw = REALPAGES_RAW / expected.name.replace(".expected.json", ".txt")
    assert record_for(raw) == json.loads(expected.read_text(encoding="utf-8"))


def test_every_real_page_has_a_golden_file():
    _shared_or_skip()
    pages = {path.stem for path in REALPAGES_RAW.glob("*.txt")}
    assert pages == {path.name.split(".")[0] for path in realpages_expected_files()}
