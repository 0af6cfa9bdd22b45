"""Measure whoosh analyzers for the report index on a synthetic corpus made from samples/*.txt.

Builds one whoosh index per design directly (no Django, no haystack) and reports build time, index
size, top-20 query time (p50/p95 over the query set, median of repeats) and recall/precision of the
full result sets against a brute-force substring scan (`Query.matches`).

    .venv/bin/python scripts/measure_analyzers.py --reports 150
"""

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jieba
from jieba.analyse import ChineseAnalyzer
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import AndGroup, QueryParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.benchmark.queries import QUERIES  # noqa: E402
from reports.search.analysis import segmenter  # noqa: E402
from reports.search.engines.whoosh.analysis import (  # noqa: E402
    bigram_analyzer,
    combined_analyzer,
    word_analyzer,
)
from reports.search.engines.whoosh.query import match_query, whoosh_query  # noqa: E402
from reports.search.normalize import normalize  # noqa: E402
from reports.search.query import parse_query  # noqa: E402


@dataclass
class Design:
    name: str
    schema: Callable[[], Schema]
    to_query: Callable[[str, index.Index], object]


def _schema_jieba() -> Schema:
    return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=ChineseAnalyzer()))


def _schema_bigrams() -> Schema:
    return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=bigram_analyzer(), phrase=True))


def _schema_combined() -> Schema:
    return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=combined_analyzer(), phrase=True))


def _schema_two_fields() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=bigram_analyzer(), phrase=True),
        words=TEXT(analyzer=word_analyzer(), phrase=False),
    )


def _whoosh_term(term: str) -> str:
    # Quoted, a term becomes a whoosh phrase, which finds nothing on ChineseAnalyzer's positions;
    # bare, it is analyzed into jieba words that are ANDed.
    return f'"{term}"' if " " in term else term


def _parser_query(raw: str, ix: index.Index):
    """The usual recipe: the typed words in whoosh's own syntax, parsed on the analyzed field.

    The query is rewritten in whoosh syntax (AND, OR, NOT, quotes) from our parse, so that the
    comparison is about the analyzer, not about the query syntax.
    """
    query = parse_query(raw)
    groups = ["(" + " OR ".join(map(_whoosh_term, group)) + ")" for group in query.required]
    text = " AND ".join(groups + [f"NOT {_whoosh_term(term)}" for term in query.excluded])
    return QueryParser("text", ix.schema, group=AndGroup).parse(text)


DESIGNS = [
    Design("a: jieba ChineseAnalyzer", _schema_jieba, _parser_query),
    Design("b: bigrams only", _schema_bigrams, lambda raw, ix: match_query(parse_query(raw), "text")),
    Design(
        "c1: bigrams + jieba words, one field",
        _schema_combined,
        lambda raw, ix: whoosh_query(parse_query(raw), "text"),
    ),
    Design(
        "c2: bigrams + jieba words, two fields",
        _schema_two_fields,
        lambda raw, ix: whoosh_query(parse_query(raw), "text", "words"),
    ),
]


def sample_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [line.strip() for line in text.splitlines() if len(line.strip()) >= 10]
    return paragraphs


