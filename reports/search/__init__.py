"""The archive's search: engine-agnostic core, the service views call, and the engines behind it.

Nothing in the core imports Django, so every piece can be tested and benchmarked on plain strings:

- `normalize.normalize(text)`: traditional → simplified, full width → half width, ASCII lower case,
  one character for one character (offsets survive).
- `query.parse_query(raw) -> Query`: the reader's syntax; `Query.matches(normalized_text)` is the
  reference semantics (every term a substring).
- `analysis`: how a section is cut for the index, whatever the engine: overlapping character bigrams
  (every substring findable, exactly) and jieba search-mode words with the project's user dictionary
  (ranking only).
- `snippets`: keyword-in-context passages and whole-text highlighting as escaped HTML.

Then `service` (the one search function), `sync` (the index follows each commit), `integrity` (drift
found and repaired), and `engines/` (tantivy, whoosh), each offering `engines.base.SearchBackend`.
"""
