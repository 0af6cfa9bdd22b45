"""Text-shape repairs made before any metadata is read.

Aggregators and converters damage a page's shape in a few recurring ways: a junk token stands in
for every line break, the head (title, delivery line, speaker, salutation) runs together on one line,
a page has no line breaks at all, a delivery line is hard-wrapped, a date is printed in Chinese
numerals or lost a digit or its 年, quotation marks became ";;". Each repair here changes the shape
only; the words of the report stay as they are.
"""

import re
from collections import Counter

# A mixed-case ASCII token glued to Chinese text, repeated over the page: "…回顾pbY", "wYm河北省…".
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,5}(?![A-Za-z0-9])")
_MIN_JUNK_REPEATS = 3
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Dashes that lead a delivery line: "——", "—", "--", "――" (U+2015), "──" (U+2500).
DASHES = "—\\-－–―─"
_DATE = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
# Where the head's parts meet when they run together on one line.
_HEAD_BREAKS = re.compile(
    rf"(?<![{DASHES}])\s*(?=[{DASHES}]{{1,3}}\s*(?:{_DATE}|在))"  # before a delivery line "——2024年…在…"
    # before a bracketed date "(2024年1月10日…)", unless it closes a delivery line "…会议上(2005年2月23日)"
    rf"|(?<=\S)(?<!会议上)(?<!大会上)\s*(?=[（(]\s*{_DATE}[^）)]{{0,60}}[）)])"
    r"|(?<=(?:会议|大会)上)\s*(?=[\u4e00-\u9fff])(?![作做的所])"  # after "…第三次会议上", before the speaker
    r"|(?<=日[)）])\s*(?=[\u4e00-\u9fff])"  # after "（2005年2月23日）", before the speaker
    r"|(?<=[^\s，,、：:])\s*(?=(?:各位代表|各位委员|各位同志|同志们)[，,、：:])"  # before the salutation
    r"|(?:(?<=各位代表[：:])|(?<=各位委员[：:])|(?<=各位同志[：:])|(?<=同志们[：:]))\s*(?=\S)"  # after it
)
_HEAD_END = re.compile(r"[。！？!?]")
# An unbroken page: a line this long is many paragraphs, split before their numbered headings.
_LONG_LINE = 1500
_UNBROKEN_MAX_LINES = 2
# "一、2023年工作回顾一年来，…": a part heading run into its first paragraph. A split inside a
# sentence ("做好工作安排部署") is joined again by the paragraph rejoining, which never joins a heading.
_PART_HEADING_END = re.compile(
    r"(?:(?<=工作回顾)|(?<=工作安排)|(?<=工作任务)|(?<=主要任务))\s*(?![和与及、的])(?=[\u4e00-\u9fff\d])"
)
_BODY_BREAKS = re.compile(
    r"(?<=[。！？!?])\s*(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"(?:\d{4}年|过去一年|过去五年|今后五年)[^。，,]{0,12}(?:回顾|任务|安排))"
)
# "——2024年1月10日在某县第十八届" + "人民代表大会第三次会议上": one delivery line, hard-wrapped.
_DELIVERY_START = re.compile(rf"^[（(]?[{DASHES}]{{0,3}}\s*(?:{_DATE})?\s*在")
_DELIVERY_END = re.compile(r"(?:会议|大会)(?:上|开幕)?[)）]?$")
_DELIVERY_DONE = re.compile(r"(?:会议|大会)(?:上|开幕)")
_MAX_DELIVERY_CHARS = 90

# Zero is printed 〇, ○, 零, or by a careless typist as the letter O or the digit 0 ("二OO五年").
_CN_DIGITS = dict(zip("〇○零OoＯ0０一二三四五六七八九", "00000000123456789", strict=True))
_CN_DATE = re.compile(
    r"(?P<year>[〇○零OoＯ0０一二三四五六七八九]{4})\s*年\s*(?P<month>[元正一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<day>[一二三四五六七八九十]{1,3})\s*日"
)
# "20261月5日": the 年 lost between year and month.
_LOST_YEAR_MARK = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>1[0-2]|0?[1-9])月(?=\d{1,2}日)")
# ";;十四五;;": quotation marks lost in a conversion.
_DOUBLE_SEMICOLON_QUOTES = re.compile(r";;([^;\n]{1,40}?);;")


