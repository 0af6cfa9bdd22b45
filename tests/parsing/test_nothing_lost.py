"""The report's own text is never lost: every sentence of the input that is not chrome, a
continuation marker or an ad is in the cleaned text (whitespace-insensitive), for the real
samples and for generated reports with newspaper damage."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.parsing import ParseError, parse_report
from reports.parsing.script import to_simplified
from tests.parsing.golden import GOLDEN_DIR, SAMPLES_DIR

_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
# The test's own list of continuation markers, independent of the parser's.
_MARKERS = re.compile(r"[（(]?▲?(?:下转|上接|上紧接|紧接)第\d+版[)）]?")
_SENTENCE_PIECES = re.compile(r"[^。！？]+[。！？]")
# A half-width full stop after Chinese text is that sentence's "。" in a portal copy.
_HALF_STOP = re.compile(r"(?<=[\u4e00-\u9fff])\.(?![\d.])")


def normalise(text: str) -> str:
    """Whitespace, half-width punctuation and markdown emphasis ("**") are form, not content."""
    text = "".join(text.split()).translate(_HALF_TO_FULL).replace("**", "").replace("__", "")
    return _HALF_STOP.sub("。", text)


def report_sentences(raw: str) -> list[str]:
    """Sentences (and the pieces a marker or line break cuts them into) of the lines that hold prose."""
    pieces = []
    for line in raw.splitlines():
        if "。" not in normalise(line):
            continue  # chrome, titles, headings and ads hold no sentence
        for part in _MARKERS.split(normalise(line)):
            # A line may start with the "." that ends the sentence cut before it: that stop is the cut's.
            found = (piece.lstrip(".") for piece in _SENTENCE_PIECES.findall(part))
            pieces += [piece for piece in found if len(piece) > 1]
    return pieces


@pytest.mark.parametrize("sample", sorted(SAMPLES_DIR.glob("*.txt")), ids=lambda path: path.name[:3])
def test_every_sentence_of_a_sample_is_in_the_cleaned_text(sample):
    raw = sample.read_text(encoding="utf-8")
    cleaned = normalise(parse_report(raw).text)
    missing = [sentence for sentence in report_sentences(raw) if sentence not in cleaned]
    assert missing == []
    assert len(report_sentences(raw)) > 20


def _utf8_golden_reports() -> list:
    """The golden inputs in UTF-8 that parse as reports (the samples are above)."""
    paths = []
    for path in sorted(GOLDEN_DIR.glob("*.txt")):
        try:
            parse_report(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ParseError):
            continue
        paths.append(path)
    return paths


@pytest.mark.parametrize("path", _utf8_golden_reports(), ids=lambda path: path.stem)
def test_every_sentence_of_a_golden_report_is_in_the_cleaned_text(path):
    # A traditional copy comes back in simplified characters, one character for one.
    raw, _ = to_simplified(path.read_text(encoding="utf-8"))
    cleaned = normalise(parse_report(raw).text)
    assert [sentence for sentence in report_sentences(raw) if sentence not in cleaned] == []


ALPHABET = "政协委员会常务推动发展建设服务民生协商监督团结合作创新提升群众基层文化城市乡村经济治理质量"
phrases = st.text(alphabet=ALPHABET, min_size=3, max_size=20)
sentences = st.builds(lambda a, b: f"{a}，{b}。", phrases, phrases)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map("".join)
sections = st.tuples(phrases, st.lists(paragraphs, min_size=1, max_size=3))
HEAD = [
    "政协某某县第十届委员会常务委员会工作报告",
    "——2025年2月8日在政协某某县第十届委员会第四次会议上",
    "县政协主席 张三",
]
OPENING = ["各位委员：", "我代表政协某某县第十届委员会常务委员会，向大会报告工作，请予审议。"]
NUMBERS = "一二三四五六七八九十"
# Page furniture of portals and e-papers, above and below the report; none of it is report text.
TOP_CHROME = [
    "首页 > 新闻中心 > 要闻",
    "当前位置：首页 > 政务公开 > 政府工作报告",
    "来源：某某日报 浏览次数：12",
    "发布时间：2023-02-10 09:30 来源：市政府办公室 浏览次数：1234",
    "【字体：大 中 小】",
    "第A03版：两会特刊",
    "上一版 下一版",
    "放大 缩小 默认",
    "返回目录",
]
BOTTOM_CHROME = [
    "【打印本页】【关闭窗口】",
    "打印本页 关闭窗口",
    "分享到：",
    "上一篇 下一篇",
    "主办单位：某某市人民政府办公室 某ICP备05004143号",
    "某某日报社版权所有",
]


@st.composite
def damaged_reports(draw):
    """(raw page text, the report's true paragraphs) with chrome, breaks, markers and ads added."""
    body = list(OPENING)
    for number, (heading, section_paragraphs) in enumerate(draw(st.lists(sections, min_size=1, max_size=4))):
        body += [f"{NUMBERS[number]}、{heading}", *section_paragraphs]
    raw_lines = [*draw(st.lists(st.sampled_from(TOP_CHROME), max_size=4, unique=True)), *HEAD]
    jump_done = False
    for paragraph in body:
        raw_lines += _damage(draw, paragraph, jump_done)
        jump_done = jump_done or "（紧接第1版）" in raw_lines[-1]
    raw_lines += ["扬正气·促和谐", *draw(st.lists(st.sampled_from(BOTTOM_CHROME), min_size=1, max_size=4))]
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return separator.join(raw_lines), HEAD + body


def _damage(draw, paragraph: str, jump_done: bool) -> list[str]:
    indent = draw(st.sampled_from(["", "\u3000\u3000", "  ", "\xa0"]))
    if draw(st.booleans()):
        paragraph = paragraph.replace("，", ",")
    cut = _cut_point(draw, paragraph)
    if cut is None:
        return [indent + paragraph]
    first, rest = paragraph[:cut], paragraph[cut:]
    if not jump_done and draw(st.booleans()):  # a page jump, marked at both ends
        return [indent + first, "（下转第2版）", "（紧接第1版）" + rest]
    return [indent + first, rest]  # a column break


def _cut_point(draw, paragraph: str) -> int | None:
    """A cut after the first comma and not right after a sentence's end: a break mid-sentence."""
    first_comma = min(paragraph.find("，") if "，" in paragraph else len(paragraph), paragraph.find(","))
    first_comma = paragraph.find("，") if paragraph.find(",") < 0 else first_comma
    if first_comma < 0 or not draw(st.booleans()):
        return None
    candidates = [i for i in range(first_comma + 2, len(paragraph) - 1) if paragraph[i - 1] not in "。，,"]
    return draw(st.sampled_from(candidates)) if candidates else None


@settings(max_examples=150, deadline=None)
@given(damaged_reports())
def test_generated_reports_lose_nothing_and_come_back_paragraph_for_paragraph(case):
    raw, true_paragraphs = case
    parsed = parse_report(raw)
    cleaned_lines = [normalise(line) for line in parsed.text.split("\n")]
    assert cleaned_lines == [normalise(paragraph) for paragraph in true_paragraphs]
    assert "转第" not in parsed.text and "浏览次数" not in parsed.text and "扬正气" not in parsed.text


@settings(max_examples=100, deadline=None)
@given(damaged_reports())
def test_sections_hold_every_body_line(case):
    raw, true_paragraphs = case
    parsed = parse_report(raw)
    in_sections = "".join(section.heading + section.text for section in parsed.sections)
    body = true_paragraphs[len(HEAD) :]
    assert normalise(in_sections) == normalise("".join(body))


@st.composite
def mutated_reports(draw):
    """A damaged report with lines deleted or repeated, punctuation widths swapped and NBSP inserted."""
    raw, _ = draw(damaged_reports())
    lines = raw.splitlines()
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[index]
        else:
            lines.insert(index, lines[index])
        if not lines:
            lines = ["各位委员："]
    widths = draw(st.sampled_from([{}, {"，": ",", "：": ":"}, {"。": "."}, {"（": "(", "）": ")"}]))
    lines = [line.translate(str.maketrans(widths)) for line in lines]
    nbsp_at = draw(st.integers(0, len(lines) - 1))
    position = draw(st.integers(0, len(lines[nbsp_at])))
    lines[nbsp_at] = lines[nbsp_at][:position] + "\xa0" + lines[nbsp_at][position:]
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(mutated_reports())
def test_mutated_reports_raise_only_parse_errors_and_lose_no_sentence(raw):
    try:
        parsed = parse_report(raw)
    except ParseError:
        return  # refusing a page that lost its title and opening is allowed; crashing is not
    cleaned = normalise(parsed.text)
    assert [sentence for sentence in report_sentences(raw) if sentence not in cleaned] == []
