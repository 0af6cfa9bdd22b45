"""Real processes for the reliability tests: manage.py commands and the scripts of `children.py`, run
against one database and one index folder shared with the test.

On SQLite the database is a file in the test's folder. When the suite runs on PostgreSQL
(`DATABASE_URL`), it is a throwaway database `archive_proc_<pid>` on the same server, dropped afterwards,
so the children exercise the real engine. Every wait is bounded: a hang fails the test.
"""

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES_DIR = ROOT / "samples"
TIMEOUT = 300.0  # seconds a child may run before the test fails
# The file each engine's writers lock (fcntl.flock): whoosh's for its index MAIN, the tantivy backend's own.
WRITE_LOCKS = {"whoosh": "MAIN_WRITELOCK", "tantivy": "archive-writer.lock"}


def engine() -> str:
    """The search engine of this run; the children use the same."""
    from django.conf import settings

    return settings.ARCHIVE_SEARCH_ENGINE


def write_lock_path(index_dir: Path, engine_name: str | None = None) -> Path:
    """The file that writers of `engine_name` (default: the run's engine) lock on the index in `index_dir`."""
    return Path(index_dir) / WRITE_LOCKS[engine_name or engine()]


def write_lock_held(index_dir: Path, engine_name: str | None = None) -> bool:
    """Whether some process holds the engine's write lock on the index in `index_dir`.

    Both lock with `fcntl.flock`, which conflicts across open files even within one process.
    """
    path = write_lock_path(index_dir, engine_name)
    if not path.exists():
        return False
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.005) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Finished:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    def last_json(self) -> dict:
        return self.json_lines()[-1]


def finish(process: subprocess.Popen, args: tuple[str, ...], timeout: float = TIMEOUT) -> Finished:
    """Wait for the child; kill it and fail the test when it takes longer than `timeout` seconds."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"child {' '.join(args)} still running after {timeout:.0f} s\n{stderr[-3000:]}")
    return Finished(args, process.returncode, stdout, stderr)


@dataclass
class Site:
    """A data folder (originals, search index) and a database that child processes share.

    The children search with `engine_name`, the run's engine unless given.
    """

    data_dir: Path
    database_url: str | None = None
    engine_name: str | None = None

    @property
    def search_engine(self) -> str:
        return self.engine_name or engine()

    @property
    def index_dir(self) -> Path:
        """The index the children use: the one folder under {engine}_index/ (one per database)."""
        base = self.data_dir / f"{self.search_engine}_index"
        folders = sorted(path for path in base.glob("*") if path.is_dir()) if base.is_dir() else []
        return folders[0] if folders else base

    def env(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="archive.settings",
            ARCHIVE_DATA_DIR=str(self.data_dir),
            ARCHIVE_SEARCH_ENGINE=self.search_engine,
            SECRET_KEY="test-only-key-not-secret",
            DEBUG="0",
            SECURE_SSL_REDIRECT="0",
            STATIC_MANIFEST="0",
            LOG_LEVEL="INFO",
            PYTHONPATH=str(ROOT),
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def start(self, *args: str, barrier: "Barrier | None" = None) -> subprocess.Popen:
        """`python -m tests.reliability.children ARGS` in the background (see that module)."""
        command = [sys.executable, "-m", "tests.reliability.children"]
        if barrier is not None:
            command += ["--ready", str(barrier.ready_file()), "--go", str(barrier.go)]
        return subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, timeout: float = TIMEOUT) -> Finished:
        return finish(self.start(*args), args, timeout)

    def manage(self, *args: str, timeout: float = TIMEOUT) -> Finished:
        return self.run("manage", *args, timeout=timeout)

    def checkindex(self, *options: str) -> Finished:
        finished = self.manage("checkindex", "--json", *options)
        assert finished.returncode in (0, 1), finished.stderr[-3000:]
        return finished


class Barrier:
    """Children set up Django, create their ready file, then wait for the go file: a common start."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.go = folder / "go"
        self._count = 0

    def ready_file(self) -> Path:
        self._count += 1
        return self.folder / f"ready-{self._count}"

    def release(self, timeout: float = TIMEOUT) -> float:
        """Wait until every child is ready, then let them all go; the time they were let go."""
        ready = lambda: len(list(self.folder.glob("ready-*"))) == self._count  # noqa: E731
        wait_until(ready, timeout=timeout, what=f"{self._count} children to be ready", interval=0.05)
        self.go.touch()
        return time.monotonic()


@contextmanager
def shared_site(folder: Path, engine_name: str | None = None) -> Iterator[Site]:
    """A migrated site with the gazetteer loaded: SQLite in `folder`, or a throwaway PostgreSQL database;
    its children search with `engine_name` (the run's engine by default)."""
    data_dir = folder / "site"
    data_dir.mkdir(parents=True)
    with throwaway_database() as database_url:
        site = Site(data_dir, database_url, engine_name)
        for command in (("migrate", "--no-input", "-v", "0"), ("loadregions",)):
            finished = site.manage(*command)
            assert finished.returncode == 0, finished.stderr[-3000:]
        yield site


@contextmanager
def throwaway_database() -> Iterator[str | None]:
    """None on SQLite; on PostgreSQL the URL of a new database on the suite's server, dropped after."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        yield None
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"archive_proc_{os.getpid()}"
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def marked_report(sample: Path, marker: str) -> bytes:
    """The sample's text with `marker` added to its longest paragraph: a different, valid report."""
    lines = sample.read_text(encoding="utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda number: len(lines[number]))
    lines[longest] = lines[longest].rstrip("。") + f"，开展{marker}活动。"
    return "\n".join(lines).encode("utf-8")


def write_marked_reports(folder: Path, markers: list[str]) -> dict[str, Path]:
    """One report file per marker in `folder`, made from the samples in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES_DIR.glob("*.txt"))
    paths = {}
    for number, marker in enumerate(markers):
        sample = samples[number % len(samples)]
        paths[marker] = folder / f"{number:02d}_{sample.name}"
        paths[marker].write_bytes(marked_report(sample, marker))
    return paths
