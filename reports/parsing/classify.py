"""Is this a work report? Decided by the report's own markers, never by length.

A report speaks in its own voice: a title ending in 工作报告, a delivery line ("在…第四次会议上"), the
salutation ("各位代表："), the first-person opening ("我代表…向大会报告工作" / "我受…委托") and its
section structure. Pages printed beside reports — news, resolutions, agendas, speeches, editorials,
the 提案工作情况报告, budget and plan reports, mid-year reports, explanations of a draft, yearbook
and index pages — either lack that voice or say what they are in their first lines, and are refused
with a code naming the kind.
"""

import re

from reports.parsing.errors import NotAReportError
from reports.parsing.headings import SALUTATION, heading_level
from reports.parsing.warnings import ParseWarning

# The first-person opening of a work report; a news item retells it in the third person.
_OPENING = re.compile(
    r"我(?:代表|受).{2,60}?(?:向|就).{0,30}?(?:报告工作|作.{0,8}报告|报告.{0,12}工作)"
    r"|我(?:代表|受).{2,80}?请予(?:审议|审查)"
)
# What a page says about itself in its headlines, its title or its opening sentence.
_KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("resolution", "a resolution (决议)",
     re.compile(r"决议|决定$|会议通过[)）]?$|^[(（].{4,60}会议通过[)）]")),
    ("agenda", "an agenda (议程)", re.compile(r"议程|日程")),
    ("proposals", "a report on proposals (提案工作情况报告)", re.compile(r"提案")),
    ("review_opinion", "review opinions (审议意见)", re.compile(r"审议意见")),
    ("budget_plan", "a budget or plan report",
     re.compile(r"预算|决算|计划(?:执行|草案)|国民经济和社会发展计划")),
    ("mid_year", "a mid-year report (上半年工作)", re.compile(r"上半年|半年工作")),
    ("inspection", "an inspection or implementation report (执法检查/落实情况)",
     re.compile(r"执法检查|视察|实施情况的报告|(?:落实|完成|办理|执行)情况的?报告")),
    ("explanation", "an explanation of a draft (说明)", re.compile(r"说明$|的说明|起草情况")),
    ("speech", "a speech", re.compile(r"讲话|致辞|开幕词|闭幕词|老领导|老同志|发言")),
    ("duty_report", "an official's duty report (述职)", re.compile(r"述职")),
    ("topic_report", "a report on one field of work (…工作情况的报告)", re.compile(r"工作情况的?报告")),
    ("editorial", "an editorial", re.compile(r"社论|评论员|短评|时评|述评|综述")),
    ("interpretation", "an interpretation or infographic (解读/图解)",
     re.compile(r"解读|读懂|图解|一图|关键词|数说|划重点")),
    ("discussion", "a discussion article (代表委员议报告)",
     re.compile(r"简报|热议|畅谈|共话|审议.{0,8}报告|讨论.{0,8}报告|代表委员.{0,6}(?:说|谈|议)")),
    ("yearbook", "a yearbook or gazetteer page",
     re.compile(r"年鉴|县志|市志|地方志|大事记|^第[一二三四五六七八九十\d]+[章节]")),
)
# "县教育局2023年工作报告", "某公司年度工作报告": a work report, but of none of the five bodies.
_OTHER_BODY_TITLE = re.compile(
    r"(?:局|厅|办公室|公司|集团|学校|大学|学院|医院|街道|社区|支行|协会|学会|联合会|中心|工委|党委|团委|妇联|总工会)"
    r"(?:\d{4}年度?)?(?:的)?工作(?:报告|总结)"
)
_FIVE_BODIES = re.compile(r"政协|政治协商|人民代表大会|人大|政府|法院|检察院")
# Bodies below the county or outside the state: a workers' congress, a village or township body.
_NOT_OUR_BODY = re.compile(
    r"职工代表大会|职代会|村民委员会|村委会|居民委员会|居委会|主席团|(?:乡|镇)人民(?:政府|代表大会)|(?:乡|镇)人大"
    r"|中国共产党|党代会|纪律检查委员会|纪委|管委会|管理委员会"
)
# A standing committee's own meeting hears topic reports; the annual work reports go to the plenary.
_STANDING_MEETING = re.compile(r"(?:常务委员会|常委会)第.{1,4}次(?:会议|全体会议)|主任会议|主席会议")
_NEWS = re.compile(
    r"本报讯|新华社|记者|通讯员|[日月]电[）)]?|综合报道|据.{2,10}报道|^\d{1,2}月\d{1,2}日[上下]?午?，"
)
_NEWS_WINDOW = 300
_HEADLINE_CHARS = 60
_HEADLINE_LINES = 4
_TITLE_LIST = 3  # this many report titles with nothing between them: an index page
_SHORT_TEXT = 1500
_MIN_SCORE = 3


