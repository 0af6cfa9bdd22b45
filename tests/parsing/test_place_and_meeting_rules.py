"""One small text per rule for the place, the body and the meeting (届, 次), in every body's words."""

import pytest

from reports.parsing import NotAReportError, parse_report
from tests.parsing.helpers import codes

BODY = (
    "一、2023年工作回顾\n"
    "一年来，各项工作稳中有进，群众满意度不断提高。\n"
    "二、2024年工作安排\n"
    "今年要抓好项目建设和民生保障。\n"
)


def text(
    *head: str,
    opening: str = "现在，我代表县人民政府，向大会报告工作，请予审议。",
    salutation="各位代表：",
) -> str:
    return "\n".join([*head, salutation, opening, BODY])


def region_of(parsed) -> tuple:
    region = parsed.region
    return (region.province, region.prefecture, region.county, region.adcode) if region else None


def test_a_region_named_only_in_a_title_with_a_year():
    parsed = parse_report(text("2024年浮山县人民政府工作报告", "县长 王建国"))
    assert region_of(parsed) == ("山西省", "临汾市", "浮山县", "141027")
    assert (parsed.year, parsed.year_source) == (2024, "title")
    assert "year.from_title" in codes(parsed)


def test_a_region_named_only_in_the_delivery_line():
    parsed = parse_report(text("政府工作报告", "——2024年1月10日在浮山县第十七届人民代表大会第三次会议上"))
    assert region_of(parsed)[2] == "浮山县"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("鄂托克旗人民政府工作报告", ("内蒙古自治区", "鄂尔多斯市", "鄂托克旗")),
        ("锡林郭勒盟行政公署工作报告", ("内蒙古自治区", "锡林郭勒盟", None)),
        ("长阳土家族自治县人民政府工作报告", ("湖北省", "宜昌市", "长阳土家族自治县")),
        ("神农架林区人民政府工作报告", ("湖北省", None, "神农架林区")),
        ("六枝特区人民政府工作报告", ("贵州省", "六盘水市", "六枝特区")),
        ("蠡县人民政府工作报告", ("河北省", "保定市", "蠡县")),  # a two-character name before 人民政府
    ],
)
def test_banners_leagues_autonomous_counties_forest_and_special_districts(title, expected):
    assert region_of(parse_report(text(title)))[:3] == expected


def test_a_county_since_made_a_district_keeps_the_name_the_report_uses():
    parsed = parse_report(text("江宁县人民政府工作报告"))
    assert region_of(parsed) == ("江苏省", "南京市", "江宁县", "320115")
    assert "region.former_name" in codes(parsed)


@pytest.mark.parametrize("title", ["xx县人民政府工作报告", "**县人民政府工作报告", "某某县人民政府工作报告"])
def test_a_redacted_place_is_left_empty_with_a_warning(title):
    parsed = parse_report(text(title))
    assert parsed.region is None
    assert "region.redacted" in codes(parsed)


@pytest.mark.parametrize(
    ("title", "opening", "body"),
    [
        ("浮山县人民法院工作报告", "现在，我代表县人民法院向大会报告工作，请予审议。", "法院"),
        ("浮山县人民检察院工作报告", "现在，我代表县人民检察院向大会报告工作，请予审议。", "检察院"),
        (
            "浮山县人民代表大会常务委员会工作报告",
            "我受县人大常委会委托，向大会报告工作，请予审议。",
            "人大常委会",
        ),
        ("政府工作报告", "现在，我代表县人民政府，向大会报告工作，请予审议。", "政府"),
        (
            "政协浮山县委员会常务委员会工作报告",
            "我代表县政协常委会，向大会报告工作，请予审议。",
            "政协常委会",
        ),
    ],
)
def test_every_body_is_read_from_its_title(title, opening, body):
    assert parse_report(text(title, opening=opening)).body == body


def test_without_a_title_the_body_comes_from_the_opening():
    parsed = parse_report(text(opening="我受县人大常委会委托，向大会报告工作，请予审议。"))
    assert parsed.body == "人大常委会"


