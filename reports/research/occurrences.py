"""Where a normalised term occurs in original text, found without normalising the text.

Normalisation (`reports.search.normalize`) maps each character to one character, so the term occurs at
offset i of the normalised text exactly when each character of the original text there is the term's
character or one that normalises to it. A pattern of such character classes finds the same offsets as
`normalize(text).find(term)` (overlaps included), several times faster than translating every section
of a long concordance first.
"""

import re
from collections import defaultdict
from functools import cache, lru_cache

from reports.search.normalize import normalize

_BLOCK = 4096
Span = tuple[int, int]


@cache
def variants() -> dict[str, str]:
    """For each character that normalisation produces, the other characters it comes from (協 → 协)."""
    found: dict[str, str] = defaultdict(str)
    for start in range(0, 0x110000, _BLOCK):
        block = "".join(map(chr, range(start, start + _BLOCK)))
        normalized = normalize(block)
        if normalized == block:  # most blocks hold no character that normalisation changes
            continue
        for original, target in zip(block, normalized, strict=True):
            if original != target:
                found[target] += original
    return dict(found)


@lru_cache(maxsize=256)
def term_pattern(term: str) -> re.Pattern:
    """A pattern whose matches start wherever the normalised `term` occurs, overlapping ones included."""
    table = variants()
    classes = "".join(
        f"[{re.escape(char + table[char])}]" if char in table else re.escape(char) for char in term
    )
    return re.compile(f"(?=(?:{classes}))")


def occurrences(text: str, term: str) -> list[Span]:
    """Every span of `text` whose normalised form is `term` (a normalised term, as queries hold them)."""
    if not term:
        return []
    return [(match.start(), match.start() + len(term)) for match in term_pattern(term).finditer(text)]
