"""manage.py on a fresh machine: help with no environment at all, one line for a missing SECRET_KEY,
an optional .env file whose values the real environment overrides."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = str(ROOT / "manage.py")


def run(arguments: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`arguments` in a fresh interpreter, from `tmp_path`, with only PATH, a data folder and `env`."""
    base = {"PATH": os.environ["PATH"], "ARCHIVE_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def env_file(tmp_path: Path, **values: str) -> str:
    """An env file of `values`; keys are made per test, so none is written in this file."""
    path = tmp_path / "archive.env"
    path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return str(path)


def test_help_lists_the_archives_commands_with_no_environment(tmp_path):
    result = run([MANAGE, "help"], tmp_path, ARCHIVE_ENV_FILE=os.devnull)

    assert result.returncode == 0, result.stderr
    assert "[reports]" in result.stdout
    assert "    ingest\n" in result.stdout and "    checkindex\n" in result.stdout


def test_help_for_one_command_needs_no_environment(tmp_path):
    result = run([MANAGE, "help", "ingest"], tmp_path, ARCHIVE_ENV_FILE=os.devnull)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: manage.py ingest")


def test_check_without_a_secret_key_prints_one_line(tmp_path):
    result = run([MANAGE, "check"], tmp_path, ARCHIVE_ENV_FILE=os.devnull)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: SECRET_KEY is not set")
    assert "DEBUG=1" in result.stderr


def test_the_line_names_the_env_file_beside_manage_py(tmp_path):
    result = run([MANAGE, "check"], tmp_path)

    assert f"to {ROOT / '.env'} or the environment" in result.stderr


def test_a_command_that_is_not_help_gets_no_placeholder_key(tmp_path):
    """`--` ends the flags: the -h after it is an argument of ingest, which must not run keyless."""
    result = run([MANAGE, "ingest", "--", "-h"], tmp_path, ARCHIVE_ENV_FILE=os.devnull)

    assert result.returncode == 2
    assert result.stderr.startswith("error: SECRET_KEY is not set")


def test_the_env_file_is_read(tmp_path):
    key = secrets.token_urlsafe(50)
    path = env_file(tmp_path, SECRET_KEY=key)
    result = run([MANAGE, "check"], tmp_path, ARCHIVE_ENV_FILE=path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_environment_wins_over_the_env_file(tmp_path):
    key, other = secrets.token_urlsafe(50), secrets.token_urlsafe(50)
    path = env_file(tmp_path, SECRET_KEY=other, UPLOAD_MAX_BYTES="4096")
    code = "from django.conf import settings; print(settings.SECRET_KEY, settings.UPLOAD_MAX_BYTES)"
    result = run(
        ["-c", code],
        tmp_path,
        ARCHIVE_ENV_FILE=path,
        DJANGO_SETTINGS_MODULE="archive.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=key,
    )

    assert result.stdout.split() == [key, "4096"], result.stderr


def test_an_env_file_named_on_purpose_must_exist(tmp_path):
    result = run([MANAGE, "check"], tmp_path, ARCHIVE_ENV_FILE=str(tmp_path / "missing.env"))

    assert result.returncode == 2
    assert result.stderr == f"error: ARCHIVE_ENV_FILE={str(tmp_path / 'missing.env')!r}: no such file\n"


def test_the_server_refuses_to_start_without_a_key(tmp_path):
    result = run(["-c", "import archive.wsgi"], tmp_path, ARCHIVE_ENV_FILE=os.devnull, PYTHONPATH=str(ROOT))

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
