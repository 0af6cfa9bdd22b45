"""What a heading looks like, shared by cleaning (never join a heading to a paragraph) and sections.

Levels: 1 a part ("2024年工作回顾", "2025年工作任务", "过去五年", "今后五年"), even when numbered
("一、2023年工作回顾"); 2 "一、"; 3 "（一）"/"(一)", "1." and bullets ("●", "■", "◆", "★");
"1." only as a whole line.
"""

import re

# "各位委员：" / "各位代表:" / "同志们，": the salutation that opens a report's body.
SALUTATION = re.compile(r"^(?:各位(?:委员|代表|同志)|同志们)")

_CN = "一二三四五六七八九十"
_PART = re.compile(
    rf"^(?:[{_CN}]+[、.．]\s*|第[{_CN}]+部分\s*)?"
    r"(?:(?:\d{4}|过去一|今年)年(?:度)?(?:的)?(?:主要)?(?:工作)?(?:回顾|总结|任务|安排|建议|打算|部署|思路|目标)"
    r"|\d{4}年(?:的)?(?:主要|重点)?工作(?:任务|安排|建议|打算|部署|思路|目标)?"
    r"|本届(?:以来)?的?(?:主要)?(?:工作)?(?:回顾|总结)"
    r"|(?:过去|近|本届|五年来的?|)五年(?:来)?(?:的)?(?:主要)?(?:工作)?(?:回顾|总结)?"
    r"|(?:今后|未来)(?:五年|一年)(?:的)?(?:主要)?(?:工作)?(?:任务|安排|建议|打算|目标|展望)?"
    r"|(?:一年来的|过去一年的?)(?:主要)?工作(?:回顾)?(?:和体会)?)[:：]?$"
)
_NUMBERED = re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．]\s*(?=\S)")
_SUB_NUMBERED = re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[)）]\s*(?=\S)")
_ARABIC_NUMBERED = re.compile(r"^\d{1,2}\s*[、.．]\s*(?=[^\d\s])")
# ▲ is left out: e-papers and reposts lead photo captions and jump markers with it.
_BULLET = re.compile(r"^[●■◆★□◇▶►]\s*(?=\S)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_RUN_IN = re.compile(r"^(?P<heading>[^。！？!?]{4,60}?[。！？!?])(?P<rest>.+)$")
# "经济运行稳中有进。全市…", "——能源产业转型升级。煤炭…": a short clause without a comma, then body.
_UNNUMBERED_RUN_IN = re.compile(r"^(?P<heading>(?:——)?[^。！？!?，,、；;：:“”（(]{4,20}。)(?P<rest>.{10,})$")
_ENUMERATION = re.compile(rf"^[{_CN}]+是|^(?:首先|其次|再次|最后|同时|此外)")
# A heading line is short; a longer line starting "一、" is a paragraph ("一、…。二、…。" lists).
_MAX_HEADING_CHARS = 60


def heading_level(line: str) -> int | None:
    """The level of `line` when the whole line is a heading, else None."""
    if len(line) > _MAX_HEADING_CHARS or _SENTENCE_END.search(line.rstrip("。")):
        return None
    if _PART.match(line):
        return 1
    if _NUMBERED.match(line):
        return 2
    if _SUB_NUMBERED.match(line) or _BULLET.match(line) or _ARABIC_NUMBERED.match(line):
        return 3
    return None


def split_run_in_heading(line: str) -> tuple[str, str, int] | None:
    """(heading, rest, level) for "(一)坚持凝心铸魂,扛起….坚守人民政协…": a numbered first sentence."""
    level = 2 if _NUMBERED.match(line) else 3 if (_SUB_NUMBERED.match(line) or _BULLET.match(line)) else None
    if level is None:
        return None
    found = _RUN_IN.match(line)
    if not found:
        return None
    return found["heading"], found["rest"], level


def starts_like_heading(line: str) -> bool:
    """A line that must never be glued onto the paragraph before it."""
    return heading_level(line) is not None or split_run_in_heading(line) is not None


def split_unnumbered_run_in(line: str) -> tuple[str, str] | None:
    """(heading, rest) when the first sentence could be an unnumbered run-in heading.

    Alone this proves nothing ("成绩来之不易。…"); sections split only a run of such paragraphs.
    """
    if heading_level(line) is not None or split_run_in_heading(line) is not None:
        return None
    if _ENUMERATION.match(line):
        return None  # "一是…。二是…" enumerates within a paragraph; it is not a heading
    found = _UNNUMBERED_RUN_IN.match(line)
    return (found["heading"], found["rest"]) if found else None
