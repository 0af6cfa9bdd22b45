"""The search warm-up: what it loads, and that the WSGI entry point (and only it) runs it."""

import json
import os
import subprocess
import sys

from django.conf import settings

from reports.gazetteer import Gazetteer
from reports.research.occurrences import variants
from reports.search import analysis, normalize
from reports.warmup import warm_up

LOADERS = {
    "translation table": normalize._translation_table,
    "code point table": normalize._code_point_table,
    "jieba": analysis.segmenter,
    "jieba-rs": analysis.fast_segmenter,
    "gazetteer": Gazetteer.default,
    "variants": variants,
}

# Run in a fresh process: the cache sizes after Django's setup alone, then after importing archive.wsgi.
PROBE = """
import json, django
django.setup()
from tests.test_warmup import cache_sizes
before = cache_sizes()
import archive.wsgi
print(json.dumps({"before": before, "after": cache_sizes()}))
"""


def cache_sizes() -> dict[str, int]:
    return {name: loader.cache_info().currsize for name, loader in LOADERS.items()}


def test_warm_up_fills_every_cache():
    for loader in LOADERS.values():
        loader.cache_clear()
    warm_up()
    assert cache_sizes() == dict.fromkeys(LOADERS, 1)
    assert analysis.segmenter().initialized


def test_the_wsgi_entry_point_warms_up_and_django_setup_alone_does_not(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DEBUG="1", ARCHIVE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="archive.settings")
    child = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    sizes = json.loads(child.stdout.strip().splitlines()[-1])
    assert sizes["before"] == dict.fromkeys(LOADERS, 0)  # commands and tests do not pay for it
    assert sizes["after"] == dict.fromkeys(LOADERS, 1)
