"""backuparchive and restorearchive: a round trip of the samples, refusals, damaged files, an empty archive.

The restore runs its own transaction, so these tests use real commits (and a flushed database after each).
"""

import gzip
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

from reports import backup
from reports.backup import MANIFEST, BackupError, backup_archive
from reports.ingest import ingest_bytes
from reports.models import Region, Report, Section
from reports.originals import original_path
from reports.regions import load_regions
from reports.restore import restore_archive
from reports.search import sync
from reports.search.query import parse_query
from reports.search.service import SearchParams, matching_sections
from tests.factories import make_report

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = ["政协", "协商", "民主监督", "委员 履职", "温岭"]


@pytest.fixture
def backups(tmp_path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


@pytest.fixture
def archive(sample_bytes):
    """The five samples ingested, an editor who uploaded one, a group and an admin log entry (not indexed)."""
    load_regions()
    reports = []
    with sync.paused():
        for name, data in sample_bytes.items():
            outcome = ingest_bytes(data, name=name)
            assert outcome.ok, outcome.error
            reports.append(outcome.report)
    editors = Group.objects.create(name="编辑")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_report", "view_report"]))
    editor = User.objects.create_user("editor", password="a long enough password")
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="delete_section"))
    Report.objects.filter(pk=reports[1].pk).update(uploaded_by=editor)
    LogEntry.objects.log_actions(editor.pk, [reports[1]], CHANGE, change_message="改了标题")
    return reports


@pytest.fixture
def small_archive():
    """Two reports with originals, made without the parser or the index (for the refusal tests)."""
    with sync.paused():
        return [make_report(original=f"原始文件 {number}".encode(), region=None) for number in (1, 2)]


def row_values(model) -> dict:
    fields = model._meta.concrete_fields
    return {
        row.pk: {field.attname: getattr(row, field.attname) for field in fields}
        for row in model.objects.all()
    }


def people() -> dict:
    return {
        user.username: (
            user.pk,
            user.password,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.get_all_permissions()),
        )
        for user in User.objects.all()
    }


def log_entries() -> list:
    return [
        (
            entry.pk,
            entry.user.username,
            entry.content_type.natural_key(),
            entry.object_id,
            entry.change_message,
        )
        for entry in LogEntry.objects.order_by("pk")
    ]


def found_sections() -> dict[str, list[tuple[int, int]]]:
    return {
        raw: sorted(
            (match.report_id, match.section_id)
            for match in matching_sections(parse_query(raw), SearchParams(q=raw))
        )
        for raw in QUERIES
    }


def originals() -> dict[str, bytes]:
    return {
        sha256: original_path(sha256).read_bytes()
        for sha256 in Report.objects.values_list("sha256", flat=True)
    }


def state() -> dict:
    return {
        "reports": row_values(Report),
        "sections": row_values(Section),
        "regions": Region.objects.count(),
        "people": people(),
        "log": log_entries(),
        "originals": originals(),
    }


