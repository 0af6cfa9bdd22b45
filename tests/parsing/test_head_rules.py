"""One small text per head rule: speaker, delivery line and date forms, written from the structure of
a report's head (title, delivery line, speaker, salutation), not copied from any page."""

from datetime import date

import pytest

from reports.parsing import parse_report
from tests.parsing.helpers import codes

GOV_BODY = (
    "现在，我代表县人民政府，向大会报告工作，请予审议。\n"
    "一、2023年工作回顾\n"
    "一年来，全县经济运行稳中有进，地区生产总值增长百分之五。\n"
    "二、2024年工作安排\n"
    "今年要抓好项目建设和民生保障。\n"
)
TITLE = "浮山县人民政府工作报告"
DELIVERY = "——2024年1月10日在浮山县第十七届人民代表大会第三次会议上"


def gov(*head: str, salutation: str = "各位代表：") -> str:
    return "\n".join([*head, salutation, GOV_BODY])


@pytest.mark.parametrize(
    "head",
    [
        (TITLE, "王建国", DELIVERY),  # a bare name under the title
        (TITLE, DELIVERY, "王建国"),  # a bare name under the delivery line
        (TITLE, DELIVERY, "县长 王建国"),
        (TITLE, DELIVERY, "浮山县人民政府县长王建国"),
        (TITLE, DELIVERY, "代理县长  王建国"),
        (TITLE, DELIVERY, "王  建  国"),  # letter-spaced
    ],
)
def test_the_speaker_is_read_from_each_kind_of_speaker_line(head):
    assert parse_report(gov(*head)).speaker == "王建国"


def test_a_bare_name_without_a_han_surname_between_delivery_line_and_salutation():
    assert parse_report(gov(TITLE, DELIVERY, "才让东珠")).speaker == "才让东珠"


def test_a_bare_word_without_a_surname_elsewhere_in_the_head_is_no_speaker():
    assert parse_report(gov("才让东珠", TITLE, DELIVERY)).speaker is None


def test_a_name_glued_to_the_salutation_is_the_speaker():
    parsed = parse_report(gov(TITLE, DELIVERY, salutation="王建国各位代表、同志们："))
    assert parsed.speaker == "王建国"


def test_the_speaker_named_in_the_author_field_of_a_portal_page():
    parsed = parse_report(gov(TITLE, "作者：县政府县长 王建国", DELIVERY))
    assert parsed.speaker == "王建国"


def test_a_speaker_named_in_a_headline_of_the_form_tongzhi_zai():
    parsed = parse_report(gov("王建国同志在浮山县第十七届人民代表大会第三次会议上的报告"))
    assert parsed.speaker == "王建国"


def test_a_word_that_is_not_a_name_is_no_speaker():
    parsed = parse_report(gov(TITLE, DELIVERY, "全文如下"))
    assert parsed.speaker is None
    assert "speaker.missing" in codes(parsed)


@pytest.mark.parametrize(
    "delivery",
    [
        "（2024年1月10日在浮山县第十七届人民代表大会第三次会议上）",
        "(2024年1月10日在浮山县第十七届人民代表大会第三次会议上)",
        "—2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
        "──2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
        "――2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
        "--2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
        "2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
        "——二〇二四年一月十日在浮山县第十七届人民代表大会第三次会议上",
        "——20241月10日在浮山县第十七届人民代表大会第三次会议上",  # 年 lost
    ],
)
def test_each_form_of_the_delivery_line_gives_date_term_and_session(delivery):
    parsed = parse_report(gov(TITLE, delivery, "县长 王建国"))
    assert (parsed.delivered_on, parsed.term, parsed.session) == (date(2024, 1, 10), 17, 3)
    assert (parsed.year, parsed.year_source) == (2024, "delivery_date")


def test_a_delivery_line_at_the_end_of_the_title_line():
    parsed = parse_report(gov(TITLE + "（2024年1月10日在浮山县第十七届人民代表大会第三次会议上）"))
    assert (parsed.title, parsed.delivered_on, parsed.session) == (TITLE, date(2024, 1, 10), 3)


def test_a_chinese_numeral_date_with_yuanyue():
    parsed = parse_report(gov(TITLE, "——二〇一九年元月十五日在浮山县第十六届人民代表大会第四次会议上"))
    assert parsed.delivered_on == date(2019, 1, 15)


def test_a_year_less_delivery_date_takes_the_year_of_the_publish_stamp():
    text = gov("发布时间：2024-03-05 10:00", TITLE, "——3月2日在浮山县第十七届人民代表大会第三次会议上")
    parsed = parse_report(text)
    assert parsed.delivered_on == date(2024, 3, 2)
    assert "date.year_less" in codes(parsed)


def test_a_delivery_line_below_portal_chrome():
    text = gov(
        "信息索引号：11141027MB1234567X/2024-00012",
        "发布机构：浮山县人民政府办公室",
        "发布时间：2024-01-15",
        "来源：县政府办",
        "当前位置：首页 > 政务公开 > 政府工作报告",
        TITLE,
        DELIVERY,
        "县长 王建国",
    )
    parsed = parse_report(text)
    assert (parsed.title, parsed.delivered_on, parsed.speaker) == (TITLE, date(2024, 1, 10), "王建国")
    assert parsed.source.published_on == date(2024, 1, 15)


def test_a_delivery_line_hard_wrapped_over_two_lines():
    parsed = parse_report(gov(TITLE, "——2024年1月10日在浮山县第十七届", "人民代表大会第三次会议上", "王建国"))
    assert (parsed.term, parsed.session, parsed.speaker) == (17, 3, "王建国")


