"""Uploaded bytes kept on the server between preview and confirm, under ARCHIVE_DATA_DIR/staging/.

The browser only ever holds a signed, expiring token naming a batch; the bytes it confirms are the
bytes it uploaded, read back from here, never sent round through a form.
"""

import json
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

from reports.admin_upload.items import UploadItem

MAX_AGE_SECONDS = 24 * 3600
_SALT = "reports.admin_upload.staging"


class StagingExpired(Exception):
    """The token is forged, expired, another user's, or its files are gone."""


@dataclass
class StagedItem:
    number: int
    name: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def staging_root() -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "staging"


def stage(items: list[UploadItem], user_id: int) -> str:
    """Write the items' bytes to a new batch folder; returns the signed token for it."""
    expire_stale()
    batch = secrets.token_hex(16)
    folder = staging_root() / batch
    folder.mkdir(parents=True)
    manifest = []
    for number, item in enumerate(items, start=1):
        if item.data is not None:
            (folder / f"{number}.bin").write_bytes(item.data)
        manifest.append({"number": number, "name": item.name, "error": item.error})
    manifest_text = json.dumps({"user": user_id, "items": manifest}, ensure_ascii=False)
    (folder / "manifest.json").write_text(manifest_text)
    return signing.TimestampSigner(salt=_SALT).sign(batch)


def open_batch(token: str, user_id: int) -> "Batch":
    try:
        batch = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise StagingExpired(token) from error
    folder = staging_root() / batch
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise StagingExpired(token) from error
    if manifest["user"] != user_id:
        raise StagingExpired(token)
    return Batch(folder, [StagedItem(**item) for item in manifest["items"]])


@dataclass
class Batch:
    folder: Path
    items: list[StagedItem]

    def data(self, item: StagedItem) -> bytes:
        try:
            return (self.folder / f"{item.number}.bin").read_bytes()
        except FileNotFoundError as error:
            raise StagingExpired(self.folder.name) from error

    def stored_parse(self, item: StagedItem) -> dict | None:
        """The parse saved beside the item's bytes, or None when there is none (yet)."""
        try:
            return json.loads((self.folder / f"{item.number}.parse.json").read_text())
        except (OSError, ValueError):
            return None

    def store_parse(self, item: StagedItem, parse: dict) -> None:
        path = self.folder / f"{item.number}.parse.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(parse, ensure_ascii=False))
        temporary.replace(path)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def expire_stale(max_age: int = MAX_AGE_SECONDS) -> int:
    """Remove batches nobody confirmed in time; returns how many."""
    root = staging_root()
    if not root.exists():
        return 0
    cutoff = time.time() - max_age
    stale = [folder for folder in root.iterdir() if folder.is_dir() and folder.stat().st_mtime < cutoff]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)
