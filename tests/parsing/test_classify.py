"""Work reports are recognised by their own markers; other pages are refused and named."""

import pytest

from reports.parsing import NotAReportError, parse_report
from tests.parsing.helpers import codes


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("区政协十届四次会议开幕\n本报讯（记者 张三）2月8日，会议开幕。金衍光作工作报告。", "news item"),
        (
            "关于政府工作报告的决议\n某县第十七届人民代表大会第三次会议听取和审议了县长所作的政府工作报告。",
            "resolution",
        ),
        ("某县第十七届人民代表大会第三次会议议程\n一、审议政府工作报告。\n二、审查计划报告。", "agenda"),
        (
            "政协某县委员会常务委员会关于提案工作情况的报告\n各位委员：\n一、提案提交情况\n共提交提案三百件。",
            "proposals",
        ),
        (
            "在政协某县第十届委员会第四次会议闭幕会上的讲话\n各位委员：\n同志们，会议圆满完成了各项议程。",
            "speech",
        ),
        ("本报评论员\n奋力谱写高质量发展新篇章\n两会开幕，政府工作报告描绘了发展蓝图。", "editorial"),
    ],
)
def test_it_refuses_pages_printed_beside_reports_and_says_what_they_look_like(text, kind):
    with pytest.raises(NotAReportError, match=rf"^not a work report \(looks like .*{kind}"):
        parse_report(text)


def test_it_refuses_plain_prose_without_report_markers():
    with pytest.raises(NotAReportError, match="not a work report"):
        parse_report("今天天气很好。我们去公园散步，看见很多人在锻炼身体。")


def test_a_short_fragment_with_report_markers_is_parsed_with_a_warning():
    parsed = parse_report("某县人民政府工作报告\n各位代表：\n我代表县人民政府，向大会报告工作，请予审议。")
    assert parsed.title == "某县人民政府工作报告"
    assert "text.short" in codes(parsed)


def test_a_headline_about_a_report_is_not_a_report_title():
    with pytest.raises(NotAReportError):
        parse_report("一图读懂2024年政府工作报告\n今年的报告有这些亮点，快来看看吧。")


def test_a_report_on_proposals_is_refused_even_with_a_report_like_opening():
    text = (
        "政协某县第十届委员会常务委员会关于提案工作情况的报告\n——2024年1月8日在政协某县第十届委员会第三次会议上\n"
        "各位委员：\n我受政协某县第十届委员会常务委员会委托，向大会报告提案工作情况，请予审议。\n一、提案提交情况\n"
    )
    with pytest.raises(NotAReportError, match="proposals"):
        parse_report(text)


def test_a_report_page_that_starts_with_a_news_lead_is_still_a_report():
    text = "本报讯 今天刊发全文。\n某县人民政府工作报告\n各位代表：\n我代表县人民政府，向大会报告工作。"
    assert parse_report(text).body == "政府"
