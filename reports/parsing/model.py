"""What the parser hands back: plain dataclasses, and `to_dict()` in the ingest JSON contract."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reports.parsing.warnings import ParseWarning


@dataclass(frozen=True)
class Source:
    """Where the page says it was printed; a reader's "today" date is never `published_on`."""

    newspaper: str | None = None
    page: str | None = None
    published_on: date | None = None


@dataclass(frozen=True)
class Region:
    """The division a report belongs to, with the full official names of its lineage."""

    adcode: str
    level: str  # province | prefecture | county
    province: str | None
    prefecture: str | None
    county: str | None


@dataclass(frozen=True)
class ParsedSection:
    """One heading and its paragraphs (joined by "\\n").

    Levels: 1 a part ("2024年工作回顾", "过去五年"), 2 "一、", 3 "（一）" and bullets ("●", "■");
    the heading is "" for the preamble before the first heading.
    """

    heading: str
    level: int
    text: str


@dataclass
class ParsedReport:
    title: str | None = None
    body: str | None = None  # 政协常委会 | 人大常委会 | 政府 | 法院 | 检察院
    region: Region | None = None
    term: int | None = None
    session: int | None = None
    delivered_on: date | None = None
    year: int | None = None
    # `year` holds only a year the text states: delivery_date | title | published_on. A year worked
    # out from the year under review goes to `year_inferred` (tasks_heading | review_heading).
    year_source: str | None = None
    year_inferred: int | None = None
    reviewed_year: int | None = None
    speaker: str | None = None
    is_abstract: bool = False
    is_complete: bool = True
    source: Source = field(default_factory=Source)
    sections: list[ParsedSection] = field(default_factory=list)
    text: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(ParseWarning(code, message))

    def to_dict(self) -> dict[str, Any]:
        """The ingest command's JSON record, without its "file", "ok" and "error" keys."""
        region = self.region
        return {
            "is_report": True,
            "title": self.title,
            "body": self.body,
            "level": region.level if region else None,
            "province": region.province if region else None,
            "prefecture": region.prefecture if region else None,
            "county": region.county if region else None,
            "adcode": region.adcode if region else None,
            "term": self.term,
            "session": self.session,
            "date": _iso(self.delivered_on),
            "year": self.year,
            "year_source": self.year_source,
            "year_inferred": self.year_inferred,
            "reviewed_year": self.reviewed_year,
            "speaker": self.speaker,
            "is_abstract": self.is_abstract,
            "is_complete": self.is_complete,
            "source": {
                "newspaper": self.source.newspaper,
                "page": self.source.page,
                "published_on": _iso(self.source.published_on),
            },
            "sections": [
                {"heading": section.heading, "level": section.level, "chars": len(section.text)}
                for section in self.sections
            ],
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
