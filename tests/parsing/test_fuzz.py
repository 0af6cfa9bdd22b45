"""Fuzzing the parser: on any input it returns a report or raises its own documented error, and on
line-level damage to real samples it never drops a sentence of what is left of the report."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.parsing import ParseError, parse_bytes, parse_report
from tests.parsing.golden import SAMPLES_DIR
from tests.parsing.test_nothing_lost import normalise, report_sentences

SAMPLES = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES_DIR.glob("*.txt"))]
# Fragments that steer the parser into its rules: titles, dates, markers, chrome, headings, ads.
FRAGMENTS = [
    "政协某某县第十届委员会常务委员会工作报告",
    "政府工作报告",
    "——2024年1月8日在某某市第十六届人民代表大会第三次会议上",
    "各位代表：",
    "（下转第8版）",
    "（上接第1版）",
    "一、",
    "（二）",
    "1.",
    "首页 > 新闻",
    "浏览次数：",
    "<html><body>",
    "\x00",
    "\ufeff",
    "。",
    "\u3000\u3000",
    "２０２５年",
    "協商議政",
]

any_text = st.text(st.characters(codec="utf-8"), max_size=3000)
steered_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=60).map(
    "\n".join
)


def parse_or_refuse(raw: str):
    try:
        return parse_report(raw)
    except ParseError:
        return None  # documented refusal; anything else propagates and fails the test


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(any_text, steered_text))
def test_any_text_gives_a_report_or_a_parse_error(raw):
    parsed = parse_or_refuse(raw)
    if parsed is not None:
        json.dumps(parsed.to_dict(), ensure_ascii=False)  # the JSON contract holds for whatever came out
        text_lines = set(parsed.text.split("\n"))
        # Sections hold lines of the cleaned text, nothing invented; a run-in heading and the rest
        # of its line make one line again.
        section_lines = set()
        for section in parsed.sections:
            lines = section.text.split("\n")
            if section.heading and section.heading not in text_lines:
                lines[0] = section.heading + lines[0]
            section_lines.update(line for line in lines if line)
        assert section_lines <= text_lines


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=4000), steered_text.map(lambda text: text.encode("gb18030"))))
def test_any_bytes_give_a_report_or_a_parse_error(data):
    try:
        parsed = parse_bytes(data)
    except ParseError:
        return
    json.dumps(parsed.to_dict(), ensure_ascii=False)


def mutate_lines(lines: list[str], rng: random.Random, count: int) -> list[str]:
    """Delete, repeat, swap or split lines, as a bad copy or a column layout would."""
    lines = list(lines)
    for _ in range(count):
        if len(lines) < 3:
            break
        index = rng.randrange(len(lines) - 1)
        action = rng.choice(("delete", "repeat", "swap", "split"))
        if action == "delete":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif len(lines[index]) > 2:
            cut = rng.randrange(1, len(lines[index]))
            lines[index : index + 1] = [lines[index][:cut], lines[index][cut:]]
    return lines


@pytest.mark.parametrize("sample_index", range(len(SAMPLES)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False), count=st.integers(1, 12))
def test_damaged_samples_raise_only_parse_errors_and_lose_no_sentence(sample_index, rng, count):
    raw = "\n".join(mutate_lines(SAMPLES[sample_index].splitlines(), rng, count))
    parsed = parse_or_refuse(raw)
    if parsed is None:
        return
    cleaned = normalise(parsed.text)
    assert [sentence for sentence in report_sentences(raw) if sentence not in cleaned] == []
