"""The tantivy engine (Rust, embedded; the default): `backend` (haystack's backend: opening, writes under
a file lock, exact search, digests), `documents` (schema and terms), `queries` (a `Query` as a tantivy
query), `hits` (the matching reports from columns and aggregations)."""
