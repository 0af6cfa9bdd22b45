"""Pages that look like reports are refused with a code naming their kind; real reports in unusual
dress (abstract, reprint, fragment) are kept and flagged. Each text is a small one of our own."""

import pytest

from reports.parsing import NotAReportError, parse_report
from tests.parsing.helpers import codes

REPORT_BODY = (
    "各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n一、2023年工作回顾\n"
    "一年来，全县经济运行稳中有进。\n二、2024年工作安排\n今年要抓好项目建设。\n"
)


def refusal(text: str) -> str:
    with pytest.raises(NotAReportError) as raised:
        parse_report(text)
    return raised.value.code


def test_news_about_a_session_is_refused():
    text = (
        "某县第十七届人民代表大会第三次会议开幕\n"
        "本报讯（记者 张三）1月10日上午，某县第十七届人民代表大会第三次会议隆重开幕。"
        "县长李四代表县人民政府向大会作政府工作报告。报告回顾了过去一年的工作。\n"
    )
    assert refusal(text) == "not_report.news"


def test_a_news_headline_that_someone_delivered_a_report_is_not_a_title():
    text = (
        "李四县长在县第十七届人民代表大会第三次会议上作政府工作报告\n"
        "1月10日，李四代表县人民政府向大会报告工作。报告指出，过去一年全县经济稳中有进。\n"
        "代表们认为，报告实事求是，令人鼓舞。\n"
    )
    assert refusal(text).startswith("not_report.")


def test_a_resolution_is_refused():
    text = (
        "关于政府工作报告的决议\n（2024年1月12日浮山县第十七届人民代表大会第三次会议通过）\n"
        "浮山县第十七届人民代表大会第三次会议听取和审议了县长王建国所作的政府工作报告。会议同意报告。\n"
    )
    assert refusal(text) == "not_report.resolution"


def test_a_resolution_with_its_title_and_adoption_line_at_the_end_is_refused():
    text = (
        "浮山县第十七届人民代表大会第三次会议听取和审议了县长王建国所作的政府工作报告。会议认为，报告实事求是。"
        "会议决定，批准这个报告。\n关于政府工作报告的决议\n（2024年1月12日浮山县第十七届人民代表大会第三次会议通过）\n"
    )
    assert refusal(text) == "not_report.resolution"


@pytest.mark.parametrize(
    ("head", "code"),
    [
        ("浮山县第十七届人民代表大会第三次会议议程", "not_report.agenda"),
        ("在县第十七届人民代表大会第三次会议闭幕会上的讲话", "not_report.speech"),
        ("县人大常委会关于政府工作报告的审议意见", "not_report.review_opinion"),
        ("政协浮山县委员会常务委员会关于十届二次会议以来提案工作情况的报告", "not_report.proposals"),
        ("关于提案办理情况的报告", "not_report.proposals"),
        ("关于浮山县2023年预算执行情况和2024年预算草案的报告", "not_report.budget_plan"),
        ("关于2023年国民经济和社会发展计划执行情况与2024年计划草案的报告", "not_report.budget_plan"),
        ("浮山县人民政府关于上半年工作情况的报告", "not_report.mid_year"),
        ("关于《政府工作报告》起草情况的说明", "not_report.explanation"),
        ("浮山年鉴·政府工作", "not_report.yearbook"),
        ("县人大常委会执法检查组关于检查《环境保护法》实施情况的报告", "not_report.inspection"),
        ("关于2023年政府工作报告落实情况的报告", "not_report.inspection"),
        ("在政协浮山县第十届委员会第三次会议上的大会发言", "not_report.speech"),
        ("县人大代表王五的述职报告", "not_report.duty_report"),
        ("关于全县农村饮水安全工作情况的报告", "not_report.topic_report"),
    ],
)
def test_other_documents_of_the_same_meetings_are_refused_by_kind(head, code):
    body = (
        "各位代表：\n现在，我代表县人民政府，就有关情况作报告，请予审议。\n"
        "一、基本情况\n一年来，各项工作有序推进。\n二、下一步打算\n继续努力。\n"
    )
    assert refusal(f"{head}\n{body}") == code


@pytest.mark.parametrize(
    "title",
    [
        "浮山县教育局2023年工作报告",
        "浮山县城关街道2023年度工作报告",
        "浮山煤业有限公司第三届职工代表大会第二次会议工作报告",
        "城关镇人民政府工作报告",
        "东关村民委员会工作报告",
        "城关镇人大主席团工作报告",
        "在中国共产党浮山县第十三次代表大会上的报告",
        "浮山县纪律检查委员会工作报告",
        "浮山经济开发区管委会2023年工作报告",
    ],
)
def test_another_bodys_work_report_is_refused(title):
    assert refusal(f"{title}\n{REPORT_BODY}") == "not_report.other_body"


def test_an_index_page_that_lists_titles_is_refused():
    titles = "\n".join(f"{year}年浮山县人民政府工作报告" for year in range(2015, 2024))
    assert refusal(f"政府工作报告汇编\n{titles}\n") == "not_report.index"


def test_a_text_imitating_the_form_without_the_reports_voice_is_refused():
    text = (
        "各位委员：\n今天我们在这里隆重集会，我谨代表市政府，对大会的召开表示热烈祝贺。\n"
        "一、基本情况\n一年来成绩显著。\n二、几点建议\n继续努力。\n"
    )
    assert refusal(text).startswith("not_report.")


def test_an_abstract_is_kept_and_flagged():
    parsed = parse_report("浮山县人民政府工作报告（摘要）\n" + REPORT_BODY)
    assert parsed.is_abstract
    assert "text.abstract" in codes(parsed)


def test_a_reprint_on_an_aggregator_is_kept():
    parsed = parse_report(
        "公文汇 2021-07-23 10:26:26 政府报告\n2024年浮山县人民政府工作报告(全文)\n" + REPORT_BODY
    )
    assert parsed.title == "2024年浮山县人民政府工作报告（全文）"


def test_a_fragment_continued_from_another_page_is_kept_and_flagged():
    text = (
        "（上接第1版）\n二、2024年工作安排\n今年要抓好项目建设。\n"
        "三、加强政府自身建设\n我们要建设人民满意的政府。\n"
    )
    parsed = parse_report(text)
    assert "text.starts_missing" in codes(parsed)


def test_a_budget_report_with_a_full_report_head_is_refused():
    text = (
        "关于浮山县2023年预算执行情况和2024年预算草案的报告\n"
        "——2024年1月10日在浮山县第十七届人民代表大会第三次会议上\n县财政局局长 赵六\n各位代表：\n"
        "受县人民政府委托，现将2023年预算执行情况和2024年预算草案提请大会审议。\n一、2023年预算执行情况\n收入稳步增长。\n"
    )
    assert refusal(text) == "not_report.budget_plan"
