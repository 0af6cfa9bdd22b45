#!/usr/bin/env python
"""Django's command-line utility for the work-report archive.

Settings that do not load (a missing SECRET_KEY, a bad value) end the command with one line,
`error: <why>`, and exit status 2, instead of a traceback.

Asking for help needs no settings at all: Django lists the archive's own commands (ingest,
checkindex, …) only when the settings load, so `manage.py`, `manage.py help [COMMAND]`,
`--help`, `-h` and `--version` (and `COMMAND --help`) run with a placeholder SECRET_KEY when the
environment has none (settings read `.env` after it). Those invocations print text and stop before
any command runs, so the placeholder signs nothing; every other command, `check` and `runserver`
included, still needs a real key (or DEBUG).
"""

import os
import sys

HELP_ONLY_SECRET_KEY = "manage-py-help-only"  # noqa: S105 - signs nothing: help only prints
HELP_WORDS = {"help", "--help", "-h", "version", "--version"}


def only_asks_for_help(arguments: list[str]) -> bool:
    if not arguments:
        return True
    # What follows `--` is a command's positional argument, never a flag.
    flags = arguments[: arguments.index("--")] if "--" in arguments else arguments
    if not flags:
        return False
    return flags[0] in HELP_WORDS or any(word in ("--help", "-h") for word in flags[1:])


def settings_error() -> str | None:
    """Why the settings do not load, or None when they do."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads the settings module
    except ImproperlyConfigured as error:
        return str(error)
    return None


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    if only_asks_for_help(sys.argv[1:]):
        os.environ.setdefault("SECRET_KEY", HELP_ONLY_SECRET_KEY)
    error = settings_error()
    if error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
