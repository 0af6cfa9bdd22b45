"""When: the delivery day, the page's publish date, and the year the report belongs to.

`year` is the year of delivery as the text states it, from the best evidence in this order: the
delivery date, a year in the title or headline ("2017年某县人民政府工作报告"), a publish stamp that
agrees with the content. A year worked out from the report's own headings — "XXXX年工作任务" (same
year), "XXXX年工作回顾" (+1, but a December session reviews its own year) — is only `year_inferred`.
When the stated years contradict the headings, neither is trusted and the year stays empty.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from reports.parsing.chrome import PageInfo
from reports.parsing.dates import full_date, make_date, month_day
from reports.parsing.headings import heading_level
from reports.parsing.warnings import ParseWarning

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?(?:的)?"
_TASKS = re.compile(rf"{_YEAR}(?:主要|重点)?(?:工作)?(?:任务|安排|建议|打算|部署|思路|目标)")
_REVIEW = re.compile(rf"{_YEAR}(?:主要)?(?:工作)?(?:回顾|总结)")
_PLAIN = re.compile(rf"{_YEAR}(?:主要|重点)?工作")
_FIVE_YEARS = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:过去|近|本届)?五年(?:来)?(?:的)?(?:主要)?(?:工作)?(?:回顾|总结)?"
)
_ONE_YEAR = re.compile(r"过去一年|一年来|过去的一年")
# Two-sessions season: a publish date outside it says little about the report's year.
_SESSION_MONTHS = (12, 1, 2, 3, 4)
# Newspapers print a report within days of its delivery, a digest at most a few weeks later.
_PRINT_DELAY_DAYS = 31


@dataclass
class When:
    delivered_on: date | None = None
    published_on: date | None = None
    year: int | None = None
    year_source: str | None = None
    year_inferred: int | None = None
    reviewed_year: int | None = None
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(ParseWarning(code, message))


@dataclass(frozen=True)
class _Headings:
    tasks: int | None
    review: int | None
    five_years: bool
    one_year: bool


def find_when(
    delivery_line: str | None, body_lines: list[str], page: PageInfo, title_year: int | None = None
) -> When:
    when = When()
    headings = _dated_headings(body_lines)
    when.published_on = page.published_on
    when.delivered_on, december = _delivery_day(delivery_line or "", page.published_on, when)
    if when.delivered_on is None and not any(warning.code == "date.missing" for warning in when.warnings):
        when.warn("date.missing", "no delivery date: the text has no dated delivery line")
    content_year = _content_year(headings, december)
    if when.delivered_on and not full_date(delivery_line or ""):
        _check_year_less_delivery(when, content_year, december)
    _judge_reader_dates(page, when, content_year)
    if when.published_on is None and page.published_month_day and content_year:
        when.published_on = make_date(content_year, *page.published_month_day)
        month, day = page.published_month_day
        when.warn(
            "date.publish_partial",
            f"publish date: the page gives only {month:02d}-{day:02d}; "
            f"year {content_year} from the report's headings",
        )
    _choose_year(when, headings, content_year, december, title_year, page.published_on)
    _choose_reviewed_year(when, headings, december)
    return when


def _dated_headings(lines: list[str]) -> _Headings:
    tasks = review = plain = None
    five_years = False
    for line in lines:
        if heading_level(line) != 1:
            continue
        tasks_found, review_found = _TASKS.search(line), _REVIEW.search(line)
        if tasks_found and tasks is None:
            tasks = int(tasks_found["year"])
        elif review_found and review is None:
            review = int(review_found["year"])
        elif _PLAIN.search(line) and plain is None:
            plain = int(_PLAIN.search(line)["year"])
        five_years = five_years or bool(_FIVE_YEARS.match(line))
    # "2023年主要工作" before "2024年工作安排" is the review part under another name.
    if review is None and tasks and plain == tasks - 1:
        review = plain
    one_year = any(_ONE_YEAR.search(line) for line in lines)
    return _Headings(tasks, review, five_years, one_year)


def _judge_reader_dates(page: PageInfo, when: When, content_year: int | None) -> None:
    """An e-paper banner date is the issue date when it fits the report, else the reader's today.

    It fits when the page has no labelled date of its own and the banner falls in the days after
    delivery (or, without a delivery date, in the content year's two-sessions season); a reader
    opened years later prints a date that fits neither.
    """
    labelled = page.published_on or page.published_month_day
    for day in page.reader_dates:
        fits = _is_issue_date(day, when.delivered_on, content_year)
        if fits and not labelled and when.published_on is None:
            when.published_on = page.published_on = day
            continue
        when.warn(
            "date.reader_date_ignored",
            f"ignored {day.isoformat()}: an e-paper reader's date of viewing, not a publish date",
        )


def _check_year_less_delivery(when: When, content_year: int | None, december: bool) -> None:
    """A portal re-posts a report months or years later: its publish year is then not the delivery
    year, and the report's own dated headings say which year it was."""
    delivered = when.delivered_on
    expected_year = content_year - 1 if (december and content_year) else content_year
    if delivered is None or expected_year is None or delivered.year == expected_year:
        return
    redated = make_date(expected_year, delivered.month, delivered.day)
    if redated:
        when.warn(
            "date.year_less",
            f"delivery date: the year-less {delivered.month}月{delivered.day}日 is put in {expected_year} "
            f"(the report's headings), not {delivered.year} (the publish date)",
        )
        when.delivered_on = redated


def _is_issue_date(day: date, delivered_on: date | None, content_year: int | None) -> bool:
    if delivered_on:
        return 0 <= (day - delivered_on).days <= _PRINT_DELAY_DAYS
    return day.year == content_year and day.month in _SESSION_MONTHS[1:]


def _delivery_day(line: str, published_on: date | None, when: When) -> tuple[date | None, bool]:
    """(delivery date, delivered in December); a year-less day takes the publish date's year."""
    day = full_date(line)
    if day:
        return day, day.month == 12
    found = month_day(line) if "月" in line else None
    if not found:
        return None, False
    month, day_of_month = found
    if published_on is None:
        when.warn("date.missing", f"delivery date {month}月{day_of_month}日 has no year and no publish date")
        return None, month == 12
    delivered = make_date(published_on.year, month, day_of_month)
    if delivered and delivered > published_on:  # printed in January, delivered in December
        delivered = make_date(published_on.year - 1, month, day_of_month)
    if delivered:
        message = f"the delivery line gives {month}月{day_of_month}日; year from the publish date"
        when.warn("date.year_less", message)
    return delivered, month == 12


def _content_year(headings: _Headings, december: bool) -> int | None:
    if headings.tasks:
        return headings.tasks
    if headings.review:
        return headings.review if december else headings.review + 1
    return None


def _choose_year(
    when: When,
    headings: _Headings,
    content_year: int | None,
    december: bool,
    title_year: int | None,
    published: date | None,
) -> None:
    if when.delivered_on:
        when.year, when.year_source = when.delivered_on.year, "delivery_date"
        if content_year and not _fits_content(when.year, content_year, december):
            when.warn(
                "year.conflict",
                f"year: delivery date says {when.year}, the headings {content_year}; kept the delivery date",
            )
        return
    if title_year:
        if content_year and not _fits_content(title_year, content_year, december):
            when.warn(
                "year.conflict",
                f"the title says {title_year}, the report's headings {content_year}: the page's year is "
                "not trusted",
            )
            return
        when.year, when.year_source = title_year, "title"
        when.warn("year.from_title", f"year {title_year} from the title; no delivery date")
        return
    if published and _publish_agrees(published, content_year, headings):
        when.year, when.year_source = published.year, "published_on"
        when.warn("year.from_publish_stamp", f"year {published.year} from the page's publish date")
        return
    if published:
        when.warn(
            "year.conflict",
            f"publish date {published.isoformat()} disagrees with the report's headings; "
            "not used for the year",
        )
    _infer_year(when, headings, content_year)


def _fits_content(year: int, content_year: int, december: bool) -> bool:
    return content_year == year or (december and content_year == year + 1)


def _infer_year(when: When, headings: _Headings, content_year: int | None) -> None:
    """No year stated: the headings' year goes to `year_inferred`, never to `year`."""
    if content_year:
        when.year_inferred = content_year
        source = "the tasks heading" if headings.tasks else "the review heading"
        when.warn("year.inferred", f"year {content_year} inferred from {source}; the text states no year")
    else:
        when.warn("year.missing", "year unknown: no delivery date, title year, publish date or dated heading")


def _publish_agrees(published: date, content_year: int | None, headings: _Headings) -> bool:
    if content_year is None:
        return published.month in _SESSION_MONTHS
    if published.year == content_year:
        return True
    # Printed in December, reviewing its own year and planning the next.
    return published.month == 12 and published.year in (headings.review, content_year - 1)


def _choose_reviewed_year(when: When, headings: _Headings, december: bool) -> None:
    if headings.review:
        when.reviewed_year = headings.review
    elif headings.five_years:
        when.warn("reviewed_year.five_years", "reviewed year: a five-year report reviews the whole term")
    elif (when.year or when.year_inferred) and headings.one_year:
        year = when.year or when.year_inferred
        when.reviewed_year = year if december else year - 1
    elif headings.tasks:
        # An annual report plans the year after the one it reviews, in January as in December.
        when.reviewed_year = headings.tasks - 1
    else:
        when.warn("reviewed_year.missing", "reviewed year unknown: no review heading")
