"""Downloads of the research tools, made line by line: CSV that spreadsheets open correctly, JSON lines."""

import csv
import json
from collections.abc import Iterable, Iterator, Sequence

# Excel takes a CSV file for the local code page unless it starts with a byte order mark.
BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object whose `write` hands the line back, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def spreadsheet_cell(value):
    """A CSV cell: None as empty, text that a spreadsheet would run as a formula kept as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Sequence]) -> Iterator[str]:
    """Each row as one CSV line (CRLF, as Excel writes them), the first preceded by a BOM."""
    writer = csv.writer(_Line())
    yield BOM
    for row in rows:
        yield writer.writerow([spreadsheet_cell(value) for value in row])


def jsonl_lines(objects: Iterable[dict]) -> Iterator[str]:
    """Each object as one line of JSON, Chinese kept as characters."""
    for value in objects:
        yield json.dumps(value, ensure_ascii=False) + "\n"
