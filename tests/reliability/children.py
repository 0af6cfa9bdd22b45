"""Child processes of the reliability tests: `python -m tests.reliability.children [--ready R --go G] WHAT`

- `manage ARGS`: a manage.py command;
- `admin-edit REPORT_ID MARKER`: the admin's change form of the report, posted back through Django's
  test client with MARKER added to the first section's text (the admin's own save path);
- `read STOP_FILE TERM...`: searches for the terms in a loop until STOP_FILE exists, then prints
  `{"searches", "errors", "report_counts"}` as JSON (tracebacks of errors go to stderr);
- `find TERM...`: prints `{"reports": [...], "found": {term: [report ids]}}` as JSON.

With --ready/--go, Django is set up and jieba loaded first, READY is created, and the work starts once GO
exists, so that several children start it at the same moment.
"""

import argparse
import json
import logging
import sys
import time
import traceback
from pathlib import Path

import django

READ_LIMIT = 600.0  # seconds: a reader whose stop file never comes stops by itself


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--go", type=Path)
    parser.add_argument("what", choices=sorted(CHILDREN))
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    django.setup()
    # Every wait for the index's write lock is logged, so the test can report how long writers queued.
    logging.getLogger("reports.search.engines").setLevel(logging.DEBUG)
    if options.go:
        warm_up()
        options.ready.touch()
        while not options.go.exists():
            time.sleep(0.005)
    return CHILDREN[options.what](*options.args) or 0


def warm_up() -> None:
    from reports.search.analysis import search_words

    list(search_words("预先载入分词词典"))


def manage(*args: str) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *args])
    return 0


def admin_edit(report_id: str, marker: str) -> int:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.admin.helpers import change_form_data

    setup_test_environment()  # the test client's `response.context`, and "testserver" as a host
    user, _ = get_user_model().objects.get_or_create(
        username="reliability-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = f"/admin/reports/report/{report_id}/change/"
    data = change_form_data(client.get(url))
    text_key = next(key for key in sorted(data) if key.startswith("sections-") and key.endswith("-text"))
    data[text_key] = f"{data[text_key]}\n开展{marker}活动。"
    response = client.post(url, data)
    print(json.dumps({"status": response.status_code, "report": int(report_id)}))
    return 0 if response.status_code == 302 else 1


def read(stop_file: str, *terms: str) -> int:
    from reports.search.service import SearchParams, search

    searches, errors, counts = 0, 0, {term: set() for term in terms}
    deadline = time.monotonic() + READ_LIMIT
    while not Path(stop_file).exists() and time.monotonic() < deadline:
        for term in terms:
            searches += 1
            try:
                counts[term].add(search(SearchParams(q=term)).report_count)
            except Exception:
                errors += 1
                traceback.print_exc()
    report_counts = {term: sorted(seen) for term, seen in counts.items()}
    print(json.dumps({"searches": searches, "errors": errors, "report_counts": report_counts}))
    return 0


def find(*terms: str) -> int:
    from reports.models import Report
    from reports.search.query import parse_query
    from reports.search.service import SearchParams, matching_sections

    found = {
        term: sorted(
            {match.report_id for match in matching_sections(parse_query(term), SearchParams(q=term))}
        )
        for term in terms
    }
    reports = sorted(Report.objects.values_list("pk", flat=True))
    print(json.dumps({"reports": reports, "found": found}, ensure_ascii=False))
    return 0


CHILDREN = {"manage": manage, "admin-edit": admin_edit, "read": read, "find": find}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
