"""Raw page text to the report's own paragraphs: chrome, continuation markers and ads out,
paragraphs cut by page or column breaks joined again, one paragraph per line."""

import re
from collections import Counter
from dataclasses import dataclass, field

from reports.parsing.chrome import PageInfo, is_chrome, is_reader_banner, read_chrome
from reports.parsing.head import is_delivery_line, is_report_title
from reports.parsing.headings import SALUTATION, starts_like_heading
from reports.parsing.shape import (
    remove_junk_tokens,
    repair_dates,
    repair_quotes,
    split_head_runs,
    split_long_lines,
)
from reports.parsing.warnings import ParseWarning

_SPACES = re.compile(r"[ \t\xa0\u3000\u2002\u2003\u2009\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*|^>\s+")
_PAGE_NO = r"(?:第\s*)?(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版"
# Continuation markers: "（下转第8版）", "▲上紧接第1版", "(紧接第1版)", "（转第3版）". Bare 转/接 only
# in brackets, since "接" and "转" are everyday words; the prefixed forms are never report text.
_MARKER = re.compile(
    rf"[（(【\[]?\s*[▲△▼◆■●]?\s*(?P<strong>下转|下接|上接|上紧接|紧接|续接|接上|上转)\s*{_PAGE_NO}\s*[)）】\]]?"
    rf"|[（(【\[]\s*[▲△]?\s*(?P<weak>转|接|续)\s*{_PAGE_NO}\s*[)）】\]]"
    rf"|▲\s*(?P<arrow>转|接|续)\s*{_PAGE_NO}"
)
_FORWARD_KINDS = ("下转", "下接", "转")
_CLOSING = "。！？!?…”’」』）)》】；;：:"
_INNER_PUNCT = re.compile(r"[，,、；;：:。“”]")
_HALF_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』])([,;:?!])|([,;:?!])(?=[\u4e00-\u9fff“‘（《「『])")
_FULL_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A half-width full stop ends a sentence only between Chinese text: "稳中有进.全市", not "5.2%" or "1.坚持".
_HALF_PERIOD = re.compile(r"(?<=[\u4e00-\u9fff”’）》」』%])\.(?=[\u4e00-\u9fff“‘（《「『]|$)")
_HALF_PARENS = re.compile(r"\(([^()\n]*[\u4e00-\u9fff][^()\n]*)\)")
# Marks of running prose: a fragment holding one was cut from a paragraph. Not "：" or quotes,
# which headlines carry ("图解：…", "代表热议政府工作报告：…").
_PROSE_PUNCT = re.compile(r"[，,、；;。]")
# An unpunctuated line this long is prose cut mid-clause; headings and headlines are shorter.
_MIN_UNPUNCTUATED_CUT = 30
# "关于2023年预算执行情况的报告", "…的决议（草案）": a headline of some document, never cut prose.
_HEADLINE_END = re.compile(r"(?:报告|决议|决定|说明|讲话|议程|纪要)(?:[（(](?:草案|摘要|全文|节选)[)）])?$")
_CUT_NUMBER = re.compile(r"[\u4e00-\u9fff]\d+[.．]?$")
_MAX_AD_CHARS = 40
_MAX_HEADER_CHARS = 30
# A running header names the document or its issuer; a short line of the report's own that recurs
# ("主要做法" under each part) names neither, and is never dropped.
_HEADER_WORDS = re.compile(r"报告|文件|会议|政府|人大|政协|委员会|法院|检察院|日报")
_MIN_HEADER_REPEATS = 3
_READER_BANNER_WINDOW = 15


@dataclass(frozen=True)
class Marker:
    """A continuation marker: `forward` for "下转" (the text goes on elsewhere), else "上接"."""

    forward: bool
    text: str


@dataclass
class Cleaned:
    lines: list[str]
    page: PageInfo
    starts_missing: bool = False
    ends_missing: bool = False
    warnings: list[ParseWarning] = field(default_factory=list)
    dropped_tail: list[str] = field(default_factory=list)  # short lines after the last sentence


