"""Restore of a backup written by `reports.backup`: verify every file, load in one transaction, re-index.

Nothing changes unless the whole backup reads back and matches its manifest; the rows are then loaded
in one transaction and the search index is rebuilt from them (it is never part of a backup).
"""

import gzip
import hashlib
import json
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from reports.backup import (
    CHUNK,
    DATABASE_FILE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ORIGINAL_FILE,
    REFERENCE_MODELS,
    BackupError,
    archived_models,
    migration_state,
)
from reports.models import Report
from reports.originals import original_path, sha256_of, store_original
from reports.search import sync

# What reading a damaged, truncated or foreign file raises (JSON and Unicode errors are ValueErrors).
_DAMAGED = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, ValueError)


@dataclass
class RestoreSummary:
    counts: dict[str, int]
    originals: int
    index_rebuilt: bool
    missing_originals: list[str] = field(default_factory=list)


def restore_archive(source: Path, *, force: bool = False, rebuild_index: bool = True) -> RestoreSummary:
    """Restore a backup into this database and data folder; nothing changes unless every check passes.

    The whole file is read and every checksum verified before the database is touched; the rows are then
    loaded in one transaction (after a flush with `force`), with the originals written before it commits.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if not force:
        refuse_if_not_empty()
    data_dir = Path(settings.ARCHIVE_DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as staging:
        manifest = read_backup(source, Path(staging))
        with transaction.atomic(), sync.paused():
            if force:
                call_command("flush", interactive=False, verbosity=0)
            counts = load_database(manifest, Path(staging))
            originals = restore_originals(manifest, Path(staging))
            missing = _reports_without_original()
    if rebuild_index:
        _rebuild_index()
    return RestoreSummary(counts, originals, rebuild_index, missing)


def refuse_if_not_empty() -> None:
    try:
        held = {
            model._meta.label_lower: rows
            for model in archived_models()
            if model._meta.label_lower not in REFERENCE_MODELS and (rows := model._base_manager.count())
        }
    except DatabaseError as error:
        raise BackupError(f"the database is not ready ({error}): run `manage.py migrate` first") from None
    if held:
        listed = ", ".join(f"{label}: {rows}" for label, rows in held.items())
        raise BackupError(
            f"the database already holds data ({listed}); restore into an empty migrated database, "
            "or pass --force to flush it first"
        )


def read_backup(source: Path, staging: Path) -> dict:
    """Unpack the backup into `staging`, checking every file against the manifest; returns the manifest."""
    try:
        with gzip.open(source, "rb") as compressed:
            manifest = _unpack(compressed, staging)
            while compressed.read(CHUNK):  # reading to the end checks gzip's CRC and length
                pass
    except _DAMAGED as error:
        raise BackupError(f"{source} is damaged or is not an archive backup ({error})") from None
    return manifest


def _unpack(compressed, staging: Path) -> dict:
    manifest, seen = None, set()
    with tarfile.open(fileobj=compressed, mode="r|") as tar:
        for member in tar:
            if manifest is None:
                if member.name != MANIFEST or not member.isfile():
                    raise BackupError(f"not an archive backup: it does not start with {MANIFEST}")
                manifest = check_manifest(json.loads(tar.extractfile(member).read()))
                continue
            expected = manifest["files"].get(member.name)
            if expected is None or member.name in seen or not member.isfile():
                raise BackupError(f"the backup holds an unexpected entry: {member.name}")
            if _extract(tar, member, staging / member.name) != expected:
                raise BackupError(
                    f"{member.name} in the backup does not match its checksum: the file is damaged"
                )
            seen.add(member.name)
    if manifest is None:
        raise BackupError("not an archive backup: it is empty")
    if absent := sorted(set(manifest["files"]) - seen):
        raise BackupError(f"the backup is incomplete: {len(absent)} files are missing, first {absent[0]}")
    return manifest


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tar.extractfile(member) as stream, target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def check_manifest(manifest) -> dict:
    """The manifest, if this installation can load what it describes; BackupError otherwise."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"not an archive backup: {MANIFEST} is not a {FORMAT} manifest")
    if manifest.get("version") != FORMAT_VERSION:
        version = manifest.get("version")
        raise BackupError(f"backup format version {version!r}; this installation reads {FORMAT_VERSION}")
    files, entries, migrations = (manifest.get(key) for key in ("files", "models", "migrations"))
    if not (isinstance(files, dict) and isinstance(entries, list) and isinstance(migrations, dict)):
        raise BackupError(f"{MANIFEST} is malformed")
    for name, checksum in files.items():
        original = ORIGINAL_FILE.fullmatch(name)
        if not (original or DATABASE_FILE.fullmatch(name)):
            raise BackupError(f"{MANIFEST} lists an unexpected file: {name}")
        if original and checksum != original.group(2):
            raise BackupError(f"{MANIFEST}: {name} has a checksum other than its name")
    for entry in entries:
        _check_model_entry(entry, files)
    _check_migrations(migrations, {entry["model"].split(".")[0] for entry in entries})
    return manifest


