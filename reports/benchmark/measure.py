"""Ingest a synthetic corpus, index it, and time the search service against a brute-force scan.

Runs against whatever database and index the settings name: `isolation` makes sure that is a
throwaway data directory, never the user's.
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from reports.benchmark import engines
from reports.benchmark.corpus import County, synthetic_report, synthetic_reports
from reports.benchmark.queries import QUERIES
from reports.ingest import Overrides, ingest_bytes
from reports.models import Region, Section
from reports.search import sync
from reports.search.normalize import normalize
from reports.search.query import parse_query
from reports.search.service import SearchParams, matching_sections, search
from reports.search_indexes import section_document_text

UPLOAD_MARKER = "基准测试新增报告标记语"
JSON_KEYS = (
    "reports",
    "sections",
    "ingest_s",
    "index_s",
    "index_bytes",
    "p50_ms",
    "p95_ms",
    "bruteforce_p50_ms",
    "bruteforce_p95_ms",
    "recall",
    "precision",
)
# Figures of the corpus and the scan, the same for every engine measured on it.
CORPUS_KEYS = (
    "reports",
    "sections",
    "ingest_s",
    "bruteforce_p50_ms",
    "bruteforce_p95_ms",
    "characters",
    "seed",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def counties() -> list[County]:
    rows = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent").order_by("adcode")
    return [
        County(
            row.adcode, row.name, row.parent.name if row.parent and row.parent.level == "prefecture" else ""
        )
        for row in rows
    ]


def ingest(report, regions: dict[str, Region]) -> None:
    overrides = Overrides(year=report.year, region=regions[report.county.adcode])
    outcome = ingest_bytes(report.text.encode(), name=report.name, overrides=overrides)
    if not outcome.ok:
        raise RuntimeError(f"{report.name}: {outcome.error}")


def ingest_all(reports) -> float:
    regions = Region.objects.in_bulk([report.county.adcode for report in reports])
    started = time.perf_counter()
    with sync.paused():
        for number, report in enumerate(reports, start=1):
            ingest(report, regions)
            if number % 100 == 0:
                log(f"ingested {number}/{len(reports)} ({time.perf_counter() - started:.0f} s)")
    return time.perf_counter() - started


def rebuild_index() -> float:
    started = time.perf_counter()
    # One try: haystack retries a failed batch silently at verbosity 0, and a retry would be timed.
    call_command("rebuild_index", interactive=False, verbosity=0, max_retries=1)
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0.0


def timed(function, repeats: int) -> tuple[float, object]:
    """Median seconds over `repeats` calls, and the last call's result."""
    runs, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def scan_truths(texts: dict[int, str], repeats: int) -> list[tuple[set[int], float]]:
    """Per query: the brute-force truth (sections containing every term) and the scan's median seconds."""
    truths = []
    for raw in QUERIES:
        query = parse_query(raw)
        seconds, truth = timed(
            lambda query=query: {pk for pk, text in texts.items() if query.matches(text)}, repeats
        )
        truths.append((truth, seconds))
    return truths


def measure_queries(truths: list[tuple[set[int], float]], repeats: int) -> dict:
    """Whole search work per query on the current engine; recall and precision of its section sets."""
    search_times, rows = [], []
    true_hits = returned = expected = 0
    search(SearchParams(q="协商"))  # opens the searcher and reads the columns once
    for raw, (truth, _scan_seconds) in zip(QUERIES, truths, strict=True):
        params = SearchParams(q=raw)
        seconds, results = timed(lambda params=params: search(params), repeats)
        found = {match.section_id for match in matching_sections(parse_query(raw), params)}
        if results.section_count != len(found):
            raise RuntimeError(f"{raw}: search() counted {results.section_count}, engine found {len(found)}")
        search_times.append(seconds)
        true_hits, returned, expected = (
            true_hits + len(found & truth),
            returned + len(found),
            expected + len(truth),
        )
        rows.append(
            {"q": raw, "ms": round(seconds * 1000, 1), "sections": len(truth), "exact": found == truth}
        )
    return {
        "p50_ms": percentile(search_times, 0.5) * 1000,
        "p95_ms": percentile(search_times, 0.95) * 1000,
        "recall": true_hits / expected if expected else 1.0,
        "precision": true_hits / returned if returned else 1.0,
        "queries": rows,
    }


def upload_latency(county_list: list[County], seed: int) -> float:
    """Seconds from handing one more report to `ingest_bytes` until `search()` finds it; then removed.

    The report is deleted afterwards (and so unindexed), so every engine measures the same corpus.
    """
    import random

    rng = random.Random(seed + 1)  # noqa: S311 - a reproducible sample, not a secret
    report = synthetic_report(rng, rng.choice(county_list), 99_999, extra=f"本报告含有{UPLOAD_MARKER}。")
    regions = Region.objects.in_bulk([report.county.adcode])
    started = time.perf_counter()
    ingest(report, regions)
    while search(SearchParams(q=UPLOAD_MARKER)).report_count == 0:
        if time.perf_counter() - started > 60:
            raise RuntimeError("the new report was not searchable after 60 s")
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    for section in Section.objects.filter(text__contains=UPLOAD_MARKER).select_related("report"):
        section.report.delete()
    return seconds


