"""parse_report: text → cleaned paragraphs → is it a report? → head and metadata → sections."""

import re

from reports.parsing.classify import check_is_report
from reports.parsing.cleaning import clean_text
from reports.parsing.dates import full_date
from reports.parsing.decoding import decode_bytes
from reports.parsing.errors import EmptyInputError, ParseError
from reports.parsing.head import body_start, is_report_title, read_head, speaker_name
from reports.parsing.html import html_to_text, looks_like_html
from reports.parsing.metadata import find_body, find_meeting, find_region, region_of_newspaper
from reports.parsing.model import ParsedReport, ParsedSection, Source
from reports.parsing.script import restore_script, to_simplified
from reports.parsing.sections import count_structure, split_sections
from reports.parsing.shape import split_head_runs
from reports.parsing.years import find_when

_REGION_CONTEXT_CHARS = 3000
_TITLE_SEARCH_LINES = 8
_CAPTION_LINES = 4
_SENTENCE_END = re.compile(r"[。！？!?]")
_ENDINGS = tuple("。！？!?…”）")
# "2017年某县人民政府工作报告", "2006政府工作报告", "(河北省)2017年…": a year the title states.
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:年度?)?(?!\d|年\d|\s*[-./月])")


def parse_bytes(data: bytes, *, gazetteer=None) -> ParsedReport:
    """Decode `data` (UTF-8, UTF-16, GB18030/GBK) and parse it.

    Raises only ParseError subclasses: EmptyInputError, BinaryInputError, UndecodableError,
    NotAReportError (or ParseError itself for an internal failure).
    """
    return parse_report(decode_bytes(data), gazetteer=gazetteer)


def parse_report(text: str, *, gazetteer=None) -> ParsedReport:
    """Parse one page of text (or HTML) holding a work report; raises only ParseError subclasses."""
    try:
        return _parse(text, gazetteer)
    except ParseError:
        raise
    except Exception as error:  # a parser bug must not escape as anything but a ParseError
        raise ParseError(f"internal parser error: {error!r}") from error


def _parse(text: str, gazetteer) -> ParsedReport:
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError("the text is empty (or only whitespace)")
    if looks_like_html(text):
        text = html_to_text(text)
    original = text
    text, converted = to_simplified(text)
    cleaned = clean_text(text)
    if not cleaned.lines:
        raise EmptyInputError("nothing is left once page furniture is removed")
    head_at, body_at = _split_head(cleaned.lines)
    head_lines, body_lines = [cleaned.lines[i] for i in head_at], [cleaned.lines[i] for i in body_at]
    head = read_head(head_lines)
    if head.title is None and head.delivery_line is None:
        head = _caption_head(body_lines + cleaned.dropped_tail) or head
    report = ParsedReport(text="\n".join(cleaned.lines), warnings=list(cleaned.warnings))
    if converted:
        report.warn("text.traditional", "traditional characters (繁體): read in simplified, kept as written")
    report.warnings += check_is_report(
        head_lines,
        body_lines,
        has_title=head.title is not None,
        has_delivery=head.delivery_line is not None,
        structure=count_structure(body_lines),
        is_fragment=cleaned.starts_missing,
        tail=cleaned.dropped_tail,
        title=head.title,
        delivery_line=head.delivery_line,
    )
    _fill_head(report, head, body_lines, cleaned)
    _fill_region(report, head, gazetteer, cleaned.page.newspaper)
    _fill_when(report, head, head_lines, body_lines, cleaned)
    report.is_complete = not (cleaned.starts_missing or cleaned.ends_missing)
    if cleaned.starts_missing:
        message = "incomplete: the text starts at a 上接…版 continuation; its start is missing"
        report.warn("text.starts_missing", message)
    if cleaned.ends_missing:
        report.warn("text.ends_missing", "incomplete: the text goes on at a 下转…版 page that is not here")
    if body_lines and not cleaned.ends_missing and not body_lines[-1].endswith(_ENDINGS):
        report.warn("text.ends_mid_sentence", "the text ends mid-sentence: a page may be missing")
    report.sections = split_sections(body_lines)
    if converted:
        _keep_original_script(report, cleaned.lines, body_at, text, original)
    return report


def _caption_head(lines: list[str]):
    """Title and delivery line printed as a caption after the text: the lines after its last sentence."""
    tail = lines[-_CAPTION_LINES:]
    last_sentence = max((i for i, line in enumerate(tail) if _SENTENCE_END.search(line)), default=-1)
    caption = read_head(split_head_runs(tail[last_sentence + 1 :])) if last_sentence + 1 < len(tail) else None
    return caption if caption and (caption.title or caption.delivery_line) else None


