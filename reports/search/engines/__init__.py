"""The search engines behind haystack, one package each, all offering `base.SearchBackend`.

- `base`: the contract and the values that cross it (`Match`, `ReportHits`), no engine library;
- `tantivy`: tantivy (Rust, embedded), the default;
- `whoosh`: whoosh (pure Python), with its analyzers and query building.

Only an engine's own package imports its library: the rest of the archive runs with the other one
missing.
"""