def test_without_a_title_a_cppcc_plenary_means_the_cppcc_standing_committee():
    parsed = parse_report(
        text(
            "——2024年1月8日在政协浮山县第十届委员会第三次会议上",
            opening="现在，我向大会报告工作，请予审议。",
            salutation="各位委员：",
        )
    )
    assert parsed.body == "政协常委会"


def test_at_a_change_of_term_the_meeting_term_counts_not_the_outgoing_committee():
    parsed = parse_report(
        text(
            "政协浮山县第九届委员会常务委员会工作报告",
            "——2024年1月8日在政协浮山县第十届委员会第一次会议上",
            opening="我代表政协浮山县第九届委员会常务委员会，向大会报告工作，请予审议。",
            salutation="各位委员：",
        )
    )
    assert (parsed.term, parsed.session) == (10, 1)


def test_a_past_session_cited_in_the_text_is_not_the_delivery_session():
    body = "县十七届人大二次会议以来，县政府认真落实大会决议。\n" + BODY
    parsed = parse_report(
        "\n".join(
            [
                "政府工作报告",
                "——2024年1月10日在浮山县第十七届人民代表大会第三次会议上",
                "各位代表：",
                "现在，我代表县人民政府，向大会报告工作，请予审议。",
                body,
            ]
        )
    )
    assert parsed.session == 3


def test_with_only_a_past_session_cited_the_term_is_recorded_and_the_session_left_empty():
    body = "县十七届人大二次会议以来，县政府认真落实大会决议。\n" + BODY
    parsed = parse_report("\n".join(["浮山县人民政府工作报告", "各位代表：",
                                     "现在，我代表县人民政府，向大会报告工作，请予审议。", body]))
    assert (parsed.term, parsed.session) == (17, None)
    assert {"term.from_committee", "session.missing"} <= codes(parsed)


def test_the_term_from_a_full_title_under_a_shorter_headline():
    parsed = parse_report(
        text("2024年浮山县人大常委会工作报告", "浮山县第十七届人民代表大会常务委员会工作报告",
             opening="我受县人大常委会委托，向大会报告工作，请予审议。")
    )
    assert parsed.term == 17


def test_a_report_delivered_at_a_standing_committee_meeting_is_not_an_annual_work_report():
    with pytest.raises(NotAReportError) as refused:
        parse_report(
            text("浮山县人民代表大会常务委员会工作报告", "——在浮山县第十七届人大常委会第16次会议上",
                 opening="我受县人大常委会委托，向大会报告工作，请予审议。")
        )
    assert refused.value.code == "not_report.standing_committee_meeting"


def test_the_committee_term_from_the_opening_when_nothing_else_names_it():
    parsed = parse_report(
        text("浮山县人民代表大会常务委员会工作报告",
             opening="我受浮山县第十七届人民代表大会常务委员会委托，向大会报告工作，请予审议。")
    )
    assert (parsed.term, parsed.session) == (17, None)
    assert "term.from_committee" in codes(parsed)


def test_a_session_lost_from_the_delivery_line_is_read_from_the_breadcrumb():
    parsed = parse_report(
        text(
            "当前位置：首页 > 政协浮山县第十届三次会议 > 大会文件",
            "政协浮山县第十届委员会常务委员会工作报告",
            "——2024年1月8日在政协浮山县第十届委员会次会议上",
            salutation="各位委员：",
            opening="我代表县政协常委会，向大会报告工作，请予审议。",
        )
    )
    assert (parsed.term, parsed.session) == (10, 3)
    assert "session.from_page" in codes(parsed)


def test_a_title_year_that_contradicts_the_headings_is_not_trusted():
    parsed = parse_report(text("2019年浮山县人民政府工作报告"))  # the headings review 2023
    assert (parsed.year, parsed.year_inferred) == (None, None)
    assert "year.conflict" in codes(parsed)


def test_the_short_form_with_the_congress_between_term_and_session():
    parsed = parse_report(text("政府工作报告", "——2024年1月10日在省十四届人大二次会议上"))
    assert (parsed.term, parsed.session) == (14, 2)
