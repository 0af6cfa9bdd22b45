"""normalize(): one character in, one character out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.search.normalize import _translation_table, normalize


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("協商", "协商"),
        ("發展", "发展"),
        ("臺灣", "台湾"),
        ("會議", "会议"),
        ("國", "国"),
        ("議事堂", "议事堂"),
    ],
)
def test_it_maps_traditional_to_simplified(traditional, simplified):
    assert normalize(traditional) == simplified


def test_it_leaves_simplified_text_alone():
    text = "政协第十届温州市瓯海区委员会第四次会议"
    assert normalize(text) == text


def test_it_folds_full_width_ascii_and_digits():
    assert normalize("ＡＢＣ１２３（，：）") == "abc123(,:)"


def test_it_lowercases_ascii_letters():
    assert normalize("GDP增长5.8%") == "gdp增长5.8%"


def test_it_turns_odd_spaces_into_spaces():
    assert normalize("工\u3000作\u00a0报\u2002告") == "工 作 报 告"


def test_it_keeps_line_breaks():
    assert normalize("一、\n二、") == "一、\n二、"


def test_every_mapping_is_one_character_and_final():
    table = _translation_table()
    for source, target in table.items():
        assert len(chr(target)) == 1
        assert target not in table or table[target] == target, chr(source)


def test_it_preserves_length_on_mixed_text():
    text = "協商ＡＢ　x😀\U00020000國<script>"
    assert len(normalize(text)) == len(text)


def test_it_is_idempotent():
    text = "乾隆於是後來協商發展ＡＢＣ"
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(), min_size=0, max_size=600))
def test_long_and_short_texts_are_translated_alike(text):
    """Long texts go through a code-point array, short ones through str.translate: same result."""
    assert normalize(text) == text.translate(_translation_table())


def test_every_code_point_and_lone_surrogates_survive_the_array_path():
    text = "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)
    text += "\ud800協\udfffＡ" * 200
    assert normalize(text) == text.translate(_translation_table())
