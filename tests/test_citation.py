"""The citation formats, from plain values: no database."""

from datetime import date
from types import SimpleNamespace

from reports.citation import (
    Citable,
    author_of,
    bibtex,
    bibtex_escape,
    citable_from,
    for_section,
    gbt7714,
    page_number,
)

LINK = "https://example.org/r/abc123def456/"
ACCESSED = date(2026, 11, 22)

PRINTED = Citable(
    key="abc123def456",
    title="政协温州市瓯海区委员会常务委员会工作报告",
    author="瓯海区政协常务委员会",
    year=2025,
    delivered_on=date(2025, 2, 8),
    newspaper="温州日报",
    page="第8版",
    published_on=date(2025, 2, 10),
)
ONLINE = Citable(key="abc123def456", title="柯城区政府工作报告", author="柯城区人民政府", year=2024)


def test_it_formats_a_newspaper_print_as_n():
    assert gbt7714(PRINTED, permalink=LINK, accessed=ACCESSED) == (
        "瓯海区政协常务委员会. 政协温州市瓯海区委员会常务委员会工作报告[N]. 温州日报, 2025-02-10(8)"
        "[2026-11-22]. https://example.org/r/abc123def456/."
    )


def test_it_formats_a_report_without_newspaper_as_eb_ol_dated_by_year():
    assert gbt7714(ONLINE, permalink=LINK, accessed=ACCESSED) == (
        "柯城区人民政府. 柯城区政府工作报告[EB/OL]. (2024)[2026-11-22]. https://example.org/r/abc123def456/."
    )


def test_it_prefers_the_delivery_date_over_the_year_online():
    cited = Citable(key="k", title="T", year=2024, delivered_on=date(2024, 1, 27))
    assert "[EB/OL]. (2024-01-27)[2026-11-22]" in gbt7714(cited, permalink=LINK, accessed=ACCESSED)


def test_it_leaves_out_an_unknown_date():
    cited = Citable(key="k", title="T")
    assert gbt7714(cited, permalink=LINK, accessed=ACCESSED) == f"佚名. T[EB/OL]. [2026-11-22]. {LINK}."


def test_it_leaves_out_a_page_without_a_number():
    cited = Citable(key="k", title="T", newspaper="衢州日报", page="", published_on=date(2024, 1, 30))
    assert "衢州日报, 2024-01-30[2026-11-22]" in gbt7714(cited, permalink=LINK, accessed=ACCESSED)


def test_it_cites_a_section_with_its_heading_and_anchor():
    section = for_section(PRINTED, "2024年工作回顾", "s2")
    text = gbt7714(section, permalink=LINK, accessed=ACCESSED)
    assert "工作报告：2024年工作回顾[N]" in text
    assert text.endswith("/r/abc123def456/#s2.")


def test_page_number_keeps_letter_and_digits():
    assert page_number("第8版") == "8"
    assert page_number("A3版") == "A3"
    assert page_number("第02版") == "2"
    assert page_number("第10版") == "10"
    assert page_number("要闻") == ""


def test_author_of_names_the_body_in_full():
    assert author_of("瓯海区", "政协常委会") == "瓯海区政协常务委员会"
    assert author_of("温州市", "人大常委会") == "温州市人民代表大会常务委员会"
    assert author_of("", "") == "佚名"


def test_bibtex_for_a_newspaper_is_an_article():
    entry = bibtex(PRINTED, permalink=LINK, accessed=ACCESSED)
    assert entry.startswith("@article{gzbg-abc123def456,")
    assert "  author = {{瓯海区政协常务委员会}}," in entry
    assert "  journal = {温州日报}," in entry
    assert "  date = {2025-02-10}," in entry
    assert "  pages = {8}," in entry
    assert "  urldate = {2026-11-22}," in entry
    assert entry.endswith("}")


def test_bibtex_without_newspaper_is_misc_with_year():
    entry = bibtex(ONLINE, permalink=LINK, accessed=ACCESSED)
    assert entry.startswith("@misc{gzbg-abc123def456,")
    assert "  year = {2024}," in entry
    assert "journal" not in entry


def test_bibtex_key_of_a_section_carries_the_anchor():
    entry = bibtex(for_section(ONLINE, "一、总体要求", "s3"), permalink=LINK, accessed=ACCESSED)
    assert entry.startswith("@misc{gzbg-abc123def456-s3,")
    assert f"url = {{{LINK}#s3}}" in entry


def test_bibtex_escape_protects_special_characters():
    assert bibtex_escape("50% & {x}") == r"50\% \& \{x\}"


def test_citable_from_a_report_like_object():
    region = SimpleNamespace(name="柯城区")
    report = SimpleNamespace(
        region=region, region_id="330802", body="政协常委会", title="", sha256="0123456789abcdef" * 4,
        year=2024, delivered_on=None, source_newspaper="", source_page="", published_on=None,
    )
    cited = citable_from(report)
    assert cited.key == "0123456789ab"
    assert cited.author == "柯城区政协常务委员会"
    assert cited.title == "柯城区政协常委会工作报告"
