"""One behaviour each, for page formats beyond the five samples: portals, e-papers, half-width
copies, traditional characters, run-in headings, December sessions and look-alike pages."""

import pytest

from reports.parsing import NotAReportError, parse_report
from reports.parsing.cleaning import clean_text
from reports.parsing.script import to_simplified
from reports.parsing.sections import split_sections
from tests.parsing.helpers import codes, report

TITLE = "某县人民政府工作报告"
DELIVERY = "——2024年1月10日在某县第十七届人民代表大会第三次会议上"


def test_a_half_width_full_stop_after_chinese_ends_a_sentence_but_a_decimal_point_does_not():
    lines = clean_text("（一）经济稳中有进.全县生产总值增长5.2%.\n").lines
    assert lines == ["（一）经济稳中有进。全县生产总值增长5.2%。"]


def test_site_footers_are_dropped_as_chrome():
    text = (
        report(TITLE, DELIVERY) + "主办单位：某县人民政府办公室 某ICP备05004143号\n某县融媒体中心版权所有\n"
    )
    assert "ICP" not in parse_report(text).text and "版权所有" not in parse_report(text).text


def test_an_e_paper_banner_names_the_newspaper():
    parsed = parse_report(report("某某日报数字报", TITLE, DELIVERY))
    assert parsed.source.newspaper == "某某日报"


def test_an_e_paper_banner_date_days_after_delivery_is_the_issue_date():
    parsed = parse_report(report("某某日报数字报", "2024年1月12日 星期五", TITLE, DELIVERY))
    assert parsed.source.published_on.isoformat() == "2024-01-12"


def test_an_e_paper_banner_date_years_after_delivery_is_the_readers_date():
    parsed = parse_report(report("某某日报数字报", "2026年5月12日 星期二", TITLE, DELIVERY))
    assert parsed.source.published_on is None
    assert "date.reader_date_ignored" in codes(parsed)


def test_simplified_text_is_never_changed_by_the_traditional_conversion():
    text = "乾隆年间的著作，喆与堃都是人名。" * 5
    assert to_simplified(text) == (text, False)


def test_traditional_text_is_converted_one_character_for_one():
    text = "政府工作報告，請予審議。" * 5
    converted, changed = to_simplified(text)
    assert changed and converted == "政府工作报告，请予审议。" * 5


def test_a_traditional_report_is_recognised():
    parsed = parse_report(
        "某縣人民政府工作報告\n各位代表：\n現在，我代表縣人民政府，向大會報告工作，請予審議，並請委員提出意見。"
    )
    assert parsed.title == "某县人民政府工作报告" and parsed.body == "政府"


def test_a_word_printed_at_the_seam_of_a_split_title_is_kept_once():
    assert parse_report(report("某县人民政府", "政 府 工 作 报 告", DELIVERY)).title == TITLE


def test_a_run_of_unnumbered_run_in_headings_under_a_part_is_split():
    sections = split_sections(
        [
            "2023年工作回顾",
            "经济运行稳中有进。全县生产总值增长百分之六。",
            "民生福祉持续增进。城镇新增就业五千人以上。",
        ]
    )
    assert [(s.heading, s.level) for s in sections] == [
        ("2023年工作回顾", 1),
        ("经济运行稳中有进。", 3),
        ("民生福祉持续增进。", 3),
    ]


def test_a_single_short_first_sentence_is_not_a_heading():
    sections = split_sections(
        ["2023年工作回顾", "成绩来之不易。这是全县人民团结奋斗的结果。", "我们也清醒看到困难。"]
    )
    assert len(sections) == 1


def test_first_sentences_under_a_numbered_heading_stay_in_its_text():
    lines = [
        "一、坚持党的领导",
        "深化理论学习贯彻始终。组织学习十二次。",
        "加强党的建设不断深入。完善制度五项。",
    ]
    assert len(split_sections(lines)) == 1


def test_an_enumeration_is_not_a_run_of_headings():
    sections = split_sections(
        ["2024年主要任务", "一是加强思想建设。深入学习。", "二是增强监督实效。改进方式。"]
    )
    assert len(sections) == 1


def test_a_long_unpunctuated_line_cut_by_a_column_break_is_joined():
    cut = "全县地区生产总值增长百分之六点五一般公共预算收入增长百分之七规模以上工业增加值增长"
    assert clean_text(f"{cut}\n百分之八。\n").lines == [cut + "百分之八。"]


def test_a_delivery_line_is_never_joined_to_the_speaker_line():
    assert clean_text(f"{DELIVERY}\n县长 王某\n").lines == [DELIVERY, "县长 王某"]


def test_a_headline_with_a_colon_is_not_joined_to_the_lead():
    lines = clean_text("代表热议政府工作报告：凝心聚力谱新篇\n1月9日，代表们分组审议报告。\n").lines
    assert len(lines) == 2


def test_a_december_session_with_only_a_tasks_heading_reviews_its_own_year():
    body = "各位代表：\n我代表县人民政府，向大会报告工作。\n2024年工作安排\n今年要推动高质量发展。\n"
    parsed = parse_report(report(TITLE, "——2023年12月28日在某县第三届人民代表大会第三次会议上", body=body))
    assert (parsed.year, parsed.reviewed_year) == (2023, 2023)


def test_a_year_less_december_delivery_takes_the_year_before_a_january_publish_date():
    head = (TITLE, "发布时间：2024-01-05", "（12月28日在某县第三届人民代表大会第三次会议上）")
    assert parse_report(report(*head)).delivered_on.isoformat() == "2023-12-28"


def test_a_year_less_delivery_re_posted_years_later_takes_the_year_of_its_headings():
    head = (TITLE, "发布时间：2025-06-30", "（1月10日在某县第十七届人民代表大会第三次会议上）")
    body = "各位代表：\n我代表县人民政府，向大会报告工作。\n2023年工作回顾\n过去一年成绩显著。\n"
    parsed = parse_report(report(*head, body=body))
    assert (parsed.delivered_on.isoformat(), parsed.year) == ("2024-01-10", 2024)


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("代表热议政府工作报告：凝心聚力谱新篇", "discussion"),
        ("图解：2024年政府工作报告", "infographic"),
        ("政府工作报告解读：十个关键词读懂发展蓝图", "interpretation"),
    ],
)
def test_pages_about_a_report_are_refused_by_name(headline, kind):
    with pytest.raises(NotAReportError, match=kind):
        parse_report(
            f"{headline}\n1月9日，代表们分组审议政府工作报告。\n一、着力扩大有效需求\n二、着力推进新型工业化\n"
        )


def test_a_report_title_alone_does_not_outweigh_a_news_lead():
    with pytest.raises(NotAReportError, match="news item"):
        parse_report(f"{TITLE}\n本报讯（记者 张三）1月10日，县长作政府工作报告。\n报告回顾了过去一年的工作。")
