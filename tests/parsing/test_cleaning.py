"""clean_text: chrome out (but read), markers out and their text joined, cut paragraphs rejoined,
ads dropped."""

from datetime import date

from reports.parsing.cleaning import clean_text, normalise_punctuation

CUT_TEXT = "着力在全面学习、全\n\n面把握、全面落实上下功夫。"


def test_it_joins_a_paragraph_cut_by_a_column_break():
    assert clean_text(CUT_TEXT).lines == ["着力在全面学习、全面把握、全面落实上下功夫。"]


def test_it_does_not_join_a_paragraph_to_the_heading_after_it():
    lines = clean_text("一年来，常委会坚持围绕中心\n二、围绕中心，着眼全局，政协服务发展成效更加突出").lines
    assert len(lines) == 2


def test_it_does_not_join_title_and_delivery_lines():
    text = (
        "区政协常委会工作报告\n2025年2月8日在政协第十届温州市瓯海区委员会第四次会议上\n瓯海区政协主席 金衍光"
    )
    assert len(clean_text(text).lines) == 3


def test_it_removes_a_trailing_continuation_marker_and_marks_the_end_missing():
    cleaned = clean_text("制定《关于发挥委员主体作用的若干规定》。\n\n（下转第8版）")
    assert cleaned.lines == ["制定《关于发挥委员主体作用的若干规定》。"]
    assert cleaned.ends_missing and not cleaned.starts_missing


def test_it_marks_the_start_missing_at_a_leading_continuation_marker():
    cleaned = clean_text(
        "某某政协常务委员会工作报告\n\n▲上紧接第1版\n\n密切同宗教界代表人士团结联络，进一步扩大团结面。"
    )
    assert cleaned.starts_missing
    assert cleaned.lines[-1] == "密切同宗教界代表人士团结联络，进一步扩大团结面。"


def test_it_joins_the_text_split_by_a_pair_of_markers_on_one_line():
    cleaned = clean_text(
        "一是助力推动产业升级，围绕\n\n(下转第2版)  (紧接第1版)加强科技型企业培育开展对口协商。"
    )
    assert cleaned.lines == ["一是助力推动产业升级，围绕加强科技型企业培育开展对口协商。"]
    assert not cleaned.starts_missing and not cleaned.ends_missing


def test_it_keeps_everyday_words_that_look_like_markers():
    line = "推动政府职能转变，接续做好第一版规划修订工作。"
    assert clean_text(line).lines == [line]


def test_it_drops_slogans_and_ads_after_the_closing_appeal():
    text = (
        "各位委员，让我们团结奋斗，再创佳绩！\n"
        "扬正气·促和谐\n加强精神文明建设 共同构建和谐社会\n某市融媒体中心 宣"
    )
    cleaned = clean_text(text)
    assert cleaned.lines == ["各位委员，让我们团结奋斗，再创佳绩！"]
    assert cleaned.warnings[0].code == "text.trailing_dropped"


def test_it_keeps_a_heading_that_ends_a_fragment():
    text = "各位委员，一年来工作取得新成效。\n三、强化自身建设"
    assert clean_text(text).lines[-1] == "三、强化自身建设"


def test_it_drops_portal_chrome_and_reads_the_source_and_date():
    text = (
        "首页 > 新闻中心 > 要闻\n发布时间：2024-01-29 09:30 来源：温州日报 浏览次数：321\n"
        "【字体：大 中 小】【打印本页】【关闭窗口】\n各位委员：\n我代表常务委员会，向大会报告工作。\n"
        "责任编辑：王五\n分享到：微信 微博"
    )
    cleaned = clean_text(text)
    assert cleaned.lines == ["各位委员：", "我代表常务委员会，向大会报告工作。"]
    assert cleaned.page.newspaper == "温州日报"
    assert cleaned.page.published_on == date(2024, 1, 29)


def test_it_reads_an_e_paper_reader_but_not_its_date_of_viewing():
    text = (
        "电子报阅读机\n2026-01-24\n星期六\n当前报纸名称:余姚日报\n\n某市政协常务委员会工作报告\n"
        "日期:01-24\n字号:\n版面:第02版:要闻       上一篇    下一篇\n各位委员:"
    )
    cleaned = clean_text(text)
    assert cleaned.lines == ["某市政协常务委员会工作报告", "各位委员："]
    assert cleaned.page.newspaper == "余姚日报"
    assert cleaned.page.page == "第02版"
    assert cleaned.page.published_on is None
    assert cleaned.page.published_month_day == (1, 24)
    assert cleaned.page.reader_dates == [date(2026, 1, 24)]


def test_a_masthead_date_outside_a_reader_is_the_publish_date():
    cleaned = clean_text("2024年1月29日 星期一\n第03版\n某县政府工作报告")
    assert cleaned.page.published_on == date(2024, 1, 29)
    assert cleaned.page.page == "第03版"


def test_it_keeps_a_delivery_date_broken_from_its_meeting_line():
    lines = clean_text("政府工作报告\n2024年1月27日\n在某县第十七届人民代表大会第三次会议上").lines
    assert lines[1] == "2024年1月27日"


def test_it_strips_markdown_spaces_and_indentation():
    text = "## 一、高举旗帜\n\u3000\u3000**坚持党的领导**放在首位。\xa0\n  __深化__理论学习。"
    assert clean_text(text).lines == ["一、高举旗帜", "坚持党的领导放在首位。", "深化理论学习。"]


def test_it_normalises_half_width_punctuation_between_chinese_characters():
    assert (
        normalise_punctuation("各位委员:我代表政协,向大会报告工作(草稿)!")
        == "各位委员：我代表政协，向大会报告工作（草稿）！"
    )


def test_it_leaves_half_width_punctuation_between_digits_alone():
    assert normalise_punctuation("会议于10:30开始,规划(2021—2035)") == "会议于10:30开始，规划(2021—2035)"


def test_it_drops_a_photo_caption_under_the_title():
    lines = clean_text("区政协常委会工作报告\n金衍光作区政协常委会工作报告\n各位委员：").lines
    assert lines == ["区政协常委会工作报告", "各位委员："]


def test_it_converts_full_width_digits():
    assert clean_text("２０２４年工作回顾").lines == ["2024年工作回顾"]


def test_a_crawl_stamp_or_a_date_below_the_report_is_not_the_publish_date():
    text = (
        "某县政府工作报告\n各位代表：\n我代表县人民政府报告工作。\n"
        "抓取时间：2026-01-24 10:33\n2026-01-24 10:33:12"
    )
    cleaned = clean_text(text)
    assert cleaned.page.published_on is None
    assert cleaned.lines[-1] == "我代表县人民政府报告工作。"


def test_it_drops_a_url_line():
    assert clean_text("https://www.example.gov.cn/art/2024/1/29/art_1.html\n各位代表：").lines == [
        "各位代表："
    ]
