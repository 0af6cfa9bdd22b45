"""Who reports, where, and at which meeting: body, region, term (届) and session (次会议)."""

import re
from dataclasses import dataclass, field

from reports.parsing.dates import chinese_number
from reports.parsing.model import Region
from reports.parsing.warnings import ParseWarning

_NUMBER = r"[一二三四五六七八九十百〇零\d]{1,4}"
_TERM = re.compile(rf"第\s*(?P<term>{_NUMBER})\s*届")
# "第四次会议" is a session; "常委会第16次会议" and "第二次全体会议" are not.
_SESSION = re.compile(rf"(?<!常委会)(?<!常务委员会)(?<!主任会议)第\s*(?P<session>{_NUMBER})\s*次会议")
# The newspaper shorthand "十届四次会议" / "十六届一次会议".
_SHORT_TERM_SESSION = re.compile(
    rf"(?<![第\d])(?P<term>{_NUMBER})\s*届\s*(?:人大|人民代表大会|政协|委员会)?\s*(?P<session>{_NUMBER})\s*次会议"
)
_OPENING = re.compile(r"我代表(?P<who>.{2,60}?)(?:[，,]\s*)?(?:向|就)|我受(?P<sender>.{2,60}?)委托")
# "县十六届人大一次会议以来": an earlier session of the same congress, cited in the text.
_PAST_SESSION = re.compile(
    rf"(?:省|市|县|区|州|旗|盟)?(?:第)?(?P<term>{_NUMBER})\s*届\s*(?:人大|人民代表大会|政协|委员会)"
    rf"\s*(?:第)?(?P<session>{_NUMBER})\s*次(?:全体)?会议"
)
# Who delivers a report to which meeting: only the 政协 standing committee reports to a 政协 plenary.
_CPPCC_MEETING = re.compile(r"政协|政治协商会议")
_PAST_SESSION_WINDOW = 3000
# Ordered: the first match wins, so "人民代表大会常务委员会" is tested before "政府" and "政协".
_BODIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("法院", re.compile(r"人民法院|法院工作报告")),
    ("检察院", re.compile(r"人民检察院|检察院工作报告")),
    ("人大常委会", re.compile(r"人民代表大会常务委员会|人大常委会|人大常务委员会")),
    ("政府", re.compile(r"人民政府|政府工作报告")),
    ("政协常委会", re.compile(r"政协|政治协商会议")),
)


@dataclass
class Meeting:
    term: int | None = None
    session: int | None = None
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(ParseWarning(code, message))


def find_body(title: str | None, delivery_line: str | None, opening: str | None) -> str | None:
    """The reporting body from the title, else from "我代表…"/"我受…委托", else from the meeting.

    A delivery line names only the meeting, which decides the body for a 政协 plenary alone.
    """
    for text in (title, _opening_who(opening)):
        if not text:
            continue
        for body, pattern in _BODIES:
            if pattern.search(text):
                return body
    if delivery_line and _CPPCC_MEETING.search(delivery_line):
        return "政协常委会"
    return None


def _opening_who(opening: str | None) -> str | None:
    found = _OPENING.search(opening or "")
    return (found["who"] or found["sender"]) if found else None


def find_meeting(
    title: str | None,
    delivery_line: str | None,
    opening: str | None,
    *,
    page_meeting: tuple[str, str] | None = None,
    body_text: str = "",
    other_titles: tuple[str, ...] = (),
) -> Meeting:
    """Term and session of the meeting that hears the report.

    The delivery line names that meeting; at a change of term it names the new term's first
    session while the title keeps the outgoing term ("第十五届…常务委员会工作报告" at 第十六届第一次会议).
    Without it, the term is the reporting committee's (title, "我受…第十三届…委托") or, last, that of
    an earlier session the text cites; the session then stays empty.
    """
    meeting = Meeting()
    delivered_term, meeting.session = _term_and_session(delivery_line or "")
    if delivery_line is None and title and ("会议上" in title or "会议的" in title):
        delivered_term, meeting.session = _term_and_session(title)  # "…在…第四次会议上的报告"
    title_term = next((term for text in (title, *other_titles) if text and (term := _term(text))), None)
    committee_term = _term(_opening_who(opening) or "")
    meeting.term = delivered_term or title_term or committee_term
    if delivered_term and title_term and delivered_term not in (title_term, title_term + 1):
        meeting.warn(
            "term.conflict",
            f"term: the delivery line says {delivered_term}, the title {title_term}; kept the delivery line",
        )
    if not delivered_term and meeting.term:
        message = f"term {meeting.term} is the reporting committee's, not the meeting's"
        meeting.warn("term.from_committee", message)
    if page_meeting and meeting.session is None:
        _take_page_meeting(meeting, page_meeting)
    if meeting.term is None:
        _take_past_session_term(meeting, body_text)
    if meeting.session is None:
        meeting.warn("session.missing", "session unknown: no delivery line naming 第…次会议")
    return meeting


