"""What a Section puts into the index, checked without the engine."""


from reports.models import Region, Report, Section
from reports.search_indexes import SectionIndex, region_lineage_adcodes, section_document_text


def _section(year=2024, body="政协常委会", heading="一、工作回顾", text="开展请你来协商活动。"):
    province = Region(adcode="330000", name="浙江省", level="province")
    prefecture = Region(adcode="330800", name="衢州市", level="prefecture", parent=province)
    county = Region(adcode="330802", name="柯城区", level="county", parent=prefecture)
    report = Report(pk=7, region=county, year=year, body=body)
    return Section(pk=41, report=report, position=3, heading=heading, text=text)


def test_the_document_is_heading_then_text():
    section = _section()
    assert section_document_text(section) == "一、工作回顾\n开展请你来协商活动。"
    assert section_document_text(_section(heading="")) == "开展请你来协商活动。"


def test_regions_are_the_whole_lineage_province_first():
    assert region_lineage_adcodes(_section().report) == ["330000", "330800", "330802"]
    assert region_lineage_adcodes(Report(region=None)) == []


def test_full_prepare_gives_every_field():
    document = SectionIndex().full_prepare(_section())
    assert document["id"] == "reports.section.41"
    assert document["django_id"] == "41"
    assert document["text"] == document["words"] == "一、工作回顾\n开展请你来协商活动。"
    assert document["report_id"] == 7
    assert document["year"] == 2024
    assert document["body"] == "政协常委会"
    assert document["regions"] == ["330000", "330800", "330802"]
    assert document["position"] == 3


def test_an_unknown_year_is_zero():
    assert SectionIndex().full_prepare(_section(year=None))["year"] == 0


def test_index_queryset_prepares_every_section_in_one_query(db, django_assert_num_queries):
    from tests.factories import make_report

    make_report("330802")
    make_report("330803", year=None)
    search_index = SectionIndex()
    with django_assert_num_queries(1):
        documents = [search_index.full_prepare(section) for section in search_index.index_queryset()]
    assert [document["regions"] for document in documents] == [["330000", "330800", "330802"]] * 2 + [
        ["330000", "330800", "330803"]
    ] * 2
    assert sorted(document["year"] for document in documents) == [0, 0, 2024, 2024]
