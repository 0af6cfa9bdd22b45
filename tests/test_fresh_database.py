"""A new archive: `migrate` alone loads the regions, so the first `ingest` files every sample under its
county; and the newest region migration loads the table the project ships."""

import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path

from reports.gazetteer import DATA_FILE

ROOT = Path(__file__).resolve().parents[1]


def manage(*arguments: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "ARCHIVE_DATA_DIR": str(data_dir), "HOME": str(data_dir)}
    env["ARCHIVE_ENV_FILE"] = os.devnull  # not the developer's .env
    command = [sys.executable, "manage.py", *arguments]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_migrate_then_ingest_files_every_sample_under_its_county(tmp_path):
    assert manage("migrate", "-v0", data_dir=tmp_path).returncode == 0
    ingest = manage("ingest", str(ROOT / "samples"), data_dir=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "5 ingested" in ingest.stdout and "without a region" not in ingest.stdout
    shown = manage(
        "shell",
        "-c",
        "from reports.models import Report; "
        "print(sorted((r.region.level, r.region.name) for r in Report.objects.select_related('region')))",
        data_dir=tmp_path,
    )
    assert shown.stdout.count("'county'") == 5, shown.stdout


def test_the_newest_region_migration_loads_the_shipped_table():
    migrations = sorted((ROOT / "reports" / "migrations").glob("0*_*.py"))
    loading = [path for path in migrations if "REGIONS_TABLE_SHA256" in path.read_text(encoding="utf-8")]
    newest = importlib.import_module(f"reports.migrations.{loading[-1].stem}")
    assert hashlib.sha256(DATA_FILE.read_bytes()).hexdigest() == newest.REGIONS_TABLE_SHA256, (
        "reports/data/regions.csv changed: add a migration that loads it (copy the newest region migration)"
    )
