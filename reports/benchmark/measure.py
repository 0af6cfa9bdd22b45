"""Ingest a synthetic corpus, index it, and time the search service against a brute-force scan.

Runs against whatever database and index the settings name: `isolation` makes sure that is a
throwaway data directory, never the user's.
"""

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from reports.benchmark import engines
from reports.benchmark.corpus import County, SyntheticReport, synthetic_report, synthetic_reports
from reports.benchmark.queries import QUERIES
from reports.ingest import Overrides, ingest_bytes
from reports.models import Region, Section
from reports.research.kwic import concordance_page
from reports.research.trends import parse_terms, term_trends
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


def ingest_all(reports: Iterable[SyntheticReport], total: int, done: int = 0) -> float:
    """Ingest the reports (the `done` first of `total` are there already); seconds taken."""
    regions = Region.objects.in_bulk(
        Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", flat=True)
    )
    started = time.perf_counter()
    with sync.paused():
        for number, report in enumerate(reports, start=done + 1):
            ingest(report, regions)
            if number % 1000 == 0:
                log(f"ingested {number}/{total} ({time.perf_counter() - started:.0f} s)")
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
    if not figures["sections_found"]:
        raise RuntimeError(f"{engine}: the memory probe found nothing: it did not open the measured index")
    return {
        "search_rss_bytes": max(0, figures["after_bytes"] - figures["startup_bytes"]),
        "search_process_rss_bytes": figures["after_bytes"],
        "search_probe_sections": figures["sections_found"],
    }


def index_folder(name: str) -> Path:
    """Where the settings keep engine `name`'s index of this database (what a server and the memory
    probe open): the configured engine's folder, or the same folder under the other engine's name."""
    configured = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    return Path(settings.ARCHIVE_DATA_DIR) / f"{name}_index" / configured.name


def measure_engine(
    name: str, truths, county_list: list[County], seed: int, repeats: int, index_s: float | None = None
) -> dict:
    """Rebuild the index on engine `name` from the database (unless `index_s`, the time of a build
    already there, is given), then time the queries, the research tools and an upload."""
    with engines.using_engine(name, index_folder(name)) as index_path:
        if index_s is None:
            index_s = rebuild_index()
        log(f"{name}: index {index_s:.1f} s")
        result = {"index_s": index_s, "index_bytes": folder_bytes(index_path)}
        result.update(measure_queries(truths, repeats))
        log(f"{name}: search p50/p95 {result['p50_ms']:.1f} / {result['p95_ms']:.1f} ms")
        result.update(measure_research(repeats))
        log(f"{name}: trends p95 {result['trends_p95_ms']:.0f} ms, KWIC p95 {result['kwic_p95_ms']:.0f} ms")
        result.update(search_memory(name))
        result["upload_searchable_s"] = upload_latency(county_list, seed)
    return result


def measure_research(repeats: int) -> dict:
    """Trends (each query as one term, every year) and the first KWIC page of each query: p50 and p95."""
    trends_times, kwic_times, capped = [], [], 0
    for raw in QUERIES:
        params = SearchParams(q=raw)
        terms = parse_terms(raw)
        seconds, _trends = timed(lambda terms=terms, params=params: term_trends(terms, params), repeats)
        trends_times.append(seconds)
        query = parse_query(raw)
        seconds, page = timed(lambda query=query, params=params: concordance_page(query, params), repeats)
        kwic_times.append(seconds)
        capped += not page.count_exact
    return {
        "trends_p50_ms": percentile(trends_times, 0.5) * 1000,
        "trends_p95_ms": percentile(trends_times, 0.95) * 1000,
        "kwic_p50_ms": percentile(kwic_times, 0.5) * 1000,
        "kwic_p95_ms": percentile(kwic_times, 0.95) * 1000,
        "kwic_counts_capped": capped,
    }


def run(report_count: int, seed: int = 2025, repeats: int = 3, engine_names: list[str] | None = None) -> dict:
    """The corpus ingested once, then each engine measured on it; flat keys are the first engine's."""
    engine_names = engine_names or [settings.ARCHIVE_SEARCH_ENGINE]
    county_list = counties()
    if not county_list:
        raise RuntimeError("no counties in the region table (run loadregions)")
    reports = synthetic_reports(report_count, county_list, seed)
    log(f"corpus: {report_count} reports")
    ingest_s = ingest_all(reports, report_count)
    log(f"ingest: {ingest_s:.1f} s")
    return measured(report_count, ingest_s, seed, repeats, engine_names, county_list)


def run_kept(marker: dict, repeats: int = 3) -> dict:
    """The corpus `buildcorpus` left in this data directory, on the engine it was indexed with."""
    engine = marker.get("engine", settings.ARCHIVE_SEARCH_ENGINE)
    built = {engine: marker["index_s"]}
    return measured(
        marker["reports"], marker["ingest_s"], marker["seed"], repeats, [engine], counties(), built
    )


def measured(
    report_count: int,
    ingest_s: float,
    seed: int,
    repeats: int,
    engine_names: list[str],
    county_list: list[County],
    built: dict[str, float] | None = None,
) -> dict:
    """The brute-force scan, then each engine (its index rebuilt, unless `built` gives its build time)."""
    texts = {
        section.pk: normalize(section_document_text(section))
        for section in Section.objects.only("pk", "heading", "text").iterator(chunk_size=2000)
    }
    log(f"scanning {len(texts):,} sections")
    truths = scan_truths(texts, repeats)
    scan_times = [seconds for _truth, seconds in truths]
    characters = sum(len(text) for text in texts.values())
    del texts
    built = built or {}
    per_engine = {
        name: measure_engine(name, truths, county_list, seed, repeats, built.get(name))
        for name in engine_names
    }
    first = per_engine[engine_names[0]]
    result = {
        "reports": report_count,
        "sections": Section.objects.count(),
        "ingest_s": ingest_s,
        **{key: first[key] for key in ("index_s", "index_bytes", "p50_ms", "p95_ms")},
        "bruteforce_p50_ms": percentile(scan_times, 0.5) * 1000,
        "bruteforce_p95_ms": percentile(scan_times, 0.95) * 1000,
        "recall": first["recall"],
        "precision": first["precision"],
        "engine": engine_names[0],
        "upload_searchable_s": first["upload_searchable_s"],
        "queries": first["queries"],
        "characters": characters,
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
