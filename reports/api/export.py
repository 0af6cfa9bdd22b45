"""The whole corpus as gzip'd JSON Lines (one public report a line, the API's detail dict) with a manifest.

The file is written to a temporary name beside its target and renamed into place, so a reader sees
either the previous export or the complete new one. Reports are streamed from the database a chunk at
a time. The gzip header carries no time stamp: the same database gives the same bytes and sha256.
"""

import gzip
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from reports.api.serializers import AbsoluteUrl, report_detail
from reports.models import Report

CORPUS_NAME = "corpus.jsonl.gz"
_CHUNK_SIZE = 200
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    size: int
    sha256: str
    generated_at: str

    def manifest(self) -> dict:
        return {
            "file": self.path.name,
            "count": self.count,
            "size": self.size,
            "sha256": self.sha256,
            "generated_at": self.generated_at,
            "format": "gzip'd JSON Lines, one report a line (ReportDetail in /api/openapi.json)",
        }


def exports_dir() -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "exports"


def default_corpus_path() -> Path:
    return exports_dir() / CORPUS_NAME


def manifest_path_for(corpus_path: Path) -> Path:
    """corpus.jsonl.gz → corpus.manifest.json, beside it."""
    stem = corpus_path.name.removesuffix(".gz").removesuffix(".jsonl")
    return corpus_path.with_name(f"{stem}.manifest.json")


def json_line(record: dict) -> bytes:
    """One JSON line; U+2028/U+2029 escaped, as line-splitting readers (str.splitlines) break on them."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n").encode("utf-8")


def corpus_reports():
    """Every public report in id order, with its region lineage and sections, a chunk at a time."""
    rows = Report.objects.public().select_related("region__parent__parent").prefetch_related("sections")
    rows = rows.order_by("id")
    return rows.iterator(chunk_size=_CHUNK_SIZE)


def export_corpus(path: Path | None = None, absolute_url: AbsoluteUrl = str) -> ExportResult:
    """Write the corpus to `path` (default ARCHIVE_DATA_DIR/exports/corpus.jsonl.gz) and its manifest."""
    path = Path(path) if path else default_corpus_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    inner_name = path.name.removesuffix(".gz")
    with (
        _replacing(path) as raw,
        gzip.GzipFile(filename=inner_name, mode="wb", fileobj=raw, mtime=0) as packed,
    ):
        for report in corpus_reports():
            packed.write(json_line(report_detail(report, absolute_url)))
            count += 1
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    result = ExportResult(path, count, path.stat().st_size, file_sha256(path), generated_at)
    manifest = json.dumps(result.manifest(), ensure_ascii=False, indent=1).encode("utf-8")
    with _replacing(manifest_path_for(path)) as raw:
        raw.write(manifest)
    return result


@contextmanager
def _replacing(target: Path):
    """A temporary file in the target's folder, renamed over the target on success, removed on failure."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)  # mkstemp makes it private; the web server may run as another user
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(corpus_path: Path | None = None) -> dict | None:
    """The manifest of the last export, or None when there is none (or it is unreadable)."""
    path = manifest_path_for(Path(corpus_path) if corpus_path else default_corpus_path())
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def withdraw_corpus(corpus_path: Path | None = None) -> bool:
    """Delete the last export and its manifest (a report in it has been held back); True if there was one.

    The download answers 404 until `exportcorpus` writes a new corpus, without the held report.
    """
    path = Path(corpus_path) if corpus_path else default_corpus_path()
    existed = path.exists()
    for stale in (manifest_path_for(path), path):  # the manifest first: it announces the corpus
        stale.unlink(missing_ok=True)
    return existed
