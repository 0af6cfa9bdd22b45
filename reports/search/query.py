"""The archive's query syntax, parsed into a `Query` that never fails, whatever was typed.

Syntax: space-separated terms are all required; `"a quoted phrase"` (also “…”) is one term that may hold
spaces and operators; `-term` or `-"phrase"` excludes; `OR` (upper case) between terms makes them
alternatives. Everything else is text: `(`, `*`, `field:value`, `NOT`, `~` never raise an error.

Matching is plain substring containment on normalised text, so a term and the same term quoted match
the same sections; quotes only matter for spaces and for words that would otherwise be operators.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from reports.search.normalize import normalize

MAX_QUERY_CHARS = 400
MAX_TERMS = 12
# A term longer than this is cut: no report phrase worth searching for is longer, and a 10,000-char
# term would become a 10,000-bigram phrase query.
MAX_TERM_CHARS = 60

# Typed around a word out of habit or from other search engines; they never carry meaning here.
_EDGE_PUNCTUATION = "-()[]{}<>*?~^!,.;:'`+=|\\/，。；：！？、（）【】《》「」『』〈〉…"
_QUOTES = {'"': '"', "“": "”", "”": "”"}
_TOKEN_RE = re.compile(r'-?(?:"[^"]*"?|“[^”"]*”?)|[^\s"“”]+')


@dataclass(frozen=True)
class Query:
    """A parsed query; every term is normalised (see `reports.search.normalize`)."""

    required: tuple[tuple[str, ...], ...] = ()  # AND of groups, each group an OR of terms
    excluded: tuple[str, ...] = ()
    truncated: bool = False  # the input was longer than the caps and was cut
    dropped: tuple[str, ...] = field(default=(), compare=False)  # what was ignored, for a notice

    @property
    def is_empty(self) -> bool:
        """No positive term: such a query matches nothing (a bare `-term` lists nothing)."""
        return not self.required

    @property
    def positive_terms(self) -> tuple[str, ...]:
        """Every term that must or may occur, once each, longest first (for highlighting)."""
        unique = {term for group in self.required for term in group}
        return tuple(sorted(unique, key=lambda term: (-len(term), term)))

    @property
    def needs_verification(self) -> bool:
        """A quoted phrase holds a space: the index only approximates it, post-filter with `matches`."""
        return any(" " in term for term in (*self.positive_terms, *self.excluded))

    def matches(self, normalized_text: str) -> bool:
        """The reference semantics: every group has a term in the text, and no excluded term is."""
        if self.is_empty:
            return False
        if any(term in normalized_text for term in self.excluded):
            return False
        return all(any(term in normalized_text for term in group) for group in self.required)


@dataclass
class _Builder:
    required: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    pending_or: bool = False
    truncated: bool = False

    def term_count(self) -> int:
        return sum(len(group) for group in self.required) + len(self.excluded)

    def add(self, term: str, *, negated: bool) -> None:
        if self.term_count() >= MAX_TERMS:
            self.truncated = True
            self.dropped.append(term)
        elif negated:
            self.pending_or = False
            if term not in self.excluded:
                self.excluded.append(term)
        elif self.pending_or and self.required:
            self.pending_or = False
            if term not in self.required[-1]:
                self.required[-1].append(term)
        else:
            self.required.append([term])

    def build(self) -> Query:
        groups = _dedupe_groups(self.required)
        return Query(
            required=groups,
            excluded=tuple(self.excluded),
            truncated=self.truncated,
            dropped=tuple(self.dropped),
        )


def _dedupe_groups(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    unique: list[tuple[str, ...]] = []
    for group in groups:
        key = tuple(group)
        if key not in unique:
            unique.append(key)
    return tuple(unique)


def _clean_input(raw: object) -> tuple[str, bool]:
    """A printable string of at most MAX_QUERY_CHARS, and whether it had to be cut."""
    text = raw if isinstance(raw, str) else ""
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    # Control, format and unpaired surrogate characters become spaces: they cannot be typed on purpose.
    text = "".join(" " if unicodedata.category(char) in {"Cc", "Cf", "Cs"} else char for char in text)
    return text, truncated


def _term_text(token: str) -> tuple[str, bool]:
    """The text of one token, and whether it was quoted."""
    if token[:1] in _QUOTES:
        closing = _QUOTES[token[0]]
        body = token[1:-1] if len(token) > 1 and token.endswith((closing, '"')) else token[1:]
        return " ".join(body.split()), True
    return token.strip(_EDGE_PUNCTUATION), False


def parse_query(raw: str) -> Query:
    """Parse what a reader typed; never raises, caps its size, normalises every term."""
    text, truncated = _clean_input(raw)
    builder = _Builder(truncated=truncated)
    normalized = normalize(text)
    for match in _TOKEN_RE.finditer(normalized):
        token, typed = match.group(), text[match.start() : match.end()]
        if typed == "OR":
            builder.pending_or = bool(builder.required)
            continue
        if typed == "AND":  # what a space already means; kept as a word it would only empty the results
            continue
        negated = token.startswith("-") and len(token) > 1
        term, _quoted = _term_text(token[1:] if negated else token)
        if not term:
            continue
        if len(term) > MAX_TERM_CHARS:
            term, builder.truncated = term[:MAX_TERM_CHARS], True
        builder.add(term, negated=negated)
    return builder.build()