def remove_junk_tokens(text: str) -> tuple[str, list[str]]:
    """(text without the junk, the junk tokens): tokens in mixed case glued to Chinese, repeated."""
    counts: Counter[str] = Counter()
    for found in _TOKEN.finditer(text):
        token = found.group(0)
        if token.lower() == token or token.upper() == token:
            continue  # "GDP", "km", "PM": real words are one case
        before, after = text[found.start() - 1 : found.start()], text[found.end() : found.end() + 1]
        if _CJK.match(before) or _CJK.match(after) or after in ("\n", ""):
            counts[token] += 1
    junk = [token for token, count in counts.items() if count >= _MIN_JUNK_REPEATS]
    for token in junk:
        text = re.sub(rf"(?<![A-Za-z0-9]){token}(?![A-Za-z0-9])", "", text)
    return text, junk


def repair_dates(text: str) -> str:
    """Chinese-numeral dates in digits, a lost 年 put back: what the date rules can read."""
    text = _CN_DATE.sub(_cn_date_in_digits, text)
    return _LOST_YEAR_MARK.sub(lambda found: f"{found['year']}年{found['month']}月", text)


def _cn_date_in_digits(found: re.Match[str]) -> str:
    year = "".join(_CN_DIGITS[char] for char in found["year"])
    month = 1 if found["month"] in ("元", "正") else _small_number(found["month"])
    day = _small_number(found["day"])
    if not (month and day):
        return found.group(0)
    return f"{year}年{month}月{day}日"


def _small_number(text: str) -> int | None:
    """一 … 三十一."""
    if "十" not in text:
        return int(_CN_DIGITS[text]) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    value = (int(_CN_DIGITS[tens]) if tens else 1) * 10 + (int(_CN_DIGITS[units]) if units else 0)
    return value if value <= 31 else None


def repair_quotes(text: str) -> str:
    return _DOUBLE_SEMICOLON_QUOTES.sub(r"“\1”", text)


def split_head_runs(lines: list[str]) -> list[str]:
    """Break the head's parts onto lines of their own, up to the first sentence of the text.

    A page that lost its line breaks runs title, delivery line, speaker, salutation and opening
    together; the rules that read them work line by line. A delivery line hard-wrapped over lines is
    joined, and what followed it on its last line split off again.
    """
    return _split_head_pass(_join_wrapped_delivery_lines(_split_head_pass(lines)))


def _split_head_pass(lines: list[str]) -> list[str]:
    result: list[str] = []
    in_head = True
    for line in lines:
        if in_head:
            end = _HEAD_END.search(line)
            head, rest = (line[: end.start()], line[end.start() :]) if end else (line, "")
            pieces = [piece.strip() for piece in _HEAD_BREAKS.split(head)]
            pieces = [piece for piece in pieces if piece]
            if rest and pieces:
                pieces[-1] += rest
            elif rest:
                pieces = [rest]
            result.extend(pieces)
            in_head = end is None
        else:
            result.append(line)
    return result


def split_long_lines(lines: list[str]) -> list[str]:
    """A page without line breaks: its numbered headings start lines again.

    Only very long lines, or every line of a page that has at most two lines of sentences: a
    paragraph that lists "一、…。二、…。" inline stays one paragraph.
    """
    result: list[str] = []
    unbroken = sum(1 for line in lines if _HEAD_END.search(line)) <= _UNBROKEN_MAX_LINES
    for line in lines:
        if unbroken or len(line) > _LONG_LINE:
            pieces = (part for piece in _BODY_BREAKS.split(line) for part in _PART_HEADING_END.split(piece))
            result.extend(piece for piece in pieces if piece)
        else:
            result.append(line)
    return result


def _join_wrapped_delivery_lines(lines: list[str]) -> list[str]:
    result: list[str] = []
    index = 0
    while index < len(lines):
        taken = _wrapped_delivery_length(lines, index)
        result.append("".join(lines[index : index + taken]))
        index += taken
    return result


def _wrapped_delivery_length(lines: list[str], index: int) -> int:
    """How many lines from `index` make one delivery line (1 when it is not a wrapped one)."""
    line = lines[index]
    if not _DELIVERY_START.match(line) or _DELIVERY_END.search(line) or "。" in line:
        return 1
    joined = line
    for ahead in (1, 2):
        if index + ahead >= len(lines):
            break
        following = lines[index + ahead]
        if _DELIVERY_START.match(following) or following.endswith("工作报告"):
            break  # a truncated copy of the line, printed again in full below
        joined += following
        if len(joined) > _MAX_DELIVERY_CHARS or "。" in joined:
            break
        if _DELIVERY_DONE.search(joined):
            return ahead + 1
    return 1