def test_a_head_run_together_on_one_line():
    line = f"{TITLE}{DELIVERY}浮山县人民政府县长王建国各位代表：现在，我代表县人民政府，向大会报告工作。"
    parsed = parse_report(line + "\n" + GOV_BODY.split("\n", 1)[1])
    assert (parsed.title, parsed.speaker, parsed.session) == (TITLE, "王建国", 3)


def test_a_head_separated_by_spaces_on_one_line():
    line = f"政府工作报告 {DELIVERY} 浮山县县长 王建国 各位代表: 现在,我代表县人民政府,向大会报告工作。"
    parsed = parse_report(line + "\n" + GOV_BODY.split("\n", 1)[1])
    assert (parsed.speaker, parsed.delivered_on) == ("王建国", date(2024, 1, 10))


def test_a_bracketed_date_closing_the_delivery_line():
    parsed = parse_report(
        gov(TITLE, "——在浮山县第十七届人民代表大会第三次会议上（2024年1月10日）", "县长 王建国")
    )
    assert (parsed.delivered_on, parsed.session) == (date(2024, 1, 10), 3)


def test_portal_chrome_with_pipes_and_letter_spaced_field_names_is_dropped():
    parsed = parse_report(
        gov(
            "首页 | 走进浮山 | 政务公开 | 办事服务 | 互动交流",
            "索 引 号：141027-2024-001",
            "标　　题：浮山县人民政府工作报告",
            TITLE,
            DELIVERY,
            "县长 王建国",
        )
    )
    assert (parsed.title, parsed.speaker, parsed.session) == (TITLE, "王建国", 3)
    assert "走进浮山" not in parsed.text


def test_a_date_alone_on_a_line_under_the_speaker_is_the_delivery_date():
    delivery = "——在浮山县第十七届人民代表大会第三次会议上"
    parsed = parse_report(gov(TITLE, delivery, "县长 王建国", "（2024年1月10日）"))
    assert (parsed.delivered_on, parsed.session) == (date(2024, 1, 10), 3)


def test_a_site_name_above_a_complete_title_is_not_part_of_it():
    parsed = parse_report(gov("浮山县人民政府", "政协浮山县第十届委员会常务委员会工作报告", DELIVERY))
    assert (parsed.title, parsed.body) == ("政协浮山县第十届委员会常务委员会工作报告", "政协常委会")


def test_a_masthead_is_no_speaker_and_names_the_prefecture_of_a_continuation_page():
    text = (
        "临汾日报\n（上接第1版）\n二、2024年工作安排\n今年要抓好项目建设，市人民政府将全力以赴。\n"
        "三、加强自身建设\n我们要建设人民满意的政府。\n"
    )
    parsed = parse_report(text)
    assert parsed.speaker is None
    region = parsed.region
    assert (region.province, region.prefecture, region.county) == ("山西省", "临汾市", None)
    assert parsed.source.newspaper == "临汾日报"
    assert "region.from_newspaper" in codes(parsed)


@pytest.mark.parametrize("year", ["二OO五", "二00五", "二○○五"])
def test_a_chinese_numeral_year_with_its_zeros_typed_as_letters_or_digits(year):
    delivery = f"——{year}年一月二十日在浮山县第十四届人民代表大会第三次会议上"
    parsed = parse_report(gov(TITLE, delivery))
    assert parsed.delivered_on == date(2005, 1, 20)


def test_a_portal_abstract_line_between_title_and_delivery_line_keeps_the_head_together():
    note = "摘要：本文是浮山县县长在县人大会议上所作的报告。"
    parsed = parse_report(gov(TITLE, note, DELIVERY, "县长 王建国"))
    assert (parsed.session, parsed.speaker) == (3, "王建国")


def test_a_masthead_with_the_issue_date_and_page_on_one_line():
    masthead = "临汾日报 2024年1月12日 星期五 第03版:两会特刊"
    parsed = parse_report(gov(masthead, TITLE, "——在浮山县第十七届人民代表大会第三次会议上"))
    assert (parsed.source.newspaper, parsed.source.published_on) == ("临汾日报", date(2024, 1, 12))
    assert parsed.year == 2024


def test_a_delivery_line_wrapped_inside_a_word_with_the_speaker_after_it():
    wrapped = ["——2024年1月10日在浮山县第十七届人民代表大会第三次会", "议上 浮山县县长 王建国"]
    parsed = parse_report(gov(TITLE, *wrapped))
    assert (parsed.session, parsed.speaker) == (3, "王建国")


def test_title_and_delivery_line_printed_as_a_caption_after_the_text():
    caption = (
        "——浮山县人民政府工作报告\n（2024年1月10日在浮山县第十七届人民代表大会第三次会议上 县长 王建国）"
    )
    text = gov(salutation="各位代表：") + "\n" + caption
    parsed = parse_report(text)
    assert (parsed.title, parsed.session, parsed.speaker) == (TITLE, 3, "王建国")
    assert parsed.region.county == "浮山县"


def test_a_long_mongolian_name_after_the_office():
    assert parse_report(gov(TITLE, DELIVERY, "旗长 图门吉日嘎拉")).speaker == "图门吉日嘎拉"


def test_a_photo_caption_with_a_triangle_does_not_end_the_head():
    parsed = parse_report(gov("▲浮山县第十七届人民代表大会第三次会议开幕", TITLE, DELIVERY, "县长 王建国"))
    assert (parsed.session, parsed.speaker) == (3, "王建国")


def test_a_prefectural_commissioner_is_a_speaker():
    assert parse_report(gov(TITLE, DELIVERY, "阿里地区行署专员　次旺多吉")).speaker == "次旺多吉"
