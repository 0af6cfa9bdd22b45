"""The tantivy document of a section: its schema, and its terms cut in Python (in worker processes for a
large batch).

Tokens are made by the engine-neutral functions of `reports.search.analysis` and handed to tantivy as
whitespace-separated text, so tantivy indexes the very bigrams (exact matching) and jieba words
(ranking only) that every engine indexes, after the same normalisation.
"""

import atexit
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import tantivy
from haystack.constants import DJANGO_ID

from reports.search.analysis import index_terms, warm_up

TOKENIZER = "archive_ws"
# A batch of at least this many documents (rebuild_index, update_index) is cut in worker processes.
PARALLEL_MIN_DOCUMENTS = 400
PARALLEL_CHUNK = 100
TOKENIZE_WORKERS = 4


def tokenize(prepared: list[dict]) -> Iterator[tuple[str, str]]:
    """The (bigrams, words) terms of prepared documents, in order: in worker processes for a large batch.

    The workers cut while this process adds the documents they have finished to tantivy's writer.
    """
    pairs = [(document["text"], document["words"]) for document in prepared]
    pool = tokenizing_pool() if len(pairs) >= PARALLEL_MIN_DOCUMENTS else None
    if pool is None:
        yield from index_terms(pairs)
        return
    chunks = [pairs[start : start + PARALLEL_CHUNK] for start in range(0, len(pairs), PARALLEL_CHUNK)]
    for terms in pool.map(index_terms, chunks):
        yield from terms


@cache
def tokenizing_pool() -> ProcessPoolExecutor | None:
    """Tokenising processes (one per CPU, at most TOKENIZE_WORKERS), started on the first large batch.

    Spawned, not forked: this process may hold database connections and tantivy's threads.
    """
    workers = min(os.cpu_count() or 1, TOKENIZE_WORKERS)
    if workers < 2:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up)
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("section_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("report_id", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("position", fast=True)
    builder.add_unsigned_field("digest", fast=True)  # SectionIndex's 64-bit hex digest, as a number
    for level in (1, 2, 3):  # adcodes of the lineage, province first; 0 = none at that level
        builder.add_integer_field(f"region{level}", fast=True)
    builder.add_text_field("regions", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("body", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("bigrams", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("words", tokenizer_name=TOKENIZER, index_option="freq")
    return builder.build()


def add_documents(writer, prepared: list[dict]) -> None:
    """Add prepared documents with their terms (cut in worker processes for a large batch)."""
    for document, terms in zip(prepared, tokenize(prepared), strict=True):
        writer.add_document(_document(document, terms))


def _document(prepared: dict, terms: tuple[str, str]) -> tantivy.Document:
    regions = [str(code) for code in prepared.get("regions") or []]
    lineage = [int(code) for code in regions[:3]] + [0] * (3 - min(3, len(regions)))
    document = tantivy.Document(
        section_id=int(prepared[DJANGO_ID]),
        report_id=int(prepared["report_id"]),
        year=int(prepared.get("year") or 0),
        position=int(prepared.get("position") or 0),
        region1=lineage[0],
        region2=lineage[1],
        region3=lineage[2],
        regions=regions,
        body=prepared.get("body") or "",
        bigrams=terms[0],
        words=terms[1],
    )
    # A plain int would be taken for a signed one; the digest field is unsigned.
    document.add_unsigned("digest", int(prepared["digest"], 16) if prepared.get("digest") else 0)
    return document
