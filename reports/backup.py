"""Backup of the whole archive into one file: the database as Django JSON lines, the originals, a manifest.

One `.tar.gz` holds `manifest.json` (first), `database/<app>.<model>.jsonl` per model in load order and
`originals/<aa>/<sha256>`. The search index is not in it: `reports.restore` rebuilds it from the database.
"""

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from reports.models import Report

FORMAT = "work-report-archive-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Rebuilt by `migrate` (content types and permissions, referred to by natural key), short-lived
# (sessions), tied to one deployment's security state (django-axes' login attempts and lockouts) or to
# its search index (the backlog of failed index updates: a restore rebuilds the whole index).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission", "reports.indexbacklog"}
# Reference data `loadregions` puts into a new database: its rows do not make a database "not empty".
REFERENCE_MODELS = {"reports.region"}
CHUNK = 1 << 20
DATABASE_FILE = re.compile(r"database/[a-z0-9_]+\.[a-z0-9_]+\.jsonl")
ORIGINAL_FILE = re.compile(r"originals/([0-9a-f]{2})/(\1[0-9a-f]{62})")


class BackupError(Exception):
    """A backup that cannot be written, read or restored; the message says why."""


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int]
    originals: int
    size: int
    missing_originals: list[str] = field(default_factory=list)


# --- what is backed up ---------------------------------------------------------------------------


def archived_models() -> list:
    """The models whose rows are archive data, in an order that loads (natural keys before their users)."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.label not in EXCLUDED_APPS]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label_lower not in EXCLUDED_MODELS and model._meta.managed and not model._meta.proxy
    ]


def migration_state() -> dict[str, list[str]]:
    """The migrations applied to the database, by app."""
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _queryset(model):
    # The serializer writes a natural key by reading the related object: join it instead of one query per row.
    natural = [
        fk.name
        for fk in model._meta.concrete_fields
        if fk.remote_field and hasattr(fk.remote_field.model, "natural_key")
    ]
    return model._base_manager.select_related(*natural).order_by("pk")


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, except that datetimes keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def dump_model(model, path: Path) -> int:
    """Write the model's rows as Django JSON lines, streamed; returns how many were written."""
    written = 0

    def rows():
        nonlocal written
        for row in _queryset(model).iterator(chunk_size=1000):
            written += 1
            yield row

    with path.open("w", encoding="utf-8") as stream:
        serializers.serialize(
            "jsonl", rows(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )
    return written


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent view of the database while it is dumped (writers wait on SQLite)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def stored_originals() -> Iterator[tuple[str, Path]]:
    """Every well-named file of the originals folder (temporary `.incoming-` files are skipped)."""
    folder = Path(settings.ARCHIVE_DATA_DIR) / "originals"
    for path in sorted(folder.glob("??/*")):
        name = f"originals/{path.parent.name}/{path.name}"
        if ORIGINAL_FILE.fullmatch(name) and path.is_file():
            yield name, path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- writing a backup ----------------------------------------------------------------------------


def backup_archive(destination: Path) -> BackupSummary:
    """Write the archive to `destination`; it appears under that name only once complete."""
    destination = Path(destination).absolute()
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent} is not a folder")
    created_at = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as staging:
        manifest, members = _stage(Path(staging), created_at)
        _write_atomically(destination, manifest, members, int(created_at.timestamp()))
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    originals = manifest["originals"]
    return BackupSummary(
        destination, counts, originals["count"], destination.stat().st_size, originals["missing"]
    )


def _stage(staging: Path, created_at: datetime) -> tuple[dict, list[tuple[str, Path]]]:
    """Dump the database into `staging` and list the originals: the manifest and the members to write."""
    (staging / "database").mkdir()
    models, members = [], []
    with snapshot():
        migrations = migration_state()
        for model in archived_models():
            name = f"database/{model._meta.label_lower}.jsonl"
            count = dump_model(model, staging / name)
            models.append({"model": model._meta.label_lower, "file": name, "count": count})
            members.append((name, staging / name))
        referenced = set(Report.objects.values_list("sha256", flat=True))
    files = {name: file_sha256(path) for name, path in members}
    originals = []
    for name, path in stored_originals():
        digest = file_sha256(path)
        if digest == path.name:  # a file whose bytes no longer match its name is left out, as missing
            files[name] = digest
            originals.append((name, path))
    missing = sorted(referenced - {Path(name).name for name, _ in originals})
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "migrations": migrations,
        "models": models,
        "originals": {"count": len(originals), "missing": missing},
        "files": files,
    }
    return manifest, members + originals


def _write_atomically(destination: Path, manifest: dict, members: list[tuple[str, Path]], mtime: int):
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as raw:
            _write_tar(raw, manifest, members, mtime)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_tar(raw, manifest: dict, members: list[tuple[str, Path]], mtime: int) -> None:
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    # An empty file name in the gzip header: the temporary name means nothing once renamed.
    with (
        gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=mtime) as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        _add_member(tar, MANIFEST, io.BytesIO(manifest_bytes), len(manifest_bytes), mtime)
        for name, path in members:
            with path.open("rb") as source:
                _add_member(tar, name, source, os.fstat(source.fileno()).st_size, mtime)


def _add_member(tar: tarfile.TarFile, name: str, source, size: int, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    tar.addfile(info, source)