def search_memory(engine: str) -> dict:
    """Memory of a fresh process answering every query once on `engine`: what a web worker needs.

    `search_rss_bytes` is its growth from start-up (Django and both segmenters loaded) to after the
    queries, `search_process_rss_bytes` its whole resident memory then.
    """
    child = subprocess.run(  # noqa: S603 - our interpreter, our module, an engine name from settings
        [sys.executable, "-m", "reports.benchmark.memory", engine],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        log(f"{engine}: the memory probe failed: {child.stderr.strip()[-500:]}")
        return {"search_rss_bytes": 0, "search_process_rss_bytes": 0}
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    return {
        "search_rss_bytes": max(0, figures["after_bytes"] - figures["startup_bytes"]),
        "search_process_rss_bytes": figures["after_bytes"],
    }


def measure_engine(name: str, truths, county_list: list[County], seed: int, repeats: int) -> dict:
    """Rebuild the index on engine `name` from the database, then time the queries and an upload."""
    with engines.using_engine(name, Path(settings.ARCHIVE_DATA_DIR) / f"{name}_index") as index_path:
        index_s = rebuild_index()
        log(f"{name}: index {index_s:.1f} s")
        result = {"index_s": index_s, "index_bytes": folder_bytes(index_path)}
        result.update(measure_queries(truths, repeats))
        result.update(search_memory(name))
        result["upload_searchable_s"] = upload_latency(county_list, seed)
        log(f"{name}: search p50/p95 {result['p50_ms']:.1f} / {result['p95_ms']:.1f} ms")
    return result


def run(report_count: int, seed: int = 2025, repeats: int = 3, engine_names: list[str] | None = None) -> dict:
    """The corpus ingested once, then each engine measured on it; flat keys are the first engine's."""
    engine_names = engine_names or [settings.ARCHIVE_SEARCH_ENGINE]
    county_list = counties()
    if not county_list:
        raise RuntimeError("no counties in the region table (run loadregions)")
    reports = synthetic_reports(report_count, county_list, seed)
    log(f"corpus: {len(reports)} reports, {sum(len(r.text) for r in reports):,} characters")
    ingest_s = ingest_all(reports)
    log(f"ingest: {ingest_s:.1f} s")
    texts = {
        section.pk: normalize(section_document_text(section))
        for section in Section.objects.only("pk", "heading", "text").iterator()
    }
    truths = scan_truths(texts, repeats)
    scan_times = [seconds for _truth, seconds in truths]
    per_engine = {name: measure_engine(name, truths, county_list, seed, repeats) for name in engine_names}
    first = per_engine[engine_names[0]]
    result = {
        "reports": report_count,
        "sections": len(texts),
        "ingest_s": ingest_s,
        **{key: first[key] for key in ("index_s", "index_bytes", "p50_ms", "p95_ms")},
        "bruteforce_p50_ms": percentile(scan_times, 0.5) * 1000,
        "bruteforce_p95_ms": percentile(scan_times, 0.95) * 1000,
        "recall": first["recall"],
        "precision": first["precision"],
        "engine": engine_names[0],
        "upload_searchable_s": first["upload_searchable_s"],
        "queries": first["queries"],
        "characters": sum(len(text) for text in texts.values()),
        "seed": seed,
        "engines": per_engine,
    }
    return result


def engine_records(result: dict) -> list[dict]:
    """One flat record per engine, in the order measured: the corpus's figures and that engine's,
    JSON_KEYS first (what `benchmark --json` prints, a line each)."""
    corpus = {key: result[key] for key in CORPUS_KEYS}
    records = []
    for name, figures in result["engines"].items():
        record = {**corpus, **figures, "engine": name}
        records.append({key: record[key] for key in JSON_KEYS} | record)
    return records


def markdown(result: dict) -> str:
    """The figures as a markdown table (a row per engine and the brute-force scan), the slowest queries
    and any query that was not exact."""
    per_engine = result["engines"]
    lines = [
        f"{result['reports']:,} reports, {result['sections']:,} sections, "
        f"{result['characters']:,} characters; ingest {result['ingest_s']:.1f} s",
        "",
        "| engine | index build | index size | search RSS (process) | search p50 / p95 "
        "| new report searchable | recall | precision |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in per_engine.items():
        lines.append(
            f"| {name} | {figures['index_s']:.1f} s | {figures['index_bytes'] / 1e6:.1f} MB "
            f"| {figures.get('search_rss_bytes', 0) / 1e6:.0f} MB "
            f"({figures.get('search_process_rss_bytes', 0) / 1e6:.0f} MB) "
            f"| {figures['p50_ms']:.1f} / {figures['p95_ms']:.1f} ms "
            f"| {figures['upload_searchable_s'] * 1000:.0f} ms "
            f"| {figures['recall']:.3f} | {figures['precision']:.3f} |"
        )
    lines += [
        f"| brute-force scan (in memory) | — | — | — "
        f"| {result['bruteforce_p50_ms']:.1f} / {result['bruteforce_p95_ms']:.1f} ms | — | 1 | 1 |",
        "",
        f"{len(result['queries'])} queries; search p50/p95 is the whole search() call (query, exact match, "
        "grouping, facets, page rows, snippets), median of repeats; search RSS is what a fresh process grew "
        "by from start-up (Django and jieba loaded) to having answered every query once, and (process) "
        "its whole resident memory then.",
    ]
    for name, figures in per_engine.items():
        slowest = sorted(figures["queries"], key=lambda row: -row["ms"])[:5]
        inexact = [row["q"] for row in figures["queries"] if not row["exact"]]
        lines.append(
            f"{name} slowest: "
            + ", ".join(f"{row['q']} {row['ms']:.0f} ms ({row['sections']} sections)" for row in slowest)
            + "; not exact: "
            + (", ".join(inexact) if inexact else "none")
        )
    return "\n".join(lines)
