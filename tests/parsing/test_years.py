"""Delivery date, publish date and the year with its source; conflicts resolved with a warning."""

from datetime import date

from reports.parsing import parse_report
from tests.parsing.helpers import codes, report

TITLE = "某县人民政府工作报告"
MEETING = "在某县第十七届人民代表大会第三次会议上"


def body(*parts: str) -> str:
    lines = ["各位代表：", "我代表县人民政府，向大会报告工作，请予审议。"]
    for part in parts:
        lines += [part, "过去一年，我们坚持稳中求进，经济运行稳中向好。"]
    return "\n".join(lines) + "\n"


def test_the_delivery_date_gives_the_day_and_the_year():
    parsed = parse_report(report(TITLE, f"——2023年1月12日{MEETING}", body=body("2023年工作安排")))
    assert (parsed.delivered_on, parsed.year, parsed.year_source) == (
        date(2023, 1, 12),
        2023,
        "delivery_date",
    )


def test_a_year_less_delivery_day_takes_the_publish_dates_year():
    text = report("发布日期：2024-03-05", TITLE, f"——3月2日{MEETING}", body=body())
    parsed = parse_report(text)
    assert parsed.delivered_on == date(2024, 3, 2)
    assert parsed.source.published_on == date(2024, 3, 5)


def test_a_december_delivery_printed_in_january_is_last_years():
    parsed = parse_report(report("发布日期：2024-01-03", TITLE, f"——12月28日{MEETING}", body=body()))
    assert parsed.delivered_on == date(2023, 12, 28)


def test_a_year_less_delivery_day_without_a_publish_date_is_not_guessed():
    parsed = parse_report(report(TITLE, f"——3月2日{MEETING}", body=body()))
    assert parsed.delivered_on is None
    assert "date.missing" in codes(parsed)


def test_the_tasks_heading_gives_the_same_year_as_an_inferred_one():
    parsed = parse_report(report(TITLE, body=body("2025年工作任务")))
    assert (parsed.year, parsed.year_source, parsed.year_inferred) == (None, None, 2025)
    assert "year.inferred" in codes(parsed)


def test_the_review_heading_gives_the_next_year_as_an_inferred_one():
    parsed = parse_report(report(TITLE, body=body("2024年工作回顾")))
    assert (parsed.year, parsed.year_inferred, parsed.reviewed_year) == (None, 2025, 2024)


def test_a_december_session_reviews_its_own_year():
    parsed = parse_report(report(TITLE, f"——12月26日{MEETING}", body=body("2023年工作回顾")))
    assert (parsed.year, parsed.year_inferred, parsed.reviewed_year) == (None, 2023, 2023)


def test_a_publish_date_that_agrees_with_the_content_gives_the_year():
    parsed = parse_report(
        report("发布时间：2024-01-29", TITLE, body=body("2023年工作回顾", "2024年工作任务"))
    )
    assert (parsed.year, parsed.year_source) == (2024, "published_on")


def test_a_late_repost_date_loses_to_the_content_with_a_warning():
    parsed = parse_report(report("发布时间：2026-06-01", TITLE, body=body("2024年工作任务")))
    assert (parsed.year, parsed.year_inferred) == (None, 2024)
    assert "year.conflict" in codes(parsed)


def test_the_delivery_date_wins_over_a_conflicting_heading_with_a_warning():
    parsed = parse_report(report(TITLE, f"——2023年1月12日{MEETING}", body=body("2024年工作任务")))
    assert parsed.year == 2023
    assert "year.conflict" in codes(parsed)


def test_an_e_paper_month_day_takes_its_year_from_the_content_not_the_readers_date():
    text = "电子报阅读机\n2026-01-24\n星期六\n当前报纸名称:某某日报\n" + report(
        TITLE, "日期:01-24", body=body("2023年工作回顾", "2024年工作任务")
    )
    parsed = parse_report(text)
    assert parsed.source.published_on == date(2024, 1, 24)
    assert (parsed.year, parsed.year_inferred) == (None, 2024)  # the page never states the year
    assert "date.reader_date_ignored" in codes(parsed)


def test_no_evidence_means_no_year_and_a_warning():
    parsed = parse_report(report(TITLE, body=body()))
    assert parsed.year is None and parsed.year_source is None
    assert "year.missing" in codes(parsed)


def test_a_report_without_a_delivery_date_says_so():
    parsed = parse_report(report(TITLE, body=body("2024年工作任务")))
    assert parsed.delivered_on is None
    assert "date.missing" in codes(parsed)
