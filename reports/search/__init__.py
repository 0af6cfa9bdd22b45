"""Engine-agnostic core of the archive's search: normalisation, query syntax, analysis and snippets.

Nothing here imports Django, so every piece can be tested and benchmarked on plain strings.

- `normalize.normalize(text)`: traditional → simplified, full width → half width, ASCII lower case,
  one character for one character (offsets survive).
- `query.parse_query(raw) -> Query`: the reader's syntax; `Query.matches(normalized_text)` is the
  reference semantics (every term a substring).
- `analysis`: whoosh tokenizers. A section is indexed twice: `exact_field()` holds overlapping
  character bigrams with consecutive positions (every substring findable, exactly), `words_field()`
  holds jieba search-mode words with the project's user dictionary (ranking only).
- `whoosh_query.whoosh_query(query, "text", "words")`: the exact bigram filter, scored by the words.
- `snippets`: keyword-in-context passages and whole-text highlighting as escaped HTML.
"""
