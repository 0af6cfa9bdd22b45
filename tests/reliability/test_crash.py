"""A writer killed (SIGKILL) in the middle of an index write: the lock is free, the damage is found and
repaired from the database, and every report is searchable again."""

import json
import os
import signal

import pytest

from tests.reliability.processes import (
    engine,
    finish,
    shared_site,
    wait_until,
    write_lock_held,
    write_marked_reports,
)

NUMBERS = "一二三四五六七八九十"
ROUNDS = 3


@pytest.fixture
def site(tmp_path):
    with shared_site(tmp_path) as site:
        yield site


def writer_mid_write(index_dir) -> bool:
    """A report has been indexed, and a writer holds the lock for the next one.

    whoosh: a TOC after generation 0 (the empty index) and the writer's new segment folder open;
    tantivy: a committed segment in meta.json (the writer tokenizes and writes under the lock).
    """
    if engine() == "whoosh":
        committed = any(toc.name != "_MAIN_0.toc" for toc in index_dir.glob("_MAIN_*.toc"))
        return committed and (index_dir / "MAIN.tmp").is_dir() and write_lock_held(index_dir)
    try:
        committed = bool(json.loads((index_dir / "meta.json").read_text())["segments"])
    except (OSError, ValueError, KeyError):
        return False
    return committed and write_lock_held(index_dir)


def kill_an_ingest_mid_write(site, folder, markers):
    """Start an ingest of one report per marker, SIGKILL it while it writes to the index; checkindex."""
    write_marked_reports(folder, markers)
    ingest = site.start("manage", "ingest", str(folder))
    wait_until(
        lambda: writer_mid_write(site.index_dir), timeout=240, what="a writer in the middle of a write"
    )
    os.kill(ingest.pid, signal.SIGKILL)
    killed = finish(ingest, ("ingest",), timeout=30)
    assert killed.returncode == -signal.SIGKILL
    assert not write_lock_held(site.index_dir)  # the kernel released the dead writer's lock
    return site.checkindex()


def test_an_ingest_killed_mid_write_is_found_and_repaired(site, tmp_path):
    # The lock is held a moment longer than the write (tantivy waits for its merges under it): a kill
    # landing there loses nothing, the check is in sync, and another ingest is killed, up to ROUNDS.
    markers: list[str] = []
    for round_number in range(ROUNDS):
        round_markers = [f"崩溃测试{round_number}轮{n}号" for n in NUMBERS]
        markers += round_markers
        check = kill_an_ingest_mid_write(site, tmp_path / f"reports-{round_number}", round_markers)
        if check.returncode == 1:
            break
        assert check.returncode == 0 and check.last_json()["check"]["in_sync"], check.stdout
    assert check.returncode == 1, check.stdout
    drift = check.last_json()["check"]
    assert drift["missing"] or drift["unreadable"]

    repaired = site.checkindex("--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr[-3000:]
    assert repaired.last_json()["repair"]["reports"] >= 1

    found = site.run("find", *markers).last_json()
    assert len(found["reports"]) >= 2
    assert sorted(report for hits in found["found"].values() for report in hits) == found["reports"]

    again = site.checkindex()
    assert again.returncode == 0 and again.last_json()["check"]["in_sync"]
    print(
        f"\nkilled mid-write: {len(drift['missing'])} sections missing of {drift['sections']} "
        f"(unreadable: {drift['unreadable']}); repaired in {repaired.last_json()['repair']['seconds']:.1f} s"
    )