def _check_model_entry(entry, files: dict) -> None:
    if not (isinstance(entry, dict) and entry.get("file") in files and isinstance(entry.get("count"), int)):
        raise BackupError(f"{MANIFEST} is malformed: {entry!r}")
    try:
        apps.get_model(entry.get("model"))
    except (LookupError, ValueError, TypeError):
        raise BackupError(f"the backup holds {entry.get('model')}, which this installation lacks") from None


def _check_migrations(backed_up: dict[str, list[str]], app_labels: set[str]) -> None:
    applied = migration_state()
    lacking = [
        f"{app}.{name}"
        for app in sorted(app_labels)
        for name in backed_up.get(app, [])
        if name not in applied.get(app, [])
    ]
    if lacking:
        raise BackupError(
            f"the backup was taken after migrations this database lacks ({', '.join(lacking[:3])}"
            f"{', …' if len(lacking) > 3 else ''}): run `manage.py migrate` with code at least as new first"
        )


def load_database(manifest: dict, staging: Path) -> dict[str, int]:
    """Load every model's rows (inside the caller's transaction); checks counts and constraints."""
    loaded: Counter[str] = Counter()
    deferred, models = [], []
    try:
        for entry in manifest["models"]:
            model = apps.get_model(entry["model"])
            models.append(model)
            # Into an empty table, an insert alone; otherwise (regions already loaded) update or insert.
            empty = not model._base_manager.exists()
            with (staging / entry["file"]).open(encoding="utf-8") as stream:
                for row in serializers.deserialize("jsonl", stream, handle_forward_references=True):
                    row.save(force_insert=empty)
                    loaded[row.object._meta.label_lower] += 1
                    if row.deferred_fields:
                        deferred.append(row)
        for row in deferred:
            row.save_deferred_fields()
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
    except (serializers.base.DeserializationError, DatabaseError, LookupError, ValueError) as error:
        raise BackupError(f"the backup's data could not be loaded: {error}") from None
    expected = {entry["model"]: entry["count"] for entry in manifest["models"]}
    if {label: loaded[label] for label in expected} != expected or set(loaded) - set(expected):
        raise BackupError("the backup's row counts differ from its manifest")
    reset_sequences(models)
    return {label: loaded[label] for label in expected}


def reset_sequences(models: list) -> None:
    """What `sqlsequencereset` prints, run: new rows continue after the loaded ids (PostgreSQL)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def restore_originals(manifest: dict, staging: Path) -> int:
    """Store each original again, checking its bytes against its content address; returns how many."""
    names = [name for name in manifest["files"] if ORIGINAL_FILE.fullmatch(name)]
    for name in names:
        data = (staging / name).read_bytes()
        if sha256_of(data) != Path(name).name:
            raise BackupError(f"{name}: its bytes do not match its SHA-256")
        store_original(data)
    return len(names)


def _reports_without_original() -> list[str]:
    return sorted(
        sha256
        for sha256 in Report.objects.values_list("sha256", flat=True)
        if not original_path(sha256).exists()
    )


def _rebuild_index() -> None:
    try:
        call_command("rebuild_index", interactive=False, verbosity=0)
    except Exception as error:
        raise BackupError(
            f"the archive is restored, but the search index could not be rebuilt ({error}); "
            "run `manage.py rebuild_index --noinput`"
        ) from error
