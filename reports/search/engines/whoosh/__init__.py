"""The whoosh engine (pure Python): `backend` (haystack's backend with the archive's schema and writes),
`analysis` (the bigram and jieba tokenizers as whoosh fields), `query` (a `Query` as a whoosh query),
`writing` (bulk and parallel writers). `analysis` and `query` need neither Django nor haystack."""
