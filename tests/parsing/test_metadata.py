"""Title, body, region, term and session, speaker, abstract."""

import pytest

from reports.parsing import parse_report
from tests.parsing.helpers import codes, report

OUHAI = "政协第十届温州市瓯海区委员会"


def test_it_reads_a_county_government_report_from_henan():
    parsed = parse_report(
        report("政府工作报告", "——2023年1月12日在兰考县第十七届人民代表大会第三次会议上", "县长 李明")
    )
    assert (parsed.body, parsed.term, parsed.session, parsed.speaker) == ("政府", 17, 3, "李明")
    assert (parsed.region.province, parsed.region.prefecture, parsed.region.county) == (
        "河南省",
        "开封市",
        "兰考县",
    )


def test_it_reads_a_prefecture_npc_standing_committee_report():
    parsed = parse_report(
        report(
            "郑州市人民代表大会常务委员会工作报告",
            "——2024年1月8日在郑州市第十六届人民代表大会第三次会议上",
            "郑州市人大常委会主任 胡荃",
        )
    )
    assert parsed.body == "人大常委会"
    assert parsed.to_dict()["level"] == "prefecture"
    assert parsed.to_dict()["county"] is None
    assert parsed.speaker == "胡荃"


def test_a_province_level_report_has_no_prefecture_or_county():
    parsed = parse_report(
        report("广东省人民政府工作报告", "——2024年1月23日在广东省第十四届人民代表大会第二次会议上")
    )
    record = parsed.to_dict()
    assert (record["level"], record["province"], record["prefecture"], record["county"]) == (
        "province",
        "广东省",
        None,
        None,
    )


def test_a_municipality_district_has_no_prefecture():
    parsed = parse_report(report("政协上海市浦东新区第七届委员会常务委员会工作报告"))
    assert (parsed.region.province, parsed.region.prefecture, parsed.region.county) == (
        "上海市",
        None,
        "浦东新区",
    )


def test_it_reads_a_letter_spaced_title_and_speaker():
    parsed = parse_report(
        report("政 府 工 作 报 告", "——2024年1月10日在某某县第十七届人民代表大会第三次会议上", "县长  段  鸣")
    )
    assert parsed.title == "政府工作报告"
    assert parsed.speaker == "段鸣"


def test_it_joins_a_title_split_over_lines():
    parsed = parse_report(
        report("中国人民政治协商会议", "第十四届温岭市委员会", "常务委员会工作报告", "（摘要）")
    )
    assert parsed.title == "中国人民政治协商会议第十四届温岭市委员会常务委员会工作报告（摘要）"
    assert parsed.is_abstract
    assert parsed.term == 14


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("某市中级人民法院工作报告", "法院"),
        ("某县人民检察院工作报告", "检察院"),
        ("区政协常委会工作报告", "政协常委会"),
        ("某县人大常委会工作报告", "人大常委会"),
        ("某县人民政府工作报告", "政府"),
    ],
)
def test_it_names_the_body_from_the_title(title, body):
    assert parse_report(report(title)).body == body


def test_the_outgoing_committee_reports_to_the_new_terms_first_session():
    parsed = parse_report(
        report(
            "政协某某市第十五届委员会常务委员会工作报告",
            "——2022年1月5日在政协某某市第十六届委员会第一次会议上",
        )
    )
    assert (parsed.term, parsed.session) == (16, 1)


def test_a_plenary_meeting_within_a_session_is_not_the_session():
    parsed = parse_report(
        report("某县人大常委会工作报告", "——在某县第十七届人民代表大会第三次会议第二次全体会议上")
    )
    assert parsed.session == 3


def test_it_reads_the_newspaper_shorthand_for_term_and_session():
    parsed = parse_report(report("区政协常委会工作报告", f"——2025年2月8日在{OUHAI[:2]}十届四次会议上"))
    assert (parsed.term, parsed.session) == (10, 4)


def test_the_term_comes_from_the_title_without_a_delivery_line():
    parsed = parse_report(report(f"{OUHAI}常务委员会工作报告"))
    assert (parsed.term, parsed.session) == (10, None)
    assert "session.missing" in codes(parsed)


def test_a_region_the_text_does_not_name_is_none_with_a_warning():
    parsed = parse_report(report("区政协常委会工作报告"))
    assert parsed.region is None
    assert "region.unresolved" in codes(parsed)


def test_an_ambiguous_region_is_none_and_the_warning_names_the_candidates():
    parsed = parse_report(report("政协鼓楼区委员会常务委员会工作报告"))
    assert parsed.region is None
    warning = next(warning.message for warning in parsed.warnings if warning.code == "region.ambiguous")
    assert "南京市鼓楼区" in warning and "福州市鼓楼区" in warning


def test_a_headline_line_before_the_speaker_is_not_taken_for_a_name():
    parsed = parse_report(report("某某政协常务委员会工作报告（摘要）", "过去五年"))
    assert parsed.speaker is None


def test_a_minority_name_with_a_middle_dot_is_a_speaker():
    parsed = parse_report(
        report(
            "某州人民政府工作报告",
            "——2024年1月9日在某州第十五届人民代表大会第四次会议上",
            "州长 艾尔肯·吐尼亚孜",
        )
    )
    assert parsed.speaker == "艾尔肯·吐尼亚孜"


def test_a_dated_meeting_line_without_zai_is_a_delivery_line():
    parsed = parse_report(
        report("某县人民政府工作报告", "（2024年1月10日 某县第十七届人民代表大会第三次会议）")
    )
    assert (parsed.term, parsed.session, parsed.delivered_on.isoformat()) == (17, 3, "2024-01-10")


def test_the_opening_names_the_region_when_the_title_does_not():
    text = report(
        "区政协常委会工作报告",
        body="各位委员：\n我代表政协第十届温州市瓯海区委员会常务委员会，向大会报告工作。\n",
    )
    assert parse_report(text).region.county == "瓯海区"


def test_a_text_ending_mid_sentence_is_flagged():
    parsed = parse_report(
        report(
            "某县人民政府工作报告",
            body="各位代表：\n我代表县人民政府，向大会报告工作，请予审议。\n一年来，我们坚持",
        )
    )
    assert "text.ends_mid_sentence" in codes(parsed)
