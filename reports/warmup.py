"""Load what the first search would otherwise load: called by the WSGI entry point, once per server process.

Not from `AppConfig.ready`: management commands and the tests import the apps too, and most of them never
search. jieba's dictionary alone takes most of a second to read.
"""

import logging
import time

from haystack import connections

from reports.gazetteer import Gazetteer
from reports.research.occurrences import variants
from reports.search import analysis
from reports.search.normalize import normalize

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Build the normalisation tables, both segmenters with their dictionaries, the gazetteer and the
    concordance's variant table, and import the configured search engine."""
    started = time.perf_counter()
    # A short and a long text: `normalize` keeps a table for each (str.translate and an array).
    normalize("協商")
    normalize("協商" * 1000)
    analysis.warm_up()  # jieba with the user dictionary and the region names, then jieba-rs
    Gazetteer.default()
    variants()
    connections["default"].get_backend()
    logger.info("search warmed up in %.2f s", time.perf_counter() - started)
