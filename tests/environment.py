"""pytest plugin loaded before Django starts: the suite's own environment.

Tests must not depend on the developer's shell or `.env` file, and must never
touch the user's data directory, so all three are fixed here before settings are read.
"""

import os
import tempfile

os.environ["ARCHIVE_ENV_FILE"] = os.devnull
os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret")
os.environ["DEBUG"] = "0"
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-test-data-")
os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="archive-test-static-")
