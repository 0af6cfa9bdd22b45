"""Who reports, where, and at which meeting: body, region, term (届) and session (次会议)."""

import re
from dataclasses import dataclass, field

from reports.parsing.dates import chinese_number
from reports.parsing.model import Region

_NUMBER = r"[一二三四五六七八九十百〇零\d]{1,4}"
_TERM = re.compile(rf"第\s*(?P<term>{_NUMBER})\s*届")
# "第四次会议" is a session; "常委会第16次会议" and "第二次全体会议" are not.
_SESSION = re.compile(rf"(?<!常委会)(?<!常务委员会)(?<!主任会议)第\s*(?P<session>{_NUMBER})\s*次会议")
# The newspaper shorthand "十届四次会议" / "十六届一次会议".
_SHORT_TERM_SESSION = re.compile(rf"(?<![第\d])(?P<term>{_NUMBER})\s*届\s*(?P<session>{_NUMBER})\s*次会议")
_OPENING = re.compile(r"我代表(?P<who>.{2,60}?)(?:[，,]\s*)?向(?:大会|会议|各位)")
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
    warnings: list[str] = field(default_factory=list)


def find_body(title: str | None, delivery_line: str | None, opening: str | None) -> str | None:
    """The reporting body from the title, else from "我代表…" (a delivery line names only the meeting)."""
    for text in (title, _opening_who(opening)):
        if not text:
            continue
        for body, pattern in _BODIES:
            if pattern.search(text):
                return body
    return None


def _opening_who(opening: str | None) -> str | None:
    found = _OPENING.search(opening or "")
    return found["who"] if found else None


def find_meeting(title: str | None, delivery_line: str | None, opening: str | None) -> Meeting:
    """Term and session of the meeting that hears the report.

    The delivery line names that meeting; at a change of term it names the new term's first
    session while the title keeps the outgoing term ("第十五届…常务委员会工作报告" at 第十六届第一次会议).
    """
    meeting = Meeting()
    delivered_term, meeting.session = _term_and_session(delivery_line or "")
    title_term = _term(title or "") or _term(_opening_who(opening) or "")
    meeting.term = delivered_term or title_term
    if delivered_term and title_term and delivered_term not in (title_term, title_term + 1):
        meeting.warnings.append(
            f"term: the delivery line says {delivered_term}, the title {title_term}; kept the delivery line"
        )
    if meeting.term is None:
        meeting.warnings.append("term unknown: no 第…届 in the title or delivery line")
    if meeting.session is None:
        meeting.warnings.append("session unknown: no delivery line naming 第…次会议")
    return meeting


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


def find_region(naming: str, context: str, gazetteer, warnings: list[str]) -> Region | None:
    """The division the title, delivery line and speaker line name; None (with a warning) if unclear."""
    match = gazetteer.resolve(naming, context=context)
    if match.division is None:
        if match.candidates:
            names = "、".join(_describe(gazetteer, division) for division in match.candidates[:8])
            warnings.append(f"region ambiguous: could be {names}")
        else:
            warnings.append("region unknown: no place name in the title, delivery line or speaker line")
        return None
    province, prefecture, county = gazetteer.lineage(match.division)
    return Region(
        adcode=match.division.adcode,
        level=match.division.level,
        province=province.name if province else None,
        prefecture=prefecture.name if prefecture else None,
        county=county.name if county else None,
    )


def _describe(gazetteer, division) -> str:
    names = [part.name for part in gazetteer.lineage(division) if part is not None]
    return "".join(names) + f" ({division.adcode})"
