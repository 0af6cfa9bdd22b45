"""Run the benchmark in a child process with its own data directory, SQLite file and whoosh index.

The child gets ARCHIVE_DATA_DIR=<new temporary folder> (or a corpus folder that is kept, for
`buildcorpus`) and no DATABASE_URL, so settings can only name that folder; it checks this again before
touching anything, migrates and loads the regions there.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

CHILD_ENV = "ARCHIVE_BENCHMARK_DIR"
MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


def in_child() -> bool:
    return bool(os.environ.get(CHILD_ENV))


def child_env(folder: Path) -> dict[str, str]:
    """This process's environment pointed at `folder` alone: its SQLite file, index and static files."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        {
            CHILD_ENV: str(folder),
            "ARCHIVE_DATA_DIR": str(folder),
            "STATIC_ROOT": str(Path(folder) / "static"),
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            # Production-like whatever the shell says: no query log in memory, hashed static files.
            "DEBUG": "0",
            "STATIC_MANIFEST": "1",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-key-not-secret",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def run_in_child(
    arguments: list[str], *, command: str = "benchmark", folder: Path | None = None
) -> subprocess.CompletedProcess:
    """`manage.py <command> <arguments>` in `folder`, or a throwaway one; stdout is captured."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="archive-benchmark-") as temporary:
            return run_in_child(arguments, command=command, folder=Path(temporary))
    return subprocess.run(  # noqa: S603 - our own manage.py, arguments from our own parser
        [sys.executable, str(MANAGE_PY), command, *arguments],
        env=child_env(folder),
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
        check=False,
    )


def check_child_settings() -> None:
    """Refuse to run unless the database and the index are inside the child's own folder."""
    folder = Path(os.environ[CHILD_ENV]).resolve()
    database = settings.DATABASES["default"]
    index_path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).resolve()
    if Path(settings.ARCHIVE_DATA_DIR).resolve() != folder:
        raise RuntimeError("benchmark child: ARCHIVE_DATA_DIR is not its temporary folder")
    if database["ENGINE"] != "django.db.backends.sqlite3" or folder not in Path(database["NAME"]).parents:
        raise RuntimeError("benchmark child: the database is not a SQLite file in its temporary folder")
    if folder not in index_path.parents:
        raise RuntimeError("benchmark child: the search index is not in its temporary folder")