def _take_page_meeting(meeting: Meeting, page_meeting: tuple[str, str]) -> None:
    """A portal's breadcrumb ("第七届五次会议") gives the session a damaged delivery line lost."""
    term, session = chinese_number(page_meeting[0]), chinese_number(page_meeting[1])
    if term and session and meeting.term in (None, term):
        meeting.term, meeting.session = term, session
        meeting.warn("session.from_page", f"term {term}, session {session} from the page's navigation")


def _take_past_session_term(meeting: Meeting, body_text: str) -> None:
    found = _PAST_SESSION.search(body_text[:_PAST_SESSION_WINDOW])
    if found:
        meeting.term = chinese_number(found["term"])
        meeting.warn(
            "term.from_committee",
            f"term {meeting.term} from an earlier session the text cites ({found.group(0)}); "
            "no delivery line",
        )
    else:
        meeting.warn("term.missing", "term unknown: no 第…届 in the title or delivery line")


def _term(text: str) -> int | None:
    found = _TERM.search(text) or _SHORT_TERM_SESSION.search(text)
    return chinese_number(found["term"]) if found else None


def _term_and_session(line: str) -> tuple[int | None, int | None]:
    short = _SHORT_TERM_SESSION.search(line)
    if short:
        return chinese_number(short["term"]), chinese_number(short["session"])
    session = _SESSION.search(line)
    # The term that counts is the one named before the session ("第十六届…第一次会议").
    before = line[: session.start()] if session else line
    terms = list(_TERM.finditer(before))
    term = chinese_number(terms[-1]["term"]) if terms else None
    return term, chinese_number(session["session"]) if session else None


# "xx县", "**区", "某某市", "×县": a place the page hides.
_REDACTED_PLACE = re.compile(r"(?:[xX×＊*_＿]{1,4}|某{1,2}|[ＸｘX]{2})(?:省|市|县|区|州|旗|盟)")


def find_region(naming: str, context: str, gazetteer, warnings: list[ParseWarning]) -> Region | None:
    """The division the title, delivery line and speaker line name; None (with a warning) if unclear.

    Names are as the report writes them: an earlier name ("江宁县") stays, the code is today's.
    """
    match = gazetteer.resolve(naming, context=context)
    if match.division is None:
        if _REDACTED_PLACE.search(naming):
            message = "region hidden on the page (xx县, **区): left empty"
            warnings.append(ParseWarning("region.redacted", message))
        elif match.candidates:
            names = "、".join(_describe(gazetteer, division) for division in match.candidates[:8])
            warnings.append(ParseWarning("region.ambiguous", f"region ambiguous: could be {names}"))
        else:
            message = "region unknown: no place name in the title, delivery line or speaker line"
            warnings.append(ParseWarning("region.unresolved", message))
        return None
    written = dict(match.former_names)
    province, prefecture, county = gazetteer.lineage(match.division)
    if written:
        names = "、".join(f"{name} ({adcode})" for adcode, name in written.items())
        warnings.append(ParseWarning("region.former_name", f"the report uses an earlier name: {names}"))
    return Region(
        adcode=match.division.adcode,
        level=match.division.level,
        province=_written(province, written),
        prefecture=_written(prefecture, written),
        county=_written(county, written),
    )


_PAPER_SUFFIX = re.compile(r"(?:日报|晚报|时报|都市报)$")


def region_of_newspaper(newspaper: str, gazetteer, warnings: list[ParseWarning]) -> Region | None:
    """A page that names no place: the region of its newspaper ("岳阳日报" is 岳阳市's), a province's
    or a prefecture's, never a county of the same name. Said in a warning: it is inferred."""
    stem = _PAPER_SUFFIX.sub("", newspaper)
    found = gazetteer.named(stem, ("province", "prefecture")) if stem != newspaper else []
    if not found:
        return None
    division = found[0]
    province, prefecture, _county = gazetteer.lineage(division)
    warnings.append(ParseWarning("region.from_newspaper", f"region from the newspaper's name {newspaper}"))
    return Region(
        adcode=division.adcode,
        level=division.level,
        province=province.name if province else None,
        prefecture=prefecture.name if prefecture else None,
        county=None,
    )


def _written(division, written: dict[str, str]) -> str | None:
    return written.get(division.adcode, division.name) if division else None


def _describe(gazetteer, division) -> str:
    names = [part.name for part in gazetteer.lineage(division) if part is not None]
    return "".join(names) + f" ({division.adcode})"
