"""The `benchmark` command's logic: a synthetic corpus, a fixed query set, timings against a brute-force scan.

- `corpus`: report texts of ~15,000 characters made from the sample reports' paragraphs (no Django).
- `queries`: the fixed query set.
- `measure`: ingest, index, search and scan inside a throwaway data directory, with a result dict.
- `isolation`: runs the measurement in a child process with its own data directory and SQLite file.
"""
