"""The work-report parser: bytes or text in, a ParsedReport out. No Django here.

    parse_bytes(data) / parse_report(text) -> ParsedReport

Only ParseError and its subclasses (EmptyInputError, BinaryInputError, UndecodableError,
NotAReportError) are raised.
"""

from reports.parsing.errors import (
    BinaryInputError,
    EmptyInputError,
    NotAReportError,
    ParseError,
    UndecodableError,
)
from reports.parsing.model import ParsedReport, ParsedSection, Region, Source
from reports.parsing.pipeline import parse_bytes, parse_report

__all__ = [
    "BinaryInputError",
    "EmptyInputError",
    "NotAReportError",
    "ParseError",
    "ParsedReport",
    "ParsedSection",
    "Region",
    "Source",
    "UndecodableError",
    "parse_bytes",
    "parse_report",
]
