"""Parts, numbered headings, run-in headings; nothing lost between sections."""

from reports.parsing.sections import split_sections


def test_it_splits_parts_and_numbered_headings_with_their_levels():
    sections = split_sections(
        [
            "开场白。",
            "2024年工作回顾",
            "一、高举旗帜",
            "正文一。",
            "（一）坚持学习",
            "正文二。",
            "●强化团结",
            "正文三。",
            "2025年工作任务",
            "正文四。",
        ]
    )
    assert [(s.heading, s.level) for s in sections] == [
        ("", 0),
        ("2024年工作回顾", 1),
        ("一、高举旗帜", 2),
        ("（一）坚持学习", 3),
        ("●强化团结", 3),
        ("2025年工作任务", 1),
    ]
    assert sections[0].text == "开场白。"


def test_it_splits_a_run_in_heading_from_its_paragraph():
    sections = split_sections(
        ["（一）坚持凝心铸魂，扛起笃信笃行的政治担当。坚守人民政协政治属性，更好发挥作用。"]
    )
    assert sections[0].heading == "（一）坚持凝心铸魂，扛起笃信笃行的政治担当。"
    assert sections[0].text == "坚守人民政协政治属性，更好发挥作用。"
    assert sections[0].level == 3


def test_it_recognises_five_year_parts():
    sections = split_sections(["过去五年", "正文。", "今后五年", "正文。", "未来五年", "正文。"])
    assert [s.level for s in sections] == [1, 1, 1]


def test_a_long_numbered_paragraph_is_not_a_heading():
    line = "一、" + "坚持党的领导，" * 12 + "取得成效。二是…"
    sections = split_sections(["前言。", line])
    assert sections[0].heading == ""


def test_no_text_is_lost_between_sections():
    lines = [
        "各位委员：",
        "我代表常委会报告工作。",
        "一、坚持党的领导",
        "段落一。",
        "（一）学习。正文。",
        "段落二。",
    ]
    sections = split_sections(lines)
    assert "".join(s.heading + s.text.replace("\n", "") for s in sections) == "".join(lines)


def test_an_arabic_numbered_line_is_a_level_three_heading():
    sections = split_sections(["1.坚持党的领导", "正文。", "1.5万人次参加活动。"])
    assert [(s.heading, s.level) for s in sections] == [("1.坚持党的领导", 3)]
    assert sections[0].text == "正文。\n1.5万人次参加活动。"
