"""Keyword-in-context snippets and whole-text highlighting, as safe HTML.

Hits are found in the normalised text (so 協商 marks 协商 and the reverse) and, normalisation being
character for character, the same offsets cut the original text. Everything that is not a `<mark>`
tag is escaped with `html.escape`.
"""

import html
import re

from reports.search.normalize import normalize
from reports.search.query import Query

ELLIPSIS = "…"
_WHITESPACE_RE = re.compile(r"\s+")

Span = tuple[int, int]


def _occurrences(haystack: str, needle: str) -> list[Span]:
    """Every occurrence, overlapping ones included (协协 in 协协协 is found twice)."""
    spans, start = [], haystack.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return spans


def _merge(spans: list[Span], gap: int = 0) -> list[Span]:
    """Sorted union of spans; spans closer than `gap` characters are joined too."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def term_spans(text: str, query: Query) -> dict[str, list[Span]]:
    """For each positive term of `query`, where it occurs in `text` (offsets valid in the original)."""
    normalized = normalize(text)
    return {term: _occurrences(normalized, term) for term in query.positive_terms}


def hit_spans(text: str, query: Query) -> list[Span]:
    """Sorted, non-overlapping spans to mark: the union of every occurrence of every positive term."""
    return _merge([span for spans in term_spans(text, query).values() for span in spans])


def _marked(text: str, start: int, end: int, hits: list[Span], *, collapse: bool) -> str:
    """text[start:end] as HTML, hits inside it wrapped in <mark>."""
    pieces, cursor = [], start
    for hit_start, hit_end in hits:
        if hit_end <= start or hit_start >= end:
            continue
        hit_start, hit_end = max(hit_start, start), min(hit_end, end)
        pieces.append(_plain(text[cursor:hit_start], collapse))
        pieces.append(f"<mark>{html.escape(text[hit_start:hit_end])}</mark>")
        cursor = hit_end
    pieces.append(_plain(text[cursor:end], collapse))
    return "".join(pieces)


def _plain(text: str, collapse: bool) -> str:
    return html.escape(_WHITESPACE_RE.sub(" ", text) if collapse else text)


def highlight_html(text: str, query: Query) -> str:
    """The whole text as HTML with every hit marked; line breaks are kept as they are."""
    return _marked(text, 0, len(text), hit_spans(text, query), collapse=False)


def _windows(text: str, spans_by_term: dict[str, list[Span]], radius: int) -> list[tuple[Span, int]]:
    """Context windows around the hits, each with the number of distinct terms it shows.

    A window reaches `radius` characters each side of the hit that opens it; a hit that begins
    inside it joins it (extending it to that hit's end, so no hit is cut) instead of stretching it by
    another `radius`. So a passage stays about 2 × radius long however many hits crowd into it, and
    windows never overlap.
    """
    hits = sorted(
        (start, end, number) for number, spans in enumerate(spans_by_term.values()) for start, end in spans
    )
    windows: list[list] = []  # [start, end, terms shown]
    for start, end, number in hits:
        if windows and start < windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2].add(number)
            continue
        opening = max(0, start - radius, windows[-1][1] if windows else 0)
        windows.append([opening, min(len(text), end + radius), {number}])
    return [((start, end), len(numbers)) for start, end, numbers in windows]


def snippet_html(text: str, query: Query, radius: int = 60, max_snippets: int = 3) -> str:
    """Up to `max_snippets` passages around the hits, best first chosen, shown in text order.

    Passages are ranked by how many different terms they show, then by position. Without any hit,
    the opening of the text is shown. Cut ends carry "…"; whitespace runs become one space.
    """
    spans_by_term = term_spans(text, query)
    scored = _windows(text, spans_by_term, radius)
    if not scored:
        end = min(len(text), 2 * radius)
        return _plain(text[:end], True).strip() + (ELLIPSIS if end < len(text) else "")
    best = sorted(scored, key=lambda item: (-item[1], item[0][0]))[: max(1, max_snippets)]
    hits = _merge([span for spans in spans_by_term.values() for span in spans])
    chosen: list[list[int]] = []
    for (start, end), _shown in sorted(best):
        if chosen and start == chosen[-1][1]:  # windows that touch read as one passage
            chosen[-1][1] = end
        else:
            chosen.append([start, end])
    passages = []
    for start, end in chosen:
        passage = _marked(text, start, end, hits, collapse=True).strip()
        lead = ELLIPSIS if start > 0 else ""
        tail = ELLIPSIS if end < len(text) else ""
        passages.append(f"{lead}{passage}{tail}")
    return " ".join(passages)
