"""The body's parts and headings, each with its paragraphs.

Levels (fixed, so a level means the same in every report): 0 the preamble before the first
heading (heading ""), 1 a part ("2024年工作回顾", "过去五年"), 2 "一、", 3 "（一）" and bullets
("●", "■"). A run-in heading — a numbered first sentence of a paragraph — is split from its body.
Concatenating headings and texts gives back every body line: nothing is lost between sections.
"""

from dataclasses import dataclass, field

from reports.parsing.headings import heading_level, split_run_in_heading
from reports.parsing.model import ParsedSection

PREAMBLE_LEVEL = 0


@dataclass
class _Open:
    heading: str
    level: int
    paragraphs: list[str] = field(default_factory=list)

    def close(self) -> ParsedSection:
        return ParsedSection(self.heading, self.level, "\n".join(self.paragraphs))


def split_sections(body_lines: list[str]) -> list[ParsedSection]:
    sections: list[_Open] = [_Open("", PREAMBLE_LEVEL)]
    for line in body_lines:
        level = heading_level(line)
        if level is not None:
            sections.append(_Open(line, level))
            continue
        run_in = split_run_in_heading(line)
        if run_in:
            heading, rest, level = run_in
            sections.append(_Open(heading, level, [rest]))
        else:
            sections[-1].paragraphs.append(line)
    if not sections[0].paragraphs:
        sections.pop(0)
    return [section.close() for section in sections]


def count_structure(body_lines: list[str]) -> tuple[int, int]:
    """(part headings, numbered or bulleted headings): evidence that a text is a report."""
    levels = [heading_level(line) or (split_run_in_heading(line) or ("", "", None))[2] for line in body_lines]
    return levels.count(1), sum(1 for level in levels if level in (2, 3))
