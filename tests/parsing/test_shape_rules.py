"""Text-shape damage repaired before the metadata is read: one small text per kind of damage."""

from datetime import date

from reports.parsing import parse_report
from reports.parsing.shape import remove_junk_tokens, repair_dates, repair_quotes, split_head_runs
from tests.parsing.helpers import codes

HEAD = [
    "浮山县人民政府工作报告",
    "——2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
    "县长 王建国",
    "各位代表：",
]
BODY = [
    "现在，我代表县人民政府，向大会报告工作，请予审议。",
    "一、2023年工作回顾",
    "一年来，全县经济运行稳中有进，地区生产总值增长百分之五。",
    "二、2024年工作安排",
    "今年要抓好项目建设和民生保障。",
]


def test_a_mixed_case_junk_token_standing_for_line_breaks_is_removed():
    raw = "\n".join(line + "xQz" for line in HEAD + BODY)
    parsed = parse_report(raw.replace("\n", "\nxQz\n"))
    assert "xQz" not in parsed.text
    assert (parsed.speaker, parsed.session) == ("王建国", 3)
    assert "text.reprint" in codes(parsed)


def test_acronyms_are_never_junk():
    text, junk = remove_junk_tokens("GDP增长\nGDP总量\n人均GDP\nCPI上涨")
    assert junk == [] and text.count("GDP") == 3


def test_a_page_without_line_breaks_is_read_like_any_other():
    parsed = parse_report("".join(HEAD + BODY))
    assert (parsed.title, parsed.speaker, parsed.term, parsed.session) == (
        "浮山县人民政府工作报告",
        "王建国",
        17,
        3,
    )
    assert [section.heading for section in parsed.sections if section.level] == [
        "一、2023年工作回顾",
        "二、2024年工作安排",
    ]


def test_a_page_with_spaces_for_line_breaks():
    parsed = parse_report(" ".join(HEAD + BODY))
    assert (parsed.speaker, parsed.delivered_on) == ("王建国", date(2024, 1, 10))


def test_hard_wraps_inside_words_and_numbers_are_joined():
    body = [
        "现在，我代表县人民政府，向大会报告工作，请予审议。",
        "一、2023年工作回顾",
        "全年地区生产总值增长到1.",
        "88倍，财政收入增长百分之",
        "五。",
    ]
    parsed = parse_report("\n".join(HEAD + body))
    assert "全年地区生产总值增长到1.88倍，财政收入增长百分之五。" in parsed.text


def test_double_semicolons_standing_for_quotation_marks():
    assert repair_quotes("落实;;十四五;;规划") == "落实“十四五”规划"


def test_dates_in_chinese_numerals_and_with_a_lost_nian():
    assert repair_dates("二〇二四年元月十五日") == "2024年1月15日"
    assert repair_dates("二〇一九年十二月三十一日") == "2019年12月31日"
    assert repair_dates("20261月5日") == "2026年1月5日"
    assert repair_dates("2026年1月5日") == "2026年1月5日"


def test_the_head_split_stops_at_the_first_sentence():
    lines = split_head_runs(
        [
            "政府工作报告——2024年1月10日在某县第十七届人民代表大会第三次会议上"
            "王五各位代表：现在，我代表县人民政府。各位代表：再见"
        ]
    )
    assert lines == [
        "政府工作报告",
        "——2024年1月10日在某县第十七届人民代表大会第三次会议上",
        "王五",
        "各位代表：",
        "现在，我代表县人民政府。各位代表：再见",
    ]


def test_a_paywall_page_is_parsed_and_flagged_as_truncated():
    parsed = parse_report(
        "\n".join(["免费预览已结束，请下载后查看全文", "还剩5页可免费阅读，继续阅读", *HEAD, *BODY])
    )
    assert parsed.speaker == "王建国"
    assert "text.truncated" in codes(parsed)
    assert "免费预览" not in parsed.text


TRADITIONAL_HEAD = [
    "浮山縣人民政府工作報告",
    "——2024年1月10日在浮山縣第十七屆人民代表大會第三次會議上",
    "縣長 王建國",
    "各位代表：",
]
TRADITIONAL_BODY = [
    "現在，我代表縣人民政府，向大會報告工作，請予審議。",
    "一、2023年工作回顧",
    "一年來，全縣經濟運行穩中有進，地區生產總值增長百分之五，"
    "財政收入穩步增長，城鄉居民收入持續提高，民生實事全部完成，社會事業全面進步。",
]


def test_a_traditional_copy_is_read_in_simplified_and_flagged():
    parsed = parse_report("\n".join(TRADITIONAL_HEAD + TRADITIONAL_BODY))
    assert (parsed.body, parsed.term, parsed.session, parsed.speaker) == ("政府", 17, 3, "王建国")
    assert parsed.region.county == "浮山县"
    assert "text.traditional" in codes(parsed)


def test_a_traditional_copy_keeps_its_own_characters_in_text_and_sections():
    parsed = parse_report("\n".join(TRADITIONAL_HEAD + TRADITIONAL_BODY))
    assert parsed.text.split("\n") == TRADITIONAL_HEAD + TRADITIONAL_BODY
    assert [section.heading for section in parsed.sections] == ["", "一、2023年工作回顧"]
    assert parsed.sections[1].text == TRADITIONAL_BODY[2]
    assert parsed.title == "浮山县人民政府工作报告"  # metadata in simplified, for browsing and facets


def test_pdf_page_furniture_and_a_table_of_contents_are_dropped():
    lines = [
        "目  录",
        "一、2023年工作回顾……………………1",
        "二、2024年工作安排 ………… 5",
        *HEAD,
        "现在，我代表县人民政府，向大会报告工作，请予审议。",
        "一、2023年工作回顾",
        "一年来，全县经济运行",
        "— 1 —",
        "稳中有进，地区生产总值增长百分之五。",
        "第 2 页 共 30 页",
        "二、2024年工作安排",
        "今年要抓好项目建设和民生保障。",
    ]
    parsed = parse_report("\n".join(lines))
    assert (parsed.speaker, parsed.session) == ("王建国", 3)
    assert "一年来，全县经济运行稳中有进，地区生产总值增长百分之五。" in parsed.text
    assert "……" not in parsed.text and "— 1 —" not in parsed.text and "共 30 页" not in parsed.text


def test_a_running_header_is_kept_once():
    lines = [*HEAD, *BODY[:3], "政府工作报告", BODY[3], "政府工作报告", BODY[4], "政府工作报告"]
    parsed = parse_report("\n".join(["政府工作报告", *lines]))
    assert parsed.text.count("政府工作报告") == 2  # the title line and the first header line


def test_a_short_line_of_the_report_that_recurs_is_kept_every_time():
    lines = [*HEAD, BODY[0], "一、2023年工作回顾", "主要做法", "抓项目。", "二、2024年工作安排", "主要做法"]
    lines += ["抓民生。", "三、自身建设", "主要做法", "抓作风。"]
    parsed = parse_report("\n".join(lines))
    assert parsed.text.count("主要做法") == 3
