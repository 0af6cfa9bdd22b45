"""A benchmark corpus built into a data directory that is kept, to be served (the load test reads it).

The folder holds a SQLite file, the search index, collected static files and `corpus.json`, which marks
it as a corpus (and records how far its build got): only such a folder, or an empty one, is ever
written to or cleared.
"""

import json
import shutil
import time
from pathlib import Path

from django.core.management import call_command

MARKER = "corpus.json"
KIND = "archive-benchmark-corpus"


class CorpusFolderError(Exception):
    """The folder cannot hold a corpus (the user's data, someone else's files) or holds none."""


def read_marker(folder: Path) -> dict | None:
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and marker.get("kind") == KIND else None


def write_marker(folder: Path, **fields) -> None:
    (folder / MARKER).write_text(json.dumps({"kind": KIND, **fields}, ensure_ascii=False, indent=1) + "\n")


def prepare(folder: Path, user_data_dir: Path) -> Path:
    """An empty folder marked as an unfinished corpus; a previous corpus there is removed first."""
    folder, user_data_dir = folder.resolve(), user_data_dir.resolve()
    if folder == user_data_dir or user_data_dir in folder.parents:
        raise CorpusFolderError(f"{folder} is the archive's own data directory (or inside it)")
    if folder.exists() and not folder.is_dir():
        raise CorpusFolderError(f"{folder} is not a folder")
    if folder.exists() and any(folder.iterdir()):
        if read_marker(folder) is None:
            raise CorpusFolderError(f"{folder} is not empty and holds no {MARKER}: not a corpus folder")
        for entry in folder.iterdir():
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    write_marker(folder, complete=False)
    return folder


def require_complete(folder: Path) -> dict:
    """The marker of a finished corpus in `folder`, or CorpusFolderError saying what is missing."""
    marker = read_marker(folder)
    if marker is None:
        raise CorpusFolderError(f"{folder} holds no corpus (build one with `manage.py buildcorpus`)")
    if not marker.get("complete"):
        raise CorpusFolderError(f"the corpus in {folder} was not finished; build it again")
    return marker


def require_resumable(folder: Path, report_count: int, seed: int) -> dict:
    """The marker of an unfinished corpus of the same size and seed in `folder`, to be carried on."""
    marker = read_marker(folder)
    if marker is None:
        raise CorpusFolderError(
            f"{folder} holds no corpus to resume (build one with `manage.py buildcorpus`)"
        )
    if marker.get("complete"):
        raise CorpusFolderError(f"the corpus in {folder} is complete: nothing to resume")
    if (marker.get("reports"), marker.get("seed")) != (report_count, seed):
        raise CorpusFolderError(
            f"the unfinished corpus in {folder} has {marker.get('reports')} reports of seed "
            f"{marker.get('seed')}; resume it with those, or build anew without --resume"
        )
    return marker


def build(folder: Path, report_count: int, seed: int) -> dict:
    """Migrate, ingest and index `report_count` synthetic reports, collect static files; resumable.

    Runs in the `isolation` child, whose settings name `folder` alone. Each report is stored in its own
    transaction and the marker records the stage, so a build that was stopped carries on where it
    stopped (`buildcorpus --resume`): reports already stored are skipped, the index is built whole.
    """
    from django.conf import settings

    from reports.benchmark import measure
    from reports.benchmark.corpus import synthetic_reports
    from reports.models import Report, Section

    marker = read_marker(folder) or {}
    spent = float(marker.get("ingest_s", 0.0))
    progress = {"reports": report_count, "seed": seed, "engine": settings.ARCHIVE_SEARCH_ENGINE}
    write_marker(folder, complete=False, stage="ingesting", ingest_s=spent, **progress)
    call_command("migrate", verbosity=0)
    stored = set(Report.objects.values_list("original_name", flat=True))
    wanted = synthetic_reports(report_count, measure.counties(), seed)
    measure.log(f"corpus: {report_count} reports, {len(stored)} stored already")
    ingest_s = spent + measure.ingest_all(
        (report for report in wanted if report.name not in stored), report_count, len(stored)
    )
    write_marker(folder, complete=False, stage="indexing", ingest_s=ingest_s, **progress)
    measure.log(f"ingest: {ingest_s:.1f} s; building the search index")
    index_s = measure.rebuild_index()
    measure.log(f"index: {index_s:.1f} s")
    call_command("collectstatic", interactive=False, verbosity=0)
    info = {
        "complete": True,
        **progress,
        "reports": Report.objects.count(),
        "sections": Section.objects.count(),
        "ingest_s": round(ingest_s, 1),
        "index_s": round(index_s, 1),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_marker(folder, **info)
    return info
