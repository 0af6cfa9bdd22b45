"""Parse accuracy against labelled pages: each file is parsed as ingest parses it, nine fields compared.

    evaluate(expected_path, raw_dir=None) -> Evaluation

No Django here, so the figures can be measured (and floored in tests) without settings or a database.
"""

import json
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.parsing import NotAReportError, ParseError, parse_bytes

FIELDS = ("body", "province", "prefecture", "county", "term", "session", "date", "year", "speaker")
# Scored beside the nine, on the labels that carry them; not part of the overall field accuracy.
EXTRA_FIELDS = ("is_abstract", "first_section")
REQUIRED_KEYS = ("file", "is_report", *FIELDS)
INT_FIELDS = frozenset({"term", "session", "year"})


class EvaluationError(ValueError):
    """The labels cannot be read, or a labelled file is missing; the message names the place."""


@dataclass
class Score:
    right: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.right += hit

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"right": self.right, "total": self.total, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Outcome:
    """What the parser made of one file: a record, a refusal (NotAReportError) or a failure."""

    file: str
    record: dict[str, Any] | None
    refusal_code: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.record is not None

    @property
    def refused(self) -> bool:
        return self.refusal_code is not None

    @property
    def failed(self) -> bool:
        return not self.accepted and not self.refused

    @property
    def title(self) -> str | None:
        return self.record.get("title") if self.record else None

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "title": self.title, "code": self.refusal_code, "error": self.error}


@dataclass(frozen=True)
class Miss:
    file: str
    field: str
    expected: Any
    got: Any


@dataclass
class Evaluation:
    """Figures over the labelled files. Field scores count expected reports only; a report the
    parser did not accept scores a miss on every field (it is listed once, in `refused_reports`
    or `failures`, rather than nine times in `misses`)."""

    fields: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    extras: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in EXTRA_FIELDS})
    reports_accepted: Score = field(default_factory=Score)
    non_reports_refused: Score = field(default_factory=Score)
    misses: list[Miss] = field(default_factory=list)
    refused_reports: list[Outcome] = field(default_factory=list)
    accepted_non_reports: list[Outcome] = field(default_factory=list)
    # Any other ParseError: neither accepted nor refused as "not a report", whatever the label.
    failures: list[Outcome] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    @property
    def field_right(self) -> int:
        return sum(score.right for score in self.fields.values())

    @property
    def field_total(self) -> int:
        return sum(score.total for score in self.fields.values())

    @property
    def field_accuracy(self) -> float | None:
        return self.field_right / self.field_total if self.field_total else None

    @property
    def seconds_per_page(self) -> float | None:
        return self.seconds / self.pages if self.pages else None

    def add(self, label: dict[str, Any], outcome: Outcome) -> None:
        self.pages += 1
        self.seconds += outcome.seconds
        if outcome.failed:
            self.failures.append(outcome)
        if label["is_report"]:
            self._add_report(label, outcome)
        else:
            self.non_reports_refused.add(outcome.refused)
            if outcome.accepted:
                self.accepted_non_reports.append(outcome)

    def _add_report(self, label: dict[str, Any], outcome: Outcome) -> None:
        self.reports_accepted.add(outcome.accepted)
        if outcome.refused:
            self.refused_reports.append(outcome)
        self._score(label, outcome, FIELDS, self.fields)
        labelled_extras = tuple(name for name in EXTRA_FIELDS if name in label)
        self._score(label, outcome, labelled_extras, self.extras)

    def _score(
        self, label: dict[str, Any], outcome: Outcome, names: tuple[str, ...], scores: dict[str, Score]
    ) -> None:
        for name in names:
            if not outcome.accepted:
                scores[name].add(False)
                continue
            got = parsed_value(outcome.record, name)
            hit = same(name, label[name], got)
            scores[name].add(hit)
            if not hit:
                self.misses.append(Miss(outcome.file, name, label[name], got))

    def as_dict(self) -> dict[str, Any]:
        return {
            "field_accuracy": self.field_accuracy,
            "field_right": self.field_right,
            "field_total": self.field_total,
            "fields": {name: score.as_dict() for name, score in self.fields.items()},
            "extras": {name: score.as_dict() for name, score in self.extras.items()},
            "reports_accepted": self.reports_accepted.as_dict(),
            "non_reports_refused": self.non_reports_refused.as_dict(),
            "pages": self.pages,
            "seconds": self.seconds,
            "seconds_per_page": self.seconds_per_page,
            "misses": [vars(miss) for miss in self.misses],
            "refused_reports": [outcome.as_dict() for outcome in self.refused_reports],
            "accepted_non_reports": [outcome.as_dict() for outcome in self.accepted_non_reports],
            "failures": [outcome.as_dict() for outcome in self.failures],
        }


