"""The whoosh engine (pure Python): `backend` (haystack's backend with the archive's schema and writes),
`analysis` (the bigram and jieba tokenizers as whoosh fields), `query` (a `Query` as a whoosh query),
`writing` (bulk and parallel writers)."""

from reports.search.engines.whoosh.backend import ArchiveWhooshBackend, ArchiveWhooshEngine

__all__ = ["ArchiveWhooshBackend", "ArchiveWhooshEngine"]
