"""How to cite a report or one of its sections: GB/T 7714-2015 and BibTeX, from plain values.

No Django here: the view builds a `Citable` (see `citable_from`) and passes the permalink and the
access date. The formats:

- printed in a newspaper (type [N]), the newspaper's date and page number after the title:
  `作者. 题名[N]. 报纸名, 出版日期(版次)[引用日期]. 永久链接.`
- otherwise an online resource (type [EB/OL]), dated by delivery date or year when known:
  `作者. 题名[EB/OL]. (报告日期)[引用日期]. 永久链接.`

The author is the reporting body ("瓯海区政协常务委员会"), or 佚名 when the text does not say. A section
is cited as its report with the heading after the title as 其他题名信息 ("题名：章节标题") and the
section anchor appended to the permalink.
"""

import re
from dataclasses import dataclass, replace
from datetime import date

UNKNOWN_AUTHOR = "佚名"

# How each body signs its report, after the region name.
_AUTHOR_SUFFIXES = {
    "政协常委会": "政协常务委员会",
    "人大常委会": "人民代表大会常务委员会",
    "政府": "人民政府",
    "法院": "人民法院",
    "检察院": "人民检察院",
}

_BIBTEX_SPECIALS = re.compile(r"([{}%&#_$\\])")


@dataclass(frozen=True)
class Citable:
    """What a citation needs to know about a report (or one of its sections)."""

    key: str  # stable identifier, e.g. the first 12 hex digits of the original's SHA-256
    title: str
    author: str = UNKNOWN_AUTHOR
    year: int | None = None
    delivered_on: date | None = None
    newspaper: str = ""
    page: str = ""
    published_on: date | None = None
    section: str = ""  # heading of the cited section, empty for the whole report
    anchor: str = ""  # "s3" for a section


def author_of(region_name: str, body: str) -> str:
    """The reporting body as an author: 瓯海区 + 政协常委会 → 瓯海区政协常务委员会."""
    suffix = _AUTHOR_SUFFIXES.get(body, body)
    if not suffix:
        return UNKNOWN_AUTHOR
    return f"{region_name}{suffix}"


def citable_from(report) -> Citable:
    """A `Citable` from anything shaped like `reports.models.Report`."""
    region_name = report.region.name if report.region_id else ""
    author = author_of(region_name, report.body)
    title = report.title or f"{region_name}{report.body}工作报告"
    return Citable(
        key=report.sha256[:12],
        title=title,
        author=author,
        year=report.year,
        delivered_on=report.delivered_on,
        newspaper=report.source_newspaper,
        page=report.source_page,
        published_on=report.published_on,
    )


def for_section(citable: Citable, heading: str, anchor: str) -> Citable:
    return replace(citable, section=heading, anchor=anchor)


def page_number(page: str) -> str:
    """The page as GB/T 7714 puts it in brackets: "第8版" → "8", "第02版" → "2", "A3版" → "A3"."""
    match = re.search(r"([A-Za-z]?)0*(\d+)", page)
    return match.group(1) + match.group(2) if match else ""


def _full_title(citable: Citable) -> str:
    return f"{citable.title}：{citable.section}" if citable.section else citable.title


def _link(permalink: str, citable: Citable) -> str:
    return f"{permalink}#{citable.anchor}" if citable.anchor else permalink


def _date_or_year(citable: Citable) -> str:
    if citable.delivered_on:
        return citable.delivered_on.isoformat()
    return str(citable.year) if citable.year else ""


def gbt7714(citable: Citable, *, permalink: str, accessed: date) -> str:
    """The GB/T 7714-2015 reference, one line."""
    head = f"{citable.author}. {_full_title(citable)}"
    link = _link(permalink, citable)
    if citable.newspaper:
        when = citable.published_on.isoformat() if citable.published_on else _date_or_year(citable)
        page = page_number(citable.page)
        where = citable.newspaper + (f", {when}" if when else "") + (f"({page})" if page else "")
        return f"{head}[N]. {where}[{accessed.isoformat()}]. {link}."
    when = _date_or_year(citable)
    dated = f"({when})" if when else ""
    return f"{head}[EB/OL]. {dated}[{accessed.isoformat()}]. {link}."


def bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIALS.sub(r"\\\1", value)


def bibtex_key(citable: Citable) -> str:
    key = f"gzbg-{citable.key}"
    return f"{key}-{citable.anchor}" if citable.anchor else key


def _bibtex_fields(citable: Citable, link: str, accessed: date) -> list[tuple[str, str]]:
    # Double braces keep a corporate author from being split into first and last names.
    fields = [
        ("author", "{" + bibtex_escape(citable.author) + "}"),
        ("title", bibtex_escape(_full_title(citable))),
    ]
    if citable.newspaper:
        fields.append(("journal", bibtex_escape(citable.newspaper)))
        if citable.published_on:
            fields.append(("date", citable.published_on.isoformat()))
        if page_number(citable.page):
            fields.append(("pages", page_number(citable.page)))
    elif citable.delivered_on:
        fields.append(("date", citable.delivered_on.isoformat()))
    year = citable.published_on.year if citable.newspaper and citable.published_on else citable.year
    if year:
        fields.append(("year", str(year)))
    fields += [("url", link), ("urldate", accessed.isoformat()), ("langid", "chinese")]
    return fields


def bibtex(citable: Citable, *, permalink: str, accessed: date) -> str:
    """A BibTeX entry: @article for a newspaper print, @misc otherwise (biblatex field names)."""
    entry_type = "article" if citable.newspaper else "misc"
    fields = _bibtex_fields(citable, _link(permalink, citable), accessed)
    lines = [f"@{entry_type}{{{bibtex_key(citable)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)
