"""Is this a work report? Decided by the report's own markers, never by length.

Markers: a title ending in 工作报告, a delivery line ("在…第四次会议上"), the opening
"我代表…向大会报告工作", a salutation, and section structure. Pages printed beside reports —
news, resolutions, agendas, speeches, editorials, the 提案工作情况报告 — are refused.
"""

import re

from reports.parsing.errors import NotAReportError
from reports.parsing.headings import SALUTATION

_OPENING = re.compile(
    r"我代表.{2,60}?向.{0,20}(?:报告工作|作报告)|向大会报告工作|报告工作，请予审议|请予审议"
)
# What the first lines of other pages say about themselves; checked on the compact (space-less) head.
# Interpretations and infographics (解读, 图解, 一图读懂) are refused too: they retell a report in
# other words and numbers, and the archive keeps only a report's own text.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a resolution", re.compile(r"决议|决定$")),
    ("an agenda", re.compile(r"议程|日程")),
    ("a report on proposals (提案工作情况报告)", re.compile(r"提案(?:工作)?(?:情况)?(?:的)?报告|提案办理")),
    ("a speech", re.compile(r"讲话|致辞|开幕词|闭幕词")),
    ("an editorial", re.compile(r"社论|评论员|短评|时评|述评")),
    ("an interpretation or infographic (解读/图解)", re.compile(r"解读|读懂|图解|一图|关键词|数说|划重点")),
    (
        "a discussion article (代表委员议报告)",
        re.compile(r"热议|畅谈|共话|审议.{0,8}报告|讨论.{0,8}报告|代表委员.{0,6}(?:说|谈|议)"),
    ),
)
_NEWS = re.compile(r"本报讯|新华社|记者|通讯员|[日月]电[）)]?|综合报道|据.{2,10}报道")
_NEWS_WINDOW = 300
_SHORT_TEXT = 1500


def check_is_report(
    head_lines: list[str],
    body_lines: list[str],
    *,
    has_title: bool,
    has_delivery: bool,
    structure: tuple[int, int],
) -> list[str]:
    """Warnings for a report; raises NotAReportError when the text is something else."""
    opening = any(_OPENING.search(line) for line in body_lines[:6])
    kind = _page_kind(head_lines, body_lines)
    salutation = any(SALUTATION.match(line) for line in body_lines[:3])
    # Only a report's own title, with its delivery line, salutation or opening, outweighs what the
    # first lines say the page is: a report on proposals also ends "请予审议", a resolution names
    # the report it approves, and a news page may carry a report-like headline.
    if kind and not (has_title and (has_delivery or opening or salutation)):
        raise NotAReportError(f"not a work report (looks like {kind})")
    parts, numbered = structure
    score = 2 * has_title + 2 * has_delivery + 2 * opening
    score += salutation + (parts >= 1 or numbered >= 2)
    if score < 2:
        raise NotAReportError(
            'not a work report (no report title, delivery line, "我代表…向大会报告工作" or report structure)'
        )
    length = sum(len(line) for line in head_lines + body_lines)
    if length < _SHORT_TEXT:
        return [f"short text ({length} characters): parsed as a fragment of a report"]
    return []


def _page_kind(head_lines: list[str], body_lines: list[str]) -> str | None:
    first_lines = [("".join(line.split())) for line in (head_lines + body_lines)[:3]]
    # Headlines are short and hold no sentence; "会议完成了各项议程。" is not an agenda.
    headlines = [line for line in first_lines if len(line) <= 60 and "。" not in line]
    for line in headlines:
        for kind, pattern in _KINDS:
            if pattern.search(line):
                return kind
    lead = "".join(head_lines + body_lines)[:_NEWS_WINDOW]
    if _NEWS.search(lead) or any(_NEWS.search(line) for line in first_lines):
        return "a news item"
    return None
