"""buildcorpus and loadtest: a tiny corpus served by real gunicorn under load, the corpus folder's guards,
and the load client's error counting against a stub server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.benchmark import kept, load, serve

TINY_CORPUS_REPORTS = 5


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    out = StringIO()
    call_command("buildcorpus", "--reports", str(TINY_CORPUS_REPORTS), "--data-dir", str(folder), stdout=out)
    assert "corpus in" in out.getvalue()
    return folder


@pytest.mark.load
def test_it_serves_a_tiny_corpus_to_four_users_without_errors(tiny_corpus):
    out = StringIO()
    arguments = ("--data-dir", str(tiny_corpus), "--users", "4", "--duration", "5", "--workers", "2")
    try:
        call_command("loadtest", *arguments, "--json", stdout=out)
    except CommandError as error:
        pytest.fail(f"{error}\n{out.getvalue()}\n{(tiny_corpus / 'gunicorn.log').read_text()[-3000:]}")
    result = json.loads(out.getvalue())
    overall = result["overall"]
    assert overall["errors"] == 0 and result["failures"] == []
    assert result["reports"] == TINY_CORPUS_REPORTS and result["sections"] > TINY_CORPUS_REPORTS
    assert overall["requests"] == sum(row["requests"] for row in result["kinds"].values())
    assert set(result["kinds"]) == set(load.MIX)
    assert all(row["requests"] > 0 for row in result["kinds"].values())
    assert overall["requests_per_s"] > 1 and 5 <= result["elapsed_s"] < 5 + load.REQUEST_TIMEOUT_S
    for row in [overall, *result["kinds"].values()]:
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
    assert "Shutting down: Master" in (tiny_corpus / "gunicorn.log").read_text()


def test_it_refuses_a_folder_that_holds_no_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("not-a-corpus")
    with pytest.raises(CommandError, match="no corpus"):
        call_command("loadtest", "--data-dir", str(folder), "--duration", "1")
    kept.write_marker(folder, complete=False)
    with pytest.raises(CommandError, match="not finished"):
        call_command("loadtest", "--data-dir", str(folder), "--duration", "1")


def test_buildcorpus_refuses_the_archives_own_data_directory(settings):
    with pytest.raises(CommandError, match="own data directory"):
        call_command("buildcorpus", "--reports", "1", "--data-dir", str(settings.ARCHIVE_DATA_DIR))
    with pytest.raises(CommandError, match="own data directory"):
        call_command("buildcorpus", "--reports", "1", "--data-dir", str(settings.ARCHIVE_DATA_DIR / "sub"))


def test_buildcorpus_refuses_a_folder_with_other_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("someone-elses")
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not a corpus folder"):
        call_command("buildcorpus", "--reports", "1", "--data-dir", str(folder))
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_previous_corpus_is_cleared_before_a_new_one(tmp_path_factory, settings):
    folder = tmp_path_factory.mktemp("previous")
    kept.write_marker(folder, complete=True, reports=3)
    (folder / "whoosh_index").mkdir()
    (folder / "whoosh_index" / "segment").write_text("old")
    (folder / "archive.sqlite3").write_text("old")
    kept.prepare(folder, settings.ARCHIVE_DATA_DIR)
    assert sorted(path.name for path in folder.iterdir()) == [kept.MARKER]
    assert kept.read_marker(folder) == {"kind": kept.KIND, "complete": False}


class FailingReportPages(BaseHTTPRequestHandler):
    """200 for every page but report pages, which answer 500."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(500 if self.path.startswith("/report/") else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_server():
    server = ThreadingHTTPServer((serve.HOST, 0), FailingReportPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


CATALOG = load.Catalog(report_ids=(1, 2), adcodes=("330802",), years=(2020, 2021))


def test_users_count_every_failed_request_of_their_kind(stub_server):
    samples, elapsed_s = load.run_users(stub_server, CATALOG, users=3, duration_s=0.5, seed=1)
    result = load.figures(samples, elapsed_s)
    report = result["kinds"]["report"]
    assert report["requests"] > 0 and report["errors"] == report["requests"]
    assert result["overall"]["errors"] == report["errors"]
    assert all(result["kinds"][kind]["errors"] == 0 for kind in ("search", "api", "browse"))
    assert result["failures"][0]["status"] == 500 and result["failures"][0]["path"].startswith("/report/")


def test_a_refused_connection_is_an_error():
    port = serve.free_port()  # nothing listens there
    sample = load.timed_get(port, "browse", "/")
    assert sample.failed and sample.status is None and "Connection" in sample.error


def test_request_paths_follow_the_mix_and_the_catalog():
    import random

    rng = random.Random(7)  # noqa: S311
    paths = {kind: [load.request_path(kind, rng, CATALOG) for _ in range(200)] for kind in load.MIX}
    assert all(path.startswith("/search/?q=") for path in paths["search"])
    assert all(path.startswith("/api/search?q=") for path in paths["api"])
    assert set(paths["report"]) == {"/report/1/", "/report/2/"}
    assert {"/", "/region/", "/region/330802/", "/year/"} <= set(paths["browse"])
    assert any("page=" in path for path in paths["search"]) and any("region=" in p for p in paths["search"])


def test_the_table_has_a_row_per_page_kind_and_lists_failures(stub_server):
    samples, elapsed_s = load.run_users(stub_server, CATALOG, users=2, duration_s=0.3, seed=2)
    result = {"users": 2, "workers": 1, "reports": 2, "sections": 9, "cpus": 2, "load_average_before": 0.5}
    result |= load.figures(samples, elapsed_s)
    table = load.markdown(result)
    assert "| page kind | requests | requests/s | p50 | p95 | p99 | errors |" in table
    for kind in [*load.MIX, "all"]:
        assert f"\n| {kind} | " in table
    report_errors = result["kinds"]["report"]["errors"]
    assert report_errors > 0 and f"| report | {report_errors:,} |" in table
    assert "failed: report /report/" in table and "→ 500" in table