def wipe(data_dir: Path) -> None:
    """A new machine: migrated tables without rows, no originals, an empty search index."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(data_dir / "originals")
    call_command("clear_index", interactive=False, verbosity=0)


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def rewrite(path: Path, contents: dict[str, bytes]) -> None:
    """Write `contents` as a backup file in the given order (a well-formed gzip, whatever it holds)."""
    with gzip.open(path, "wb") as compressed, tarfile.open(fileobj=compressed, mode="w") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_restore_brings_back_every_field_the_originals_and_the_search(archive, backups, data_dir):
    call_command("rebuild_index", interactive=False, verbosity=0)
    before = state()
    searched = found_sections()
    assert all(searched.values()) and len(before["sections"]) > len(archive)
    call_command("backuparchive", str(backups / "archive.tar.gz"), stdout=io.StringIO())
    wipe(data_dir)
    assert Report.objects.count() == 0 and not any(found_sections().values())

    out = io.StringIO()
    call_command("restorearchive", str(backups / "archive.tar.gz"), stdout=out)

    assert "5 reports" in out.getvalue() and "search index rebuilt" in out.getvalue()
    assert state() == before
    assert found_sections() == searched


def test_new_rows_after_a_restore_continue_after_the_restored_ids(small_archive, backups, data_dir):
    backup_archive(backups / "archive.tar.gz")
    wipe(data_dir)
    restore_archive(backups / "archive.tar.gz", rebuild_index=False)

    with sync.paused():
        added = make_report(region=None)
    assert added.pk > max(report.pk for report in small_archive)
    assert added.sections.first().pk > Section.objects.exclude(report=added).order_by("-pk").first().pk


def test_the_manifest_describes_every_file_and_model(archive, backups):
    summary = backup_archive(backups / "archive.tar.gz")
    contents = members(summary.path)
    manifest = json.loads(contents.pop(MANIFEST))

    assert next(iter(members(summary.path))) == MANIFEST
    assert manifest["format"] == backup.FORMAT and manifest["version"] == backup.FORMAT_VERSION
    assert manifest["files"] == {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert counts["reports.report"] == 5 and counts["reports.section"] == Section.objects.count()
    assert counts["auth.user"] == 1 and counts["admin.logentry"] == 1 and counts["reports.region"] > 3000
    assert not {"auth.permission", "contenttypes.contenttype", "sessions.session"} & set(counts)
    applied = MigrationRecorder.Migration.objects.filter(app="reports").values_list("name", flat=True)
    assert manifest["migrations"]["reports"] == sorted(applied)
    assert manifest["originals"] == {"count": 5, "missing": []}
    assert list(counts).index("auth.user") < list(counts).index("reports.report")  # natural keys first
    assert summary.path.stat().st_mode & 0o077 == 0  # password hashes inside: the owner's alone


def test_users_and_log_entries_refer_to_each_other_by_natural_key(archive, backups):
    contents = members(backup_archive(backups / "archive.tar.gz").path)

    [entry] = [json.loads(line) for line in contents["database/admin.logentry.jsonl"].splitlines()]
    [group] = [json.loads(line) for line in contents["database/auth.group.jsonl"].splitlines()]
    assert entry["fields"]["user"] == ["editor"]
    assert entry["fields"]["content_type"] == ["reports", "report"]
    assert sorted(group["fields"]["permissions"]) == [
        ["change_report", "reports", "report"],
        ["view_report", "reports", "report"],
    ]


def test_a_database_holding_reports_is_refused(small_archive, backups):
    backup_archive(backups / "archive.tar.gz")
    Report.objects.filter(pk=small_archive[0].pk).update(title="改过的标题")

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restorearchive", str(backups / "archive.tar.gz"))

    assert Report.objects.get(pk=small_archive[0].pk).title == "改过的标题"


def test_force_flushes_the_database_and_restores_the_backup(small_archive, backups):
    backup_archive(backups / "archive.tar.gz")
    expected = row_values(Report)
    Report.objects.filter(pk=small_archive[0].pk).update(title="改过的标题")
    with sync.paused():
        make_report(region=None)

    call_command(
        "restorearchive", str(backups / "archive.tar.gz"), "--force", "--no-index", stdout=io.StringIO()
    )

    assert row_values(Report) == expected


def damage_by_flipping(path: Path, fraction: float) -> None:
    data = bytearray(path.read_bytes())
    data[min(int(len(data) * fraction), len(data) - 1)] ^= 0x55
    path.write_bytes(bytes(data))


def damage_by_truncating(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


@pytest.mark.parametrize(
    "damage, fraction",
    [
        (damage_by_flipping, 0.001),  # in the manifest
        (damage_by_flipping, 0.5),
        (damage_by_flipping, 1.0),  # gzip's trailing length
        (damage_by_truncating, 0.5),
        (damage_by_truncating, 0.999),
    ],
)
def test_a_damaged_backup_changes_nothing_even_with_force(small_archive, backups, data_dir, damage, fraction):
    path = backups / "archive.tar.gz"
    backup_archive(path)
    Report.objects.filter(pk=small_archive[0].pk).update(title="改过的标题")
    before = state()
    damage(path, fraction)

    with pytest.raises(CommandError, match="restore failed"):
        call_command("restorearchive", str(path), "--force")

    assert state() == before
    assert [path.name for path in data_dir.iterdir() if path.name.startswith(".restore-")] == []


def test_a_file_changed_inside_a_sound_gzip_is_refused_by_its_checksum(small_archive, backups):
    path = backups / "archive.tar.gz"
    backup_archive(path)
    contents = members(path)
    contents["database/reports.report.jsonl"] = contents["database/reports.report.jsonl"].replace(
        "政协".encode(), "人大".encode()
    )
    rewrite(path, contents)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(BackupError, match="reports.report.jsonl in the backup does not match its checksum"):
        restore_archive(path)
    assert Report.objects.count() == 0


def test_an_original_whose_bytes_differ_from_its_name_is_refused(small_archive, backups):
    path = backups / "archive.tar.gz"
    backup_archive(path)
    contents = members(path)
    name = next(name for name in contents if name.startswith("originals/"))
    contents[name] = b"other bytes"
    manifest = json.loads(contents[MANIFEST])
    manifest["files"][name] = hashlib.sha256(b"other bytes").hexdigest()
    contents[MANIFEST] = json.dumps(manifest).encode()
    rewrite(path, contents)

    with pytest.raises(BackupError, match="checksum other than its name"):
        restore_archive(path, force=True)
    assert Report.objects.count() == 2


def test_a_backup_from_a_newer_schema_is_refused(small_archive, backups):
    path = backups / "archive.tar.gz"
    backup_archive(path)
    contents = members(path)
    manifest = json.loads(contents[MANIFEST])
    manifest["migrations"]["reports"].append("9999_from_the_future")
    contents[MANIFEST] = json.dumps(manifest).encode()
    rewrite(path, contents)

    with pytest.raises(BackupError, match="reports.9999_from_the_future.*migrate"):
        restore_archive(path, force=True)
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    "contents",
    [{"notes.txt": b"hello"}, {MANIFEST: b"{not json"}, {MANIFEST: b'{"format": "something else"}'}],
)
def test_a_file_that_is_not_an_archive_backup_is_refused(db, backups, contents):
    path = backups / "other.tar.gz"
    rewrite(path, contents)

    with pytest.raises(BackupError, match="not an archive backup"):
        restore_archive(path)


def test_an_empty_archive_backs_up_and_restores(backups, data_dir):
    call_command("flush", interactive=False, verbosity=0)
    summary = backup_archive(backups / "empty.tar.gz")

    assert summary.originals == 0 and set(summary.counts.values()) == {0}
    restored = restore_archive(summary.path)
    assert restored.counts == summary.counts and restored.originals == 0
    assert Report.objects.count() == 0


@pytest.mark.parametrize("loss", ["deleted", "overwritten"])
def test_a_missing_or_damaged_original_is_reported_by_backup_and_restore(
    small_archive, backups, data_dir, loss
):
    lost = small_archive[0].sha256
    if loss == "deleted":
        original_path(lost).unlink()
    else:
        original_path(lost).write_bytes(b"not the original")

    summary = backup_archive(backups / "archive.tar.gz")
    wipe(data_dir)
    restored = restore_archive(summary.path, rebuild_index=False)

    assert summary.missing_originals == [lost] and restored.missing_originals == [lost]
    assert summary.originals == restored.originals == 1 and Report.objects.count() == 2


def test_a_failed_backup_leaves_no_file_behind(small_archive, backups, monkeypatch):
    calls = []

    def failing(tar, name, source, size, mtime):
        calls.append(name)
        if len(calls) > 2:
            raise OSError("disk full")
        return original_add(tar, name, source, size, mtime)

    original_add = backup._add_member
    monkeypatch.setattr(backup, "_add_member", failing)

    with pytest.raises(CommandError, match="disk full"):
        call_command("backuparchive", str(backups / "archive.tar.gz"))
    assert list(backups.iterdir()) == []


def test_no_index_leaves_the_index_to_rebuild_later(small_archive, backups, data_dir):
    backup_archive(backups / "archive.tar.gz")
    wipe(data_dir)

    out = io.StringIO()
    call_command("restorearchive", str(backups / "archive.tar.gz"), "--no-index", stdout=out)

    assert "NOT rebuilt" in out.getvalue()
    assert found("协商") == set()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert found("协商") == {report.pk for report in small_archive}


def found(raw: str) -> set[int]:
    return {match.report_id for match in matching_sections(parse_query(raw), SearchParams(q=raw))}
