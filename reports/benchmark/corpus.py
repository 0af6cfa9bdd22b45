"""Synthetic work reports from the five samples' paragraphs: a generated head, numbered parts, ~15,000 chars.

Plain text in, plain text out (no Django), reproducible from a seed.
"""

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "samples"
REPORT_CHARS = 15_000
SECTION_CHARS = 1_500
_NUMERALS = "一二三四五六七八九十"
_TERM_NUMERALS = ["三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]
_SESSION_NUMERALS = ["一", "二", "三", "四", "五"]
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = "建国志强国华海明文军伟平红英华卫东晓光永刚玉兰秀英德胜振宇春生学敏慧静丽云峰立新雪梅"
_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|●|\d+[.、．])")


@dataclass(frozen=True)
class County:
    adcode: str
    name: str  # e.g. 柯城区
    prefecture: str  # e.g. 衢州市, "" for a county under a province directly


@dataclass(frozen=True)
class SyntheticReport:
    name: str
    text: str
    year: int
    county: County
    body: str


@cache
def sample_paragraphs() -> tuple[str, ...]:
    """Body paragraphs of the samples: lines of 20+ characters that do not look like headings."""
    paragraphs = []
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 20 and not _HEADING_RE.match(line) and "报告" not in line[:30]:
                paragraphs.append(line)
    return tuple(paragraphs)


@cache
def sample_headings() -> tuple[str, ...]:
    """Short heading texts of the samples, without their numbering."""
    headings = set()
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if _HEADING_RE.match(line) and 6 <= len(line) <= 40:
                headings.add(_HEADING_RE.sub("", line).strip("，。 "))
    return tuple(sorted(heading for heading in headings if heading))


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def report_head(rng: random.Random, county: County, year: int, body: str) -> list[str]:
    """Title, delivery line with a date, speaker line: the three kinds of report the archive holds."""
    term, session = rng.choice(_TERM_NUMERALS), rng.choice(_SESSION_NUMERALS)
    place = f"{county.prefecture}{county.name}"
    date = f"{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
    speaker = _person(rng)
    if body == "政协常委会":
        return [
            f"中国人民政治协商会议第{term}届{place}委员会常务委员会工作报告",
            f"{date}在政协第{term}届{place}委员会第{session}次会议上",
            f"{county.name}政协主席 {speaker}",
        ]
    if body == "人大常委会":
        return [
            f"{place}人民代表大会常务委员会工作报告",
            f"{date}在{place}第{term}届人民代表大会第{session}次会议上",
            f"{county.name}人大常委会主任 {speaker}",
        ]
    office = "区长" if county.name.endswith("区") else "县长" if county.name.endswith("县") else "市长"
    return [
        f"{place}政府工作报告",
        f"——{date}在{place}第{term}届人民代表大会第{session}次会议上",
        f"{county.name}人民政府{office} {speaker}",
    ]


def report_parts(rng: random.Random, chars: int = REPORT_CHARS) -> list[str]:
    """Numbered parts of ~SECTION_CHARS characters each, about `chars` characters in all."""
    paragraphs, headings = sample_paragraphs(), sample_headings()
    lines, total, number = [], 0, 0
    while total < chars:
        lines.append(f"{_NUMERALS[number % len(_NUMERALS)]}、{rng.choice(headings)}")
        number += 1
        length = 0
        while length < SECTION_CHARS:
            paragraph = rng.choice(paragraphs)
            lines.append(paragraph)
            length += len(paragraph)
        total += length
    return lines


def synthetic_report(rng: random.Random, county: County, number: int, extra: str = "") -> SyntheticReport:
    year = rng.randint(2000, 2025)
    body = rng.choice(("政协常委会", "政协常委会", "人大常委会", "政府"))
    lines = [*report_head(rng, county, year, body), "各位代表、各位委员：", *report_parts(rng)]
    if extra:
        lines.append(extra)
    return SyntheticReport(f"synthetic-{number:05d}.txt", "\n\n".join(lines) + "\n", year, county, body)


def synthetic_reports(count: int, counties: list[County], seed: int) -> Iterator[SyntheticReport]:
    """The corpus, one report at a time (a large one does not fit in memory whole); the same reports,
    in the same order, for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    for number in range(count):
        yield synthetic_report(rng, rng.choice(counties), number)