def synthetic_sections(report_count: int, seed: int = 2025) -> list[str]:
    """Reports of ~15,000 characters of sampled paragraphs, cut into ~1,500-character sections."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    paragraphs = sample_paragraphs()
    sections = []
    for _ in range(report_count):
        current, length, report_length = [], 0, 0
        while report_length < 15_000:
            paragraph = rng.choice(paragraphs)
            current.append(paragraph)
            length += len(paragraph)
            report_length += len(paragraph)
            if length >= 1_500:
                sections.append("\n\n".join(current))
                current, length = [], 0
        if current:
            sections.append("\n\n".join(current))
    return sections


def build(design: Design, sections: list[str], folder: Path) -> tuple[index.Index, float]:
    started = time.perf_counter()
    ix = index.create_in(folder, design.schema())
    writer = ix.writer(limitmb=256)
    has_words = "words" in ix.schema.names()
    for number, section in enumerate(sections):
        fields = {"id": str(number), "text": section}
        if has_words:
            fields["words"] = section
        writer.add_document(**fields)
    writer.commit()
    return ix, time.perf_counter() - started


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir())


def measure_queries(design: Design, ix: index.Index, truths: dict[str, set[int]], repeats: int):
    timings, true_hits, returned, expected, misses = [], 0, 0, 0, []
    with ix.searcher() as searcher:
        for raw in QUERIES:
            runs = []
            for _ in range(repeats):
                started = time.perf_counter()
                results = searcher.search(design.to_query(raw, ix), limit=20)
                [hit["id"] for hit in results]
                runs.append(time.perf_counter() - started)
            timings.append(statistics.median(runs))
            found = {int(hit["id"]) for hit in searcher.search(design.to_query(raw, ix), limit=None)}
            truth = truths[raw]
            true_hits += len(found & truth)
            returned += len(found)
            expected += len(truth)
            if found != truth:
                misses.append(f"{raw}: {len(found & truth)}/{len(truth)} found, {len(found - truth)} false")
    recall = true_hits / expected if expected else 1.0
    precision = true_hits / returned if returned else 1.0
    return timings, recall, precision, misses


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def scan_timings(sections: list[str], repeats: int) -> list[float]:
    normalized = [normalize(section) for section in sections]
    timings = []
    for raw in QUERIES:
        query, runs = parse_query(raw), []
        for _ in range(repeats):
            started = time.perf_counter()
            [number for number, text in enumerate(normalized) if query.matches(text)]
            runs.append(time.perf_counter() - started)
        timings.append(statistics.median(runs))
    return timings


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--reports", type=int, default=150, help="synthetic reports (≈9 sections each)")
    arguments.add_argument("--repeats", type=int, default=3)
    arguments.add_argument("--only", help="comma-separated designs to run (a,b,c1,c2); default all")
    options = arguments.parse_args()

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    segmenter()
    sections = synthetic_sections(options.reports)
    normalized = [normalize(section) for section in sections]
    truths = {
        raw: {n for n, text in enumerate(normalized) if parse_query(raw).matches(text)} for raw in QUERIES
    }
    print(f"{len(sections)} sections, {sum(map(len, sections)):,} characters, {len(QUERIES)} queries\n")

    scan = scan_timings(sections, options.repeats)
    rows = [("substring scan (all hits)", "—", "—", percentile(scan, 0.5), percentile(scan, 0.95), 1.0, 1.0)]
    details = []
    for design in DESIGNS:
        if options.only and design.name.split(":")[0] not in options.only.split(","):
            continue
        with tempfile.TemporaryDirectory() as folder:
            ix, seconds = build(design, sections, Path(folder))
            size = folder_size(Path(folder))
            timings, recall, precision, misses = measure_queries(design, ix, truths, options.repeats)
            ix.close()
        rows.append(
            (
                design.name,
                f"{seconds:.1f} s",
                f"{size / 1e6:.1f} MB",
                percentile(timings, 0.5),
                percentile(timings, 0.95),
                recall,
                precision,
            )
        )
        slowest = sorted(zip(timings, QUERIES, strict=True), reverse=True)[:3]
        misses.append("slowest: " + ", ".join(f"{raw} {seconds * 1000:.0f} ms" for seconds, raw in slowest))
        details.append((design.name, misses))
        print(f"done: {design.name}", file=sys.stderr)

    print("| design | build | index size | top-20 p50 / p95 | recall / precision |")
    print("|---|---|---|---|---|")
    for name, build_time, size, p50, p95, recall, precision in rows:
        print(
            f"| {name} | {build_time} | {size} | {p50 * 1000:.1f} / {p95 * 1000:.1f} ms "
            f"| {recall:.3f} / {precision:.3f} |"
        )
    for name, misses in details:
        print(f"\n{name}: {len(misses) - 1} queries differ from the substring scan")
        for line in misses:
            print(f"  {line}")


if __name__ == "__main__":
    main()
