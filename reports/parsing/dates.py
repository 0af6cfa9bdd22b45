"""Dates and numbers as newspapers print them: "2024年1月27日", "2024-01-27", "01-24", "第十四届"."""

import re
from datetime import date

_FULL_DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:年|[-./])\s*(?P<month>\d{1,2})\s*(?:月|[-./])\s*(?P<day>\d{1,2})(?!\d)"
)
# "27.04.2017": day, month, year, as some aggregators stamp a page.
_DOTTED_DMY = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?![\d.])")
_MONTH_DAY = re.compile(r"(?<!\d)(?P<month>\d{1,2})\s*(?:月|[-./])\s*(?P<day>\d{1,2})(?:日|(?!\d))")
_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def full_date(text: str) -> date | None:
    """The first complete, valid date in `text`."""
    for pattern in (_FULL_DATE, _DOTTED_DMY):
        for found in pattern.finditer(text):
            day = make_date(int(found["year"]), int(found["month"]), int(found["day"]))
            if day:
                return day
    return None


def month_day(text: str) -> tuple[int, int] | None:
    """A year-less "3月2日" or "01-24", when it is a possible day of the year."""
    for found in _MONTH_DAY.finditer(text):
        month, day = int(found["month"]), int(found["day"])
        if make_date(2000, month, day):  # a leap year accepts 2月29日
            return month, day
    return None


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def chinese_number(text: str) -> int | None:
    """ "十四" → 14, "二十一" → 21, "16" → 16; None for anything else."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(char not in _DIGITS and char not in "十百" for char in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current or None
