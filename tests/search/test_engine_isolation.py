"""Only an engine's own package imports its library: the archive runs with the other engine's missing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ENGINES = tuple(settings.SEARCH_ENGINES)
APPLICATION = ["archive", "reports"]  # the code that runs the site and its commands

# In a child process: the other engine's library cannot be imported (as if it were not installed),
# then Django is set up on `engine`, a search runs, and every module of `reports` but the other engine's
# package is imported.
CHILD = """
import importlib, sys
from pathlib import Path

blocked = sys.argv[1]


class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name == blocked or name.startswith(blocked + "."):
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None


sys.meta_path.insert(0, NotInstalled())
import django

django.setup()
from haystack import connections

import reports
from reports.search.query import parse_query
from reports.search.service import SearchParams, matching_sections

backend = connections["default"].get_backend()
assert backend.exact_search(parse_query("协商")) == [] and backend.document_count() == 0
assert matching_sections(parse_query("协商"), SearchParams(q="协商")) == []
other = Path(reports.__file__).parent / "search" / "engines" / blocked
for path in sorted(Path(reports.__file__).parent.rglob("*.py")):
    if other not in path.parents:
        parts = path.relative_to(other.parents[3]).with_suffix("").parts
        importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
print(type(backend).__module__)
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_the_archive_runs_without_the_other_engines_library(engine, tmp_path):
    for other in (name for name in ENGINES if name != engine):
        env = {**os.environ, "ARCHIVE_SEARCH_ENGINE": engine, "ARCHIVE_DATA_DIR": str(tmp_path)}
        env.update(DJANGO_SETTINGS_MODULE="archive.settings", PYTHONPATH=str(ROOT))
        command = [sys.executable, "-c", CHILD, other]
        child = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert child.returncode == 0, child.stderr[-3000:]
        assert child.stdout.strip() == f"reports.search.engines.{engine}.backend"


def _modules(top: str) -> list[Path]:
    return sorted((ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("engine", ENGINES)
def test_no_module_outside_the_engines_package_imports_its_library(engine):
    own = ROOT / "reports" / "search" / "engines" / engine
    importing = re.compile(rf"^\s*(?:import|from)\s+{engine}\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for top in APPLICATION
        for path in _modules(top)
        if own not in path.parents and importing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert any(importing.search(path.read_text(encoding="utf-8")) for path in own.rglob("*.py"))


PLAIN_MODULES = [
    "reports.search.analysis",
    "reports.search.engines.base",
    "reports.search.engines.whoosh.analysis",
    "reports.search.engines.whoosh.query",
]
PLAIN_CHILD = """
import importlib, sys

for name in sys.argv[1:]:
    importlib.import_module(name)
print(sorted({"django.conf", "haystack"} & set(sys.modules)))
"""


def test_text_analysis_and_query_building_need_neither_django_nor_haystack():
    """What scripts and measurements use on plain strings: importable without settings."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", PLAIN_CHILD, *PLAIN_MODULES]
    child = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (child.returncode, child.stdout.strip()) == (0, "[]"), child.stderr[-3000:]