def evaluate(expected_path: Path | str, raw_dir: Path | str | None = None) -> Evaluation:
    """Parse every labelled file in `raw_dir` (default: `raw/` beside the labels) and score it."""
    expected_path = Path(expected_path)
    raw_dir = Path(raw_dir) if raw_dir is not None else expected_path.parent / "raw"
    labels = read_labels(expected_path)
    evaluation = Evaluation()
    for label in labels:
        evaluation.add(label, parse_file(raw_dir / label["file"]))
    return evaluation


def read_labels(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"{path}: cannot read the labels ({error})") from error
    labels = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            labels.append(read_label(line, f"{path}:{number}"))
    return labels


def read_label(line: str, place: str) -> dict[str, Any]:
    try:
        label = json.loads(line)
    except json.JSONDecodeError as error:
        raise EvaluationError(f"{place}: not JSON ({error})") from error
    if not isinstance(label, dict):
        raise EvaluationError(f"{place}: a label must be a JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in label]
    if missing:
        raise EvaluationError(f"{place}: missing {', '.join(missing)}")
    return label


def parse_file(path: Path) -> Outcome:
    """Parse as ingest does: parse_bytes, then the ingest record; only ParseError is caught."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EvaluationError(f"{path}: cannot read the labelled file ({error})") from error
    started = time.perf_counter()
    try:
        record = parse_bytes(data).to_dict()
    except NotAReportError as error:
        return Outcome(path.name, None, refusal_code=error.code, error=str(error), seconds=_since(started))
    except ParseError as error:
        return Outcome(path.name, None, error=f"{type(error).__name__}: {error}", seconds=_since(started))
    return Outcome(path.name, record, seconds=_since(started))


def _since(started: float) -> float:
    return time.perf_counter() - started


def parsed_value(record: dict[str, Any], name: str) -> Any:
    if name == "first_section":
        return first_section(record)
    return record.get(name)


def first_section(record: dict[str, Any]) -> str | None:
    """The heading of the first top-level section; level 0 is the preamble before any heading."""
    for section in record.get("sections", []):
        if section["level"] >= 1:
            return section["heading"]
    return None


def same(name: str, expected: Any, got: Any) -> bool:
    return normalise(name, expected) == normalise(name, got)


def normalise(name: str, value: Any) -> Any:
    """Strings stripped (blank is None); a term, session or year written in digits is an int.

    NFKC folds full- and half-width forms: pages and labels write "," where the parser writes "，".
    """
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", value).strip() or None
    if name in INT_FIELDS and value is not None and value.isdecimal():
        return int(value)
    return value


def text_lines(evaluation: Evaluation) -> list[str]:
    """The figures table, every miss, then the summary as the last four lines."""
    return [*table_lines(evaluation), "", *miss_lines(evaluation), "", *summary_lines(evaluation)]


def table_lines(evaluation: Evaluation) -> list[str]:
    lines = [f"{'field':<14}{'right':>6}{'total':>6}  accuracy"]
    for name, score in evaluation.fields.items():
        lines.append(_score_row(name, score))
    lines.append("-" * 34)
    for name, score in evaluation.extras.items():
        lines.append(_score_row(name, score))
    return lines


def _score_row(name: str, score: Score) -> str:
    return f"{name:<14}{score.right:>6}{score.total:>6}  {_ratio(score.accuracy)}"


def miss_lines(evaluation: Evaluation) -> list[str]:
    lines = [f"misses ({len(evaluation.misses)}): file  field  expected  got"]
    lines += [
        f"  {miss.file}  {miss.field}  {_shown(miss.expected)}  {_shown(miss.got)}"
        for miss in evaluation.misses
    ]
    lines.append(f"refused reports ({len(evaluation.refused_reports)}), every field a miss:")
    lines += [
        f"  {outcome.file}  {outcome.refusal_code}  {outcome.error}" for outcome in evaluation.refused_reports
    ]
    lines.append(f"accepted non-reports ({len(evaluation.accepted_non_reports)}):")
    lines += [f"  {outcome.file}  {_shown(outcome.title)}" for outcome in evaluation.accepted_non_reports]
    lines.append(f"failures ({len(evaluation.failures)}):")
    lines += [f"  {outcome.file}  {outcome.error}" for outcome in evaluation.failures]
    return lines


def summary_lines(evaluation: Evaluation) -> list[str]:
    accepted, refused = evaluation.reports_accepted, evaluation.non_reports_refused
    per_page = evaluation.seconds_per_page
    speed = f"{per_page:.3f} s/page" if per_page is not None else "- s/page"
    return [
        f"fields {_ratio(evaluation.field_accuracy)} ({evaluation.field_right}/{evaluation.field_total})",
        f"reports accepted {accepted.right}/{accepted.total}",
        f"non-reports refused {refused.right}/{refused.total}",
        f"{speed} ({evaluation.pages} pages, {evaluation.seconds:.2f} s)",
    ]


def _ratio(accuracy: float | None) -> str:
    return "-" if accuracy is None else f"{accuracy:.3f}"


def _shown(value: Any) -> str:
    return "None" if value is None else str(value)
