"""Golden files: tests/data/reports/NAME.expected.json is what parse_bytes makes of NAME's input.

The input is tests/data/reports/NAME.txt (or .html) when present, else samples/NAME.txt — the
five real newspaper samples stay where they are. Refusals are recorded too, as
{"is_report": false, "error": …}.
"""

import json
from pathlib import Path
from typing import Any

from reports.parsing import NotAReportError, ParseError, parse_bytes

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "tests" / "data" / "reports"
SAMPLES_DIR = ROOT / "samples"
INPUT_SUFFIXES = (".txt", ".html")
# The labelled development set stays in ../shared/ (never copied here); its golden files are ours.
REALPAGES_RAW = ROOT / ".." / "shared" / "realpages" / "raw"
REALPAGES_GOLDEN_DIR = ROOT / "tests" / "data" / "realpages"


def realpages_expected_files() -> list[Path]:
    return sorted(REALPAGES_GOLDEN_DIR.glob("*.expected.json"))


def write_realpage_expected(input_path: Path) -> Path:
    expected = REALPAGES_GOLDEN_DIR / f"{input_path.stem}.expected.json"
    expected.write_text(render(record_for(input_path)), encoding="utf-8")
    return expected


def expected_files() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*.expected.json"))


def input_for(expected: Path) -> Path:
    name = expected.name.removesuffix(".expected.json")
    for folder in (GOLDEN_DIR, SAMPLES_DIR):
        for suffix in INPUT_SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.exists():
                return candidate
    raise FileNotFoundError(f"no input for {expected.name} in {GOLDEN_DIR} or {SAMPLES_DIR}")


def record_for(path: Path) -> dict[str, Any]:
    try:
        return parse_bytes(path.read_bytes()).to_dict()
    except NotAReportError as error:
        return {"is_report": False, "error": str(error), "code": error.code}
    except ParseError as error:
        return {"is_report": None, "error": str(error)}


def render(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def write_expected(input_path: Path) -> Path:
    stem = input_path.name.rsplit(".", 1)[0]
    expected = GOLDEN_DIR / f"{stem}.expected.json"
    expected.write_text(render(record_for(input_path)), encoding="utf-8")
    return expected
