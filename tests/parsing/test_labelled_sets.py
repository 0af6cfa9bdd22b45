"""The project's own labelled sets (tests/data/labelled/setN/: pages written for testing in the shapes
real pages take — portals, e-papers, aggregators, no line breaks, traditional script — across
provinces and all five bodies, with look-alike non-reports) hold their figures. Same schema and
labelling conventions as ../shared/realpages/."""

from pathlib import Path

import pytest

from reports.evaluation import evaluate

LABELLED = Path(__file__).resolve().parents[1] / "data" / "labelled"
# Floors only go up: raise them in the commit that improves the parser.
FLOORS = {"fields": 1.0, "accepted": 1.0, "refused": 1.0}


@pytest.mark.parametrize("folder", sorted(LABELLED.iterdir()), ids=lambda path: path.name)
def test_a_labelled_set_holds_its_floors(folder):
    evaluation = evaluate(folder / "expected.jsonl", folder / "raw")
    misses = [f"{miss.file} {miss.field}: {miss.expected!r} != {miss.got!r}" for miss in evaluation.misses]
    assert evaluation.field_accuracy >= FLOORS["fields"], misses
    assert evaluation.reports_accepted.accuracy >= FLOORS["accepted"], misses
    assert evaluation.non_reports_refused.accuracy >= FLOORS["refused"], misses