def clean_text(text: str) -> Cleaned:
    """The report's paragraphs (one per line) and what the page furniture said."""
    text, junk = remove_junk_tokens(_normalise_characters(text))
    text = repair_dates(repair_quotes(text))
    lines = [_clean_line(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    page = PageInfo()
    lines = split_long_lines(split_head_runs(_drop_running_headers(_drop_chrome(lines, page))))
    items = [item for line in lines for item in _split_markers(line)]
    cleaned = Cleaned(lines=[], page=page)
    if junk:
        cleaned.warnings.append(
            ParseWarning("text.reprint", f"junk tokens removed ({', '.join(junk)}): an aggregator's copy")
        )
    if page.truncated:
        cleaned.warnings.append(ParseWarning("text.truncated", "the page shows only part of the text"))
    cleaned.lines = _resolve_markers(items, cleaned)
    kept = _drop_trailing_ads(cleaned.lines, cleaned.warnings)
    cleaned.dropped_tail, cleaned.lines = cleaned.lines[len(kept) :], kept
    # Punctuation is normalised before rejoining (a "." may close a fragment) and after it (a joined
    # fragment may start with the "." its sentence ends with).
    joined = _rejoin_broken_paragraphs([normalise_punctuation(line) for line in cleaned.lines])
    cleaned.lines = [normalise_punctuation(line) for line in joined]
    return cleaned


def _normalise_characters(text: str) -> str:
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_FULL_WIDTH_DIGITS)


def _clean_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    line = _MARKDOWN_HEADING.sub("", line)
    return _MARKDOWN_EMPHASIS.sub(lambda found: found.group(1) or found.group(2), line).strip()


def _drop_chrome(lines: list[str], page: PageInfo) -> list[str]:
    in_reader = any(is_reader_banner(line) for line in lines[:_READER_BANNER_WINDOW])
    kept = []
    at_top = True  # no sentence of the text above yet
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        # "2024年1月27日" alone, then "在…会议上": a delivery line broken in two, not a dateline.
        if is_chrome(line, in_reader=in_reader) and not following.startswith("在"):
            read_chrome(line, page, in_reader=in_reader, at_top=at_top)
        else:
            kept.append(line)
            at_top = at_top and "。" not in line
    return kept


def _drop_running_headers(lines: list[str]) -> list[str]:
    """A short line printed again and again (a PDF's running header "政府工作报告" on every page) is
    kept where it first stands and dropped where it repeats."""
    short = (
        line
        for line in lines
        if len(line) <= _MAX_HEADER_CHARS and _HEADER_WORDS.search(line) and not _PROSE_PUNCT.search(line)
    )
    counts = Counter(short)
    repeated = {line for line, count in counts.items() if count >= _MIN_HEADER_REPEATS}
    if not repeated:
        return lines
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line in repeated and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return kept


def _split_markers(line: str) -> list[str | Marker]:
    items: list[str | Marker] = []
    position = 0
    for found in _MARKER.finditer(line):
        kind = found["strong"] or found["weak"] or found["arrow"]
        items.append(line[position : found.start()].strip())
        items.append(Marker(forward=kind in _FORWARD_KINDS, text=found.group(0)))
        position = found.end()
    items.append(line[position:].strip())
    return [item for item in items if item]


def _resolve_markers(items: list[str | Marker], cleaned: Cleaned) -> list[str]:
    """Drop the markers; glue the text after a page jump onto the paragraph it continues."""
    lines: list[str] = []
    pending_forward = False  # a "下转" seen, its continuation not yet
    glue_next = False
    for item in items:
        if isinstance(item, Marker):
            if item.forward:
                pending_forward = True
            elif pending_forward:
                pending_forward, glue_next = False, True
            elif not lines or all(starts_like_heading(line) or _is_head_line(line) for line in lines):
                # "▲上紧接第1版" before any of the report's paragraphs: the first page is not here.
                cleaned.starts_missing = True
            else:
                glue_next = True
            continue
        if glue_next and lines and not starts_like_heading(item):
            lines[-1] += item
        else:
            lines.append(item)
        glue_next = False
    cleaned.ends_missing = pending_forward
    return lines


def _is_head_line(line: str) -> bool:
    """Title, delivery or speaker lines: no sentence punctuation."""
    return not _INNER_PUNCT.search(line)


def _drop_trailing_ads(lines: list[str], warnings: list[ParseWarning]) -> list[str]:
    """Short non-sentence lines after the report's last sentence are slogans and ads."""
    ends = tuple("。！？!?…”")
    last_sentence = max((i for i, line in enumerate(lines) if line.endswith(ends)), default=None)
    if last_sentence is None:
        return lines
    trailing = lines[last_sentence + 1 :]
    # A line with a comma is the start of a cut sentence ("一年来，我们坚持"), not a slogan.
    if not trailing or any(len(line) > _MAX_AD_CHARS or _INNER_PUNCT.search(line) for line in trailing):
        return lines
    if any(starts_like_heading(line) for line in trailing):
        return lines
    message = f"dropped {len(trailing)} short line(s) after the report's end (ads or slogans)"
    warnings.append(ParseWarning("text.trailing_dropped", message))
    return lines[: last_sentence + 1]


def _rejoin_broken_paragraphs(lines: list[str]) -> list[str]:
    """Join "…着力在全面学习、全" + "面把握…": a paragraph cut by a page or column break.

    Whether the paragraph so far is cut is judged once per line added, on that line alone: a joined
    paragraph is prose, so only its new end matters, and the cost stays linear in the text.
    """
    joined: list[str] = []
    cut = False
    for line in lines:
        if joined and cut and _can_continue(line):
            joined[-1] += line
            cut = not line.endswith(tuple(_CLOSING))
        else:
            joined.append(line)
            cut = _is_cut_paragraph(line)
    return joined


def _is_cut_paragraph(line: str) -> bool:
    """Prose that stops without closing punctuation; never a heading, title or delivery line."""
    if line.endswith(tuple(_CLOSING)) or starts_like_heading(line) or _is_headline(line):
        return False
    if is_delivery_line(line) or is_report_title(line):
        return False
    # "…增长到1." + "88倍": a number is never the end of a paragraph.
    return bool(_PROSE_PUNCT.search(line) or _CUT_NUMBER.search(line)) or len(line) >= _MIN_UNPUNCTUATED_CUT


def _can_continue(line: str) -> bool:
    """A line that may go on a cut paragraph: not a heading, salutation, title or delivery line."""
    if starts_like_heading(line) or SALUTATION.match(line) or _is_headline(line):
        return False
    return not (is_delivery_line(line) or is_report_title(line))


def _is_headline(line: str) -> bool:
    return bool(_HEADLINE_END.search(line)) and not _PROSE_PUNCT.search(line)


def normalise_punctuation(line: str) -> str:
    """Half-width `,:;?!().` between Chinese characters become full-width; nothing else changes."""
    line = _HALF_PERIOD.sub("。", _HALF_PARENS.sub(r"（\1）", line))
    return _HALF_PUNCT.sub(lambda found: _FULL_PUNCT[found.group(1) or found.group(2)], line)
