"""Parse cost grows with the text, never with its square: the work the title and delivery-line tests
do (characters they are handed) is counted for growing inputs. Time is measured by the benchmark,
not here."""

import contextlib

import pytest

from reports.parsing import NotAReportError, cleaning, head, parse_report, pipeline

UNPUNCTUATED_LINE = "协商民主" * 1000  # no sentence end anywhere: every line looks cut
HEAD = (
    "政协某县第十届委员会常务委员会工作报告\n"
    "——2024年1月8日在政协某县第十届委员会第三次会议上\n"
    "各位委员：\n"
)


@pytest.fixture
def examined(monkeypatch):
    """Total characters handed to the title and delivery-line tests, wherever they are called from."""
    counter = {"chars": 0}
    for name in ("is_report_title", "is_delivery_line"):
        original = getattr(head, name)

        def counted(line, _original=original):
            counter["chars"] += len(line)
            return _original(line)

        for module in (head, cleaning, pipeline):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counted)
    return counter


def work_for(text: str, examined: dict) -> int:
    examined["chars"] = 0
    with contextlib.suppress(NotAReportError):
        parse_report(text)
    return examined["chars"]


@pytest.mark.parametrize("head_text", ["", HEAD], ids=["body only", "with a head"])
def test_unpunctuated_lines_cost_in_proportion_to_their_number(examined, head_text):
    costs = [work_for(head_text + "\n".join([UNPUNCTUATED_LINE] * lines), examined) for lines in (10, 40)]
    # Four times the text may cost four times the work (plus the head's constant), not sixteen.
    assert costs[1] <= 4 * costs[0] + 10_000


def test_the_work_per_character_is_bounded(examined):
    text = HEAD + "\n".join([UNPUNCTUATED_LINE] * 40)
    assert work_for(text, examined) <= 3 * len(text)
