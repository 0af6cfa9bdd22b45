"""Writers in separate processes, started at the same moment against one database and one index.

Two `manage.py ingest` runs with different reports each and an admin edit of an existing report write
while a reader searches in a loop. Every writer must succeed, the reader must never get an error, and
afterwards every report is found and `checkindex` finds no drift.
"""

import re
import time

import pytest

from tests.reliability.processes import SAMPLES_DIR, Barrier, finish, shared_site, write_marked_reports

NUMBERS = "一二三四"
REPORTS_PER_INGEST = len(NUMBERS)
WAIT_LOGGED = re.compile(r"waited (\d+\.\d+) s for the write lock")


@pytest.fixture
def site(tmp_path):
    with shared_site(tmp_path) as site:
        yield site


def test_concurrent_writers_all_succeed_and_the_reader_never_fails(site, tmp_path):
    edited = write_marked_reports(tmp_path / "existing", ["并发编辑前"])["并发编辑前"]
    existing = site.manage("ingest", "--json", str(edited))
    assert existing.returncode == 0, existing.stderr[-3000:]
    existing_id = existing.last_json()["report_id"]
    first = list(write_marked_reports(tmp_path / "first", [f"并发甲{n}号" for n in NUMBERS]))
    second = list(write_marked_reports(tmp_path / "second", [f"并发乙{n}号" for n in NUMBERS]))

    barrier, stop = Barrier(tmp_path / "barrier"), tmp_path / "stop-reading"
    reader = site.start("read", str(stop), "政协", "并发", "委员", barrier=barrier)
    writers = {
        "ingest first": site.start("manage", "ingest", str(tmp_path / "first"), barrier=barrier),
        "ingest second": site.start("manage", "ingest", str(tmp_path / "second"), barrier=barrier),
        "admin edit": site.start("admin-edit", str(existing_id), "并发编辑后", barrier=barrier),
    }
    started = barrier.release()
    results = {name: finish(process, (name,)) for name, process in writers.items()}
    writing_seconds = time.monotonic() - started
    stop.touch()
    reading = finish(reader, ("read",))

    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {result.stderr[-3000:]}"
    assert f"{REPORTS_PER_INGEST} ingested, 0 duplicate, 0 failed" in results["ingest first"].stdout
    assert f"{REPORTS_PER_INGEST} ingested, 0 duplicate, 0 failed" in results["ingest second"].stdout
    assert results["admin edit"].last_json() == {"status": 302, "report": existing_id}

    assert reading.returncode == 0, reading.stderr[-3000:]
    counts = reading.last_json()
    assert counts["errors"] == 0, reading.stderr[-5000:]
    assert counts["searches"] > 0 and "Traceback" not in reading.stderr

    found = site.run("find", *first, *second, "并发编辑前", "并发编辑后", "政协").last_json()
    reports = found["reports"]
    assert len(reports) == 1 + 2 * REPORTS_PER_INGEST
    for marker in first + second:
        assert len(found["found"][marker]) == 1, (marker, found)
    assert found["found"]["并发编辑后"] == found["found"]["并发编辑前"] == [existing_id]
    assert found["found"]["政协"] == reports

    check = site.checkindex()
    assert check.returncode == 0, check.stdout
    summary = check.last_json()["check"]
    assert summary["in_sync"] and summary["backlog"] == 0
    assert summary["sections"] == summary["documents"] > 0

    waits = [float(seconds) for result in results.values() for seconds in WAIT_LOGGED.findall(result.stderr)]
    print(
        f"\n{len(writers)} writers in {writing_seconds:.1f} s; {len(waits)} waits for the write lock, "
        f"longest {max(waits, default=0):.2f} s, total {sum(waits):.2f} s; reader: {counts['searches']} "
        f"searches, {counts['errors']} errors, report counts seen {counts['report_counts']}"
    )


def test_two_ingests_of_the_same_folder_at_once_store_every_file_once(site, tmp_path):
    barrier = Barrier(tmp_path / "barrier-same")
    folder = str(SAMPLES_DIR)
    runs = [site.start("manage", "ingest", folder, barrier=barrier) for _ in range(2)]
    barrier.release()
    results = [finish(process, ("ingest",)) for process in runs]

    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
        assert "IntegrityError" not in result.stderr
    stored = [int(re.search(r"(\d+) ingested", result.stdout).group(1)) for result in results]
    duplicates = [int(re.search(r"(\d+) duplicate", result.stdout).group(1)) for result in results]
    samples = len(list(SAMPLES_DIR.glob("*.txt")))
    assert sum(stored) == samples  # each file stored by exactly one of the two
    assert [a + b for a, b in zip(stored, duplicates, strict=True)] == [samples, samples]
    found = site.run("find", "政协").last_json()
    assert len(found["reports"]) == samples  # one report a file in the database
    assert len(found["found"]["政协"]) == samples  # and each in the index
