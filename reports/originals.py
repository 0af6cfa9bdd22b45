"""The original files, kept byte for byte under ARCHIVE_DATA_DIR, addressed by their SHA-256."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_path(sha256: str) -> Path:
    return Path(settings.ARCHIVE_DATA_DIR) / "originals" / sha256[:2] / sha256


def store_original(data: bytes) -> str:
    """Write the bytes once; a second store of the same content is a no-op."""
    sha256 = sha256_of(data)
    path = original_path(sha256)
    if path.exists():
        return sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so a crash never leaves half a file
    # under the content's name.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def read_original(sha256: str) -> bytes:
    return original_path(sha256).read_bytes()
