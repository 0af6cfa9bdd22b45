"""The body's parts and headings, each with its paragraphs.

Levels (fixed, so a level means the same in every report): 0 the preamble before the first
heading (heading ""), 1 a part ("2024年工作回顾", "过去五年"), 2 "一、", 3 "（一）" and bullets
("●", "■"). A run-in heading — a numbered first sentence of a paragraph — is split from its body.
Concatenating headings and texts gives back every body line: nothing is lost between sections.
"""

from dataclasses import dataclass, field

from reports.parsing.headings import heading_level, split_run_in_heading, split_unnumbered_run_in
from reports.parsing.model import ParsedSection

PREAMBLE_LEVEL = 0
RUN_IN_LEVEL = 3
# Unnumbered run-in headings are split only directly under a part ("2023年工作回顾"), where they
# are the part's own structure. Under "一、", "（一）" or a bullet the first sentences are the points
# of that heading and stay in its text (the archive's sections for the real samples rely on it).
_RUN_IN_PARENT_LEVELS = (1,)


@dataclass
class _Open:
    heading: str
    level: int
    paragraphs: list[str] = field(default_factory=list)

    def close(self) -> ParsedSection:
        return ParsedSection(self.heading, self.level, "\n".join(self.paragraphs))


def split_sections(body_lines: list[str]) -> list[ParsedSection]:
    sections: list[_Open] = [_Open("", PREAMBLE_LEVEL)]
    run_ins = _unnumbered_run_ins(body_lines)
    parent_level = PREAMBLE_LEVEL  # level of the last heading printed as a heading line or numbered
    for index, line in enumerate(body_lines):
        level = heading_level(line)
        numbered = split_run_in_heading(line)
        if level is not None:
            sections.append(_Open(line, level))
        elif numbered:
            heading, rest, level = numbered
            sections.append(_Open(heading, level, [rest]))
        elif index in run_ins and parent_level in _RUN_IN_PARENT_LEVELS:
            heading, rest = run_ins[index]
            sections.append(_Open(heading, RUN_IN_LEVEL, [rest]))
            continue
        else:
            sections[-1].paragraphs.append(line)
            continue
        parent_level = level
    if not sections[0].paragraphs:
        sections.pop(0)
    return [section.close() for section in sections]


def _unnumbered_run_ins(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Paragraphs that open with a heading-like sentence, kept only where two or more follow each other."""
    splits = {index: split_unnumbered_run_in(line) for index, line in enumerate(lines)}
    candidates = {index: split for index, split in splits.items() if split}
    return {
        index: split
        for index, split in candidates.items()
        if index - 1 in candidates or index + 1 in candidates
    }


def count_structure(body_lines: list[str]) -> tuple[int, int]:
    """(part headings, numbered or bulleted headings): evidence that a text is a report."""
    levels = [heading_level(line) or (split_run_in_heading(line) or ("", "", None))[2] for line in body_lines]
    return levels.count(1), sum(1 for level in levels if level in (2, 3))
