"""The `benchmark` command's logic: a synthetic corpus, a fixed query set, timings against a brute-force scan.

- `corpus`: report texts of ~15,000 characters made from the sample reports' paragraphs (no Django).
- `queries`: the fixed query set.
- `measure`: ingest, index, search and scan inside a throwaway data directory, with a result dict.
- `isolation`: runs the measurement in a child process with its own data directory and SQLite file.
- `kept`: the same corpus built into a data directory that is kept (`buildcorpus`), for serving.
- `serve` and `load`: gunicorn on such a folder and concurrent simulated readers against it (`loadtest`).
"""
