"""The region gazetteer: data sanity and resolving region names from report head fragments."""

import time

import pytest

from reports.gazetteer import Division, Gazetteer, RegionMatch

OUHAI_HEAD = (
    "区政协常委会工作报告\n2025年2月8日在政协第十届温州市瓯海区委员会第四次会议上\n瓯海区政协主席 金衍光"
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def resolved_adcode(match: RegionMatch) -> str | None:
    return match.division.adcode if match.division else None


def test_it_has_plausible_counts_per_level(gazetteer):
    counts = {
        level: sum(d.level == level for d in gazetteer) for level in ("province", "prefecture", "county")
    }
    assert counts["province"] == 34
    assert 320 <= counts["prefecture"] <= 340
    assert 2800 <= counts["county"] <= 2900
    assert len(gazetteer) == sum(counts.values())


def test_it_lists_parents_before_children(gazetteer):
    seen = set()
    for division in gazetteer:
        assert division.parent is None or division.parent in seen
        seen.add(division.adcode)


def test_it_gives_pseudo_prefecture_counties_their_province(gazetteer):
    assert gazetteer.get("429004").parent == "420000"
    assert gazetteer.get("419001").parent == "410000"
    assert all(d.level == "county" for d in gazetteer.children("110000"))


@pytest.mark.parametrize(
    ("text", "adcode"),
    [
        (OUHAI_HEAD, "330304"),
        ("中国人民政治协商会议 第十四届温岭市委员会常务委员会工作报告（摘要）", "331081"),
        (
            "中国人民政治协商会议 第五届衢州市柯城区委员会常务委员会工作报告\n衢州市柯城区政协主席 叶美峰",
            "330802",
        ),
        ("中国人民政治协商会议第七届 舟山市定海区委员会常务委员会工作报告", "330902"),
        (
            "余姚日报\n中国人民政治协商会议第十四届余姚市委员会常务委员会工作报告\n市政协主席 陈长锋",
            "330281",
        ),
    ],
)
def test_it_resolves_the_sample_regions(gazetteer, text, adcode):
    assert resolved_adcode(gazetteer.resolve(text)) == adcode


def test_it_resolves_a_county_with_its_prefecture(gazetteer):
    match = gazetteer.resolve("在政协第十届温州市瓯海区委员会第四次会议上")
    assert match.division.name == "瓯海区"
    assert gazetteer.lineage(match.division)[1].name == "温州市"


def test_it_reports_a_shared_county_name_as_ambiguous(gazetteer):
    match = gazetteer.resolve("鼓楼区政协常务委员会工作报告")
    assert match.ambiguous
    assert {gazetteer.lineage(d)[1].name for d in match.candidates} >= {
        "南京市",
        "徐州市",
        "福州市",
        "开封市",
    }


def test_it_disambiguates_a_shared_county_name_by_context(gazetteer):
    match = gazetteer.resolve("鼓楼区政协常务委员会工作报告", context="推动福州市高质量发展")
    assert resolved_adcode(match) == "350102"


def test_it_disambiguates_a_shared_county_name_by_the_prefecture_in_the_text(gazetteer):
    assert resolved_adcode(gazetteer.resolve("政协南京市鼓楼区委员会")) == "320106"


def test_it_tells_a_county_from_the_city_of_the_same_stem(gazetteer):
    assert gazetteer.resolve("长沙县人民政府工作报告").division.level == "county"
    assert gazetteer.resolve("长沙市人民政府工作报告").division.level == "prefecture"


def test_it_places_a_beijing_district_directly_under_the_municipality(gazetteer):
    match = gazetteer.resolve("北京市朝阳区人民代表大会常务委员会工作报告")
    province, prefecture, county = gazetteer.lineage(match.division)
    assert (province.name, prefecture, county.adcode) == ("北京市", None, "110105")


def test_it_places_xiantao_directly_under_hubei(gazetteer):
    match = gazetteer.resolve("仙桃市政协工作报告")
    assert gazetteer.lineage(match.division) == (gazetteer.get("420000"), None, gazetteer.get("429004"))


def test_it_reads_a_letter_spaced_name(gazetteer):
    assert resolved_adcode(gazetteer.resolve("舟 山 市 定 海 区 政 协 工 作 报 告")) == "330902"


def test_it_resolves_a_prefecture_only_text_to_the_prefecture(gazetteer):
    assert resolved_adcode(gazetteer.resolve("温州市政协常务委员会工作报告")) == "330300"


def test_it_resolves_a_province_only_text_to_the_province(gazetteer):
    assert resolved_adcode(gazetteer.resolve("浙江省人民政府工作报告")) == "330000"


def test_it_resolves_a_former_county_name_to_the_current_district(gazetteer):
    assert resolved_adcode(gazetteer.resolve("余杭县人民政府工作报告")) == "330110"
    assert "余杭县" in gazetteer.get("330110").former_names


def test_it_resolves_a_former_prefecture_name(gazetteer):
    assert resolved_adcode(gazetteer.resolve("襄樊市人民政府工作报告")) == "420600"


def test_it_uses_a_unique_short_name_when_no_full_name_is_given(gazetteer):
    assert resolved_adcode(gazetteer.resolve("瓯海政协常委会工作报告")) == "330304"


def test_it_ignores_a_short_name_that_is_a_common_word(gazetteer):
    assert gazetteer.resolve("推动共同富裕，促进社会和平").candidates == ()


def test_it_finds_nothing_in_a_text_without_regions(gazetteer):
    assert gazetteer.resolve("各位委员：我代表常务委员会向大会报告工作") == RegionMatch(None, ())


def test_it_does_not_read_chengqu_as_a_common_word_for_a_region(gazetteer):
    assert gazetteer.resolve("加快老城区改造，拓展中心城区面积").candidates == ()


def test_it_accepts_a_generic_name_beside_its_parent(gazetteer):
    assert resolved_adcode(gazetteer.resolve("阳泉市城区政协")) == "140302"


def test_it_does_not_read_a_two_character_county_inside_a_phrase(gazetteer):
    assert gazetteer.resolve("振兴县域经济，和县长一起调研").candidates == ()


def test_it_builds_from_rows():
    rows = [
        {
            "adcode": "330000",
            "name": "浙江省",
            "short_name": "浙江",
            "level": "province",
            "parent_adcode": "",
        },
        {
            "adcode": "330300",
            "name": "温州市",
            "short_name": "温州",
            "level": "prefecture",
            "parent_adcode": "330000",
        },
        Division("330304", "瓯海区", "瓯海", "county", "330300", ("瓯海县",)),
    ]
    gazetteer = Gazetteer.from_rows(rows)
    assert [d.adcode for d in gazetteer.children("330300")] == ["330304"]
    assert resolved_adcode(gazetteer.resolve("瓯海县政府")) == "330304"


def test_it_resolves_a_head_in_well_under_a_millisecond(gazetteer):
    text = (OUHAI_HEAD * 3)[:200]
    runs = 500
    started = time.perf_counter()
    for _ in range(runs):
        gazetteer.resolve(text)
    assert (time.perf_counter() - started) / runs < 0.001