def _split_head(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of (head, body); an editor's note above the title goes with the body, so nothing is lost."""
    start = body_start(lines)
    everything = range(len(lines))
    if any(is_report_title(line) for line in lines[:start]):
        return list(everything[:start]), list(everything[start:])
    title_at = next((i for i, line in enumerate(lines[:_TITLE_SEARCH_LINES]) if is_report_title(line)), None)
    if title_at is None:
        return list(everything[:start]), list(everything[start:])
    end = title_at + 1 + body_start(lines[title_at + 1 :])
    return list(everything[title_at:end]), list(everything[:title_at]) + list(everything[end:])


def _keep_original_script(
    report: ParsedReport, lines: list[str], body_at: list[int], simplified: str, original: str
) -> None:
    """The text and sections in the characters the page used; the metadata stays simplified."""
    restored = restore_script("\n".join(lines), simplified, original).split("\n")
    report.text = "\n".join(restored)
    body, restored_body = [lines[i] for i in body_at], [restored[i] for i in body_at]
    report.sections = _sections_in(report.sections, body, restored_body)


def _sections_in(sections: list[ParsedSection], body: list[str], restored: list[str]) -> list[ParsedSection]:
    """Each section's heading and text cut from `restored` where they stand in `body` (same lengths)."""
    source, target = "\n".join(body), "\n".join(restored)
    cursor, result = 0, []
    for section in sections:
        pieces = []
        for piece in (section.heading, section.text):
            if not source.startswith(piece, cursor):
                return sections  # not laid out as expected: keep the simplified sections whole
            pieces.append(target[cursor : cursor + len(piece)])
            cursor += len(piece)
            cursor += source.startswith("\n", cursor)
        result.append(ParsedSection(pieces[0], section.level, pieces[1]))
    return result


def _opening(lines: list[str]) -> str | None:
    """The sentence "我代表…向大会报告工作" or "我受…委托"."""
    return next((line for line in lines[:6] if "我代表" in line or "我受" in line), None)


def _fill_head(report: ParsedReport, head, body_lines: list[str], cleaned) -> None:
    opening = _opening(body_lines)
    report.title, report.speaker, report.is_abstract = head.title, head.speaker, head.is_abstract
    if report.speaker is None and cleaned.page.author:
        report.speaker = speaker_name(cleaned.page.author, bare_allowed=False)
    if report.is_abstract:
        report.warn("text.abstract", "an abstract (摘要) of the report, not its full text")
    if report.title is None:
        report.warn("title.missing", "title not found")
    if report.speaker is None:
        report.warn("speaker.missing", "speaker unknown: no speaker line under the title")
    report.body = find_body(head.title, head.delivery_line, opening)
    if report.body is None:
        message = "body unknown: the title does not say who reports (政协, 人大常委会, 政府 …)"
        report.warn("body.unresolved", message)
    meeting = find_meeting(
        head.title,
        head.delivery_line,
        opening,
        page_meeting=cleaned.page.meeting,
        body_text="\n".join(body_lines[:40]),
        other_titles=head.other_titles,
    )
    report.term, report.session = meeting.term, meeting.session
    report.warnings += meeting.warnings


def _fill_region(report: ParsedReport, head, gazetteer, newspaper: str | None = None) -> None:
    if gazetteer is None:
        from reports.gazetteer import Gazetteer  # data loaded once, on first use

        gazetteer = Gazetteer.default()
    opening = _opening(report.text.split("\n", 12)[:12])
    parts = (head.title, head.delivery_line, head.speaker_line, opening)
    naming = "；".join(part for part in parts if part)
    if not naming:
        naming = report.text[:200]
    report.region = find_region(naming, report.text[:_REGION_CONTEXT_CHARS], gazetteer, report.warnings)
    if report.region is None and newspaper:
        report.region = region_of_newspaper(newspaper, gazetteer, report.warnings)


def _fill_when(report: ParsedReport, head, head_lines: list[str], body_lines: list[str], cleaned) -> None:
    delivery = head.delivery_line
    if head.date_line and not (delivery and full_date(delivery)):
        delivery = f"{head.date_line}{delivery or ''}"  # "（2019年1月8日）" on a line of its own
    when = find_when(delivery, body_lines, cleaned.page, title_year=_title_year(head, head_lines))
    report.delivered_on, report.year, report.year_source = when.delivered_on, when.year, when.year_source
    report.year_inferred, report.reviewed_year = when.year_inferred, when.reviewed_year
    report.source = Source(cleaned.page.newspaper, cleaned.page.page, when.published_on)
    report.warnings += when.warnings


def _title_year(head, head_lines: list[str]) -> int | None:
    """A year stated in the title, or in a headline above it that names the report."""
    candidates = [head.title] if head.title else []
    candidates += [line for line in head_lines if "报告" in line and line != head.delivery_line]
    for line in candidates:
        found = _TITLE_YEAR.search("".join(line.split()))
        if found:
            return int(found["year"])
    return None
