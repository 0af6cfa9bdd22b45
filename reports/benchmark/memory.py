"""The memory a fresh process needs to answer the benchmark's queries on one engine.

Run by the benchmark as `python -m reports.benchmark.memory ENGINE` in its own data directory (the
environment names it): Django starts and both segmenters load (the baseline), then every query is
answered once. It prints one JSON object: the resident memory at the baseline and after the queries,
and how many matching sections the queries found (none would mean it opened no index).
"""

import json
import os
import sys


def rss_bytes() -> int:
    """This process's resident memory now (Linux), 0 where /proc is not there."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def main(engine: str) -> dict:
    os.environ["ARCHIVE_SEARCH_ENGINE"] = engine
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from reports.benchmark.queries import QUERIES
    from reports.search.analysis import search_words
    from reports.search.service import SearchParams, search

    list(search_words("协商民主"))
    startup = rss_bytes()
    found = sum(search(SearchParams(q=raw)).section_count for raw in QUERIES)
    return {"startup_bytes": startup, "after_bytes": rss_bytes(), "sections_found": found}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
