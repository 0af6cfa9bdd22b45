"""Production settings: DEBUG off unless asked for, `check --deploy` clean, no secret in the repository."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Literal SECRET_KEY values the repository may hold: none is a key anything runs with in production.
# Shorter ones (the README's `SECRET_KEY=x` for a local trial, `.env.example`'s empty one) are no secret.
PLACEHOLDERS = {
    "collectstatic-build-only",  # the Dockerfile's collectstatic step; the image runs with the env's key
    "test-only-key-not-secret",  # the test suite's own environment
}
SHORTEST_SECRET = 8
_LITERAL_KEY = [
    re.compile(r"""\bSECRET_KEY\s*=\s*["'](?!\$)([^"']*)["']"""),  # Python (a shell "$(…)" is not literal)
    re.compile(r"""setdefault\(\s*["']SECRET_KEY["']\s*,\s*["']([^"']*)["']"""),
    re.compile(r"""\bSECRET_KEY[=:][ \t]*([^\s"'$`|]*)"""),  # shell, env files, compose
]
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def run_python(code: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter with only `env`: none of the test suite's own variables."""
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "ARCHIVE_DATA_DIR": str(tmp_path / "data"),
        "ARCHIVE_ENV_FILE": os.devnull,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "archive.example.org"}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
    )
    result = run_python(code, production_env(), tmp_path)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_a_protection_is_turned_off(tmp_path):
    """The other half of the check above: the deploy checks do see these settings."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
    )
    result = run_python(
        code, {**production_env(), "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}, tmp_path
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_debug_is_off_by_default(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    result = run_python(code, production_env(), tmp_path)

    assert result.stdout.split() == ["False", "True"], result.stderr[-2000:]


def test_without_debug_the_secret_key_must_come_from_the_environment(tmp_path):
    result = run_python("from django.conf import settings; settings.SECRET_KEY", {}, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_secret_key_is_the_environments(tmp_path):
    env = production_env()
    result = run_python("from django.conf import settings; print(settings.SECRET_KEY)", env, tmp_path)

    assert result.stdout.strip() == env["SECRET_KEY"]


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    paths = [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    return [path for path in paths if path.is_file() and path.stat().st_size < 2_000_000]


def literal_keys(text: str) -> set[str]:
    return {match for pattern in _LITERAL_KEY for match in pattern.findall(text)}


def committed_secrets(text: str) -> set[str]:
    return {key for key in literal_keys(text) if key not in PLACEHOLDERS and len(key) >= SHORTEST_SECRET}


def test_no_secret_key_or_private_key_is_committed():
    found = {}
    for path in tracked_text_files():
        if path == Path(__file__):  # its own examples below
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        unexpected = committed_secrets(text)
        if unexpected or _PRIVATE_KEY.search(text):
            found[str(path.relative_to(ROOT))] = sorted(unexpected) or ["private key"]

    assert found == {}


def test_the_scan_finds_a_committed_key():
    assert committed_secrets('SECRET_KEY = "django-insecure-abc123"') == {"django-insecure-abc123"}
    assert committed_secrets("export SECRET_KEY=s3cr3t-value") == {"s3cr3t-value"}
    assert committed_secrets("    SECRET_KEY: s3cr3t-value") == {"s3cr3t-value"}
    assert committed_secrets('SECRET_KEY="$(openssl rand -hex 32)"') == set()
    assert committed_secrets('SECRET_KEY = os.environ.get("SECRET_KEY", "")') == set()
    assert committed_secrets("SECRET_KEY=x manage.py check") == set()


def test_allowed_hosts_star_is_refused_outside_debug(tmp_path):
    env = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "*"}
    result = run_python("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS=* is refused outside DEBUG" in result.stderr


@pytest.mark.parametrize(("proxies", "header"), [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")])
def test_the_forwarded_proto_header_is_trusted_only_behind_a_proxy(tmp_path, proxies, header):
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.SECURE_PROXY_SSL_HEADER)"
    env = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "archive.example.org", "TRUSTED_PROXY_COUNT": proxies}
    result = run_python(code, env, tmp_path)
    assert result.stdout.strip() == header, result.stderr


def test_what_the_archive_writes_is_private(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "ARCHIVE_DATA_DIR": str(tmp_path / "data"),
        "ARCHIVE_ENV_FILE": os.devnull,
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    data = tmp_path / "data"
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "archive.sqlite3").stat().st_mode & 0o777 == 0o600
