"""Run the benchmark in a child process with its own data directory, SQLite file and whoosh index.

The child gets ARCHIVE_DATA_DIR=<new temporary folder> and no DATABASE_URL, so settings can only name
that folder; it checks this again before touching anything, migrates and loads the regions there.
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


def run_in_child(arguments: list[str]) -> subprocess.CompletedProcess:
    """`manage.py benchmark <arguments>` in a throwaway data directory; stdout is captured."""
    with tempfile.TemporaryDirectory(prefix="archive-benchmark-") as folder:
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        env.update(
            {
                CHILD_ENV: folder,
                "ARCHIVE_DATA_DIR": folder,
                "DJANGO_SETTINGS_MODULE": "archive.settings",
                "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-key-not-secret",
                "LOG_LEVEL": "WARNING",
            }
        )
        return subprocess.run(  # noqa: S603 - our own manage.py, arguments from our own parser
            [sys.executable, str(MANAGE_PY), "benchmark", *arguments],
            env=env,
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
        raise RuntimeError("benchmark child: the whoosh index is not in its temporary folder")