def check_is_report(
    head_lines: list[str],
    body_lines: list[str],
    *,
    has_title: bool,
    has_delivery: bool,
    structure: tuple[int, int],
    is_fragment: bool = False,
    tail: list[str] = (),
    title: str | None = None,
    delivery_line: str | None = None,
) -> list[ParseWarning]:
    """Warnings for a report; raises NotAReportError (with a code) when the text is something else.

    `tail`: short lines cleaning dropped after the last sentence, where a resolution may print its
    title and adoption line.
    """
    other_body = title and _OTHER_BODY_TITLE.search(title) and not _FIVE_BODIES.search(title)
    naming = [line for line in [title or "", *head_lines] if "报告" in line or "会议" in line]
    if other_body or any(_NOT_OUR_BODY.search(line) for line in naming):
        raise NotAReportError(
            "not a work report of 政协, 人大常委会, 政府, 法院 or 检察院 (another body's report)",
            code="not_report.other_body",
        )
    opening = next((line for line in body_lines[:6] if _OPENING.search(line)), None)
    salutation = any(SALUTATION.match(line) for line in body_lines[:3])
    kind = _page_kind(head_lines, [*body_lines, *tail], opening)
    # Only a report's own title, with its delivery line, salutation or opening, outweighs what the
    # first lines say the page is: a report on proposals also ends "请予审议", a resolution names
    # the report it approves, and a news page may carry a report-like headline.
    if kind and not (has_title and (has_delivery or opening or salutation)):
        code, label = kind
        raise NotAReportError(f"not a work report (looks like {label})", code=f"not_report.{code}")
    if delivery_line and _STANDING_MEETING.search(delivery_line):
        raise NotAReportError(
            "not an annual work report: delivered at a standing committee's own meeting, not the plenary",
            code="not_report.standing_committee_meeting",
        )
    parts, numbered = structure
    score = 2 * has_title + 2 * has_delivery + 2 * bool(opening) + salutation
    score += parts >= 1 or numbered >= 2
    # A page cut from the middle of a report ("上接第1版") has only the report's structure.
    if score < _MIN_SCORE and not (is_fragment and (parts or numbered >= 2)):
        raise NotAReportError(
            "not a work report (no report title, delivery line, salutation and first-person opening "
            '"我代表…向大会报告工作")',
            code="not_report.no_report_markers",
        )
    length = sum(len(line) for line in head_lines + body_lines)
    if length < _SHORT_TEXT:
        message = f"short text ({length} characters): parsed as a fragment of a report"
        return [ParseWarning("text.short", message)]
    return []


def _page_kind(head_lines: list[str], body_lines: list[str], opening: str | None) -> tuple[str, str] | None:
    for line in _self_descriptions(head_lines, body_lines, opening):
        for code, label, pattern in _KINDS:
            if pattern.search(line):
                return code, label
    # A resolution may print its title and adoption line after its text.
    for line in body_lines[-2:]:
        if len(line) <= _HEADLINE_CHARS and _KINDS[0][2].search("".join(line.split())):
            return _KINDS[0][0], _KINDS[0][1]
    if sum(1 for line in head_lines + body_lines[:10] if _is_title_only(line)) >= _TITLE_LIST:
        return "index", "a list of report titles (index page)"
    first_lines = ["".join(line.split()) for line in (head_lines + body_lines)[:_HEADLINE_LINES]]
    lead = "".join(head_lines + body_lines)[:_NEWS_WINDOW]
    if _NEWS.search(lead) or any(_NEWS.search(line) for line in first_lines):
        return "news", "a news item"
    return None


def _self_descriptions(head_lines: list[str], body_lines: list[str], opening: str | None) -> list[str]:
    """Where a page says what it is: its headlines (short lines without a sentence, before the
    salutation or opening; never the report's own section headings) and its opening sentence."""
    lines = list(head_lines)
    for line in body_lines[:_HEADLINE_LINES]:
        if SALUTATION.match(line) or line is opening or heading_level(line) is not None:
            break
        lines.append(line)
    described = ["".join(line.split()) for line in lines if len(line) <= _HEADLINE_CHARS and "。" not in line]
    if opening:
        described.append(opening[: opening.find("。") + 1 or None])
    return described


def _is_title_only(line: str) -> bool:
    return len(line) <= _HEADLINE_CHARS and line.rstrip("）)】》").endswith("工作报告") and "。" not in line
