"""Where the search index lives: tantivy by default, one folder per engine and per database."""

import json

from tests.security.test_settings import run_python

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.ARCHIVE_SEARCH_ENGINE, settings.HAYSTACK_CONNECTIONS['default']['PATH']]))"
)


def settings_with(env: dict[str, str], tmp_path) -> tuple[str, str]:
    result = run_python(SHOW, {"DEBUG": "1", **env}, tmp_path)
    assert result.returncode == 0, result.stderr
    engine, path = json.loads(result.stdout)
    return engine, path


def test_the_default_engine_is_tantivy(tmp_path):
    engine, path = settings_with({}, tmp_path)
    assert engine == "tantivy"
    assert "/tantivy_index/" in path


def test_sqlite_and_postgresql_archives_on_one_data_folder_never_share_an_index(tmp_path):
    _engine, on_sqlite = settings_with({}, tmp_path)
    _engine, on_postgres = settings_with({"DATABASE_URL": "postgres://u@db.example:5432/archive"}, tmp_path)
    _engine, on_other_db = settings_with({"DATABASE_URL": "postgres://u@db.example:5432/other"}, tmp_path)
    assert len({on_sqlite, on_postgres, on_other_db}) == 3


def test_each_engine_keeps_its_own_index(tmp_path):
    _engine, tantivy = settings_with({"ARCHIVE_SEARCH_ENGINE": "tantivy"}, tmp_path)
    _engine, whoosh = settings_with({"ARCHIVE_SEARCH_ENGINE": "whoosh"}, tmp_path)
    assert "/whoosh_index/" in whoosh and tantivy != whoosh
