"""Ingest a synthetic corpus, index it, and time the search service against a brute-force scan.

Runs against whatever database and index the settings name: `isolation` makes sure that is a
throwaway data directory, never the user's.
"""

import statistics
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

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
    call_command("rebuild_index", interactive=False, verbosity=0)
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


def measure_queries(texts: dict[int, str], repeats: int) -> dict:
    """Whole search work and the scan per query; recall and precision of the service's section set."""
    search_times, scan_times, rows = [], [], []
    true_hits = returned = expected = 0
    search(SearchParams(q="协商"))  # opens the searcher and reads the columns once
    for raw in QUERIES:
        query, params = parse_query(raw), SearchParams(q=raw)
        seconds, results = timed(lambda params=params: search(params), repeats)
        scan_seconds, truth = timed(
            lambda query=query: {pk for pk, text in texts.items() if query.matches(text)}, repeats
        )
        found = {match.section_id for match in matching_sections(query, params)}
        if results.section_count != len(found):
            raise RuntimeError(f"{raw}: search() counted {results.section_count}, engine found {len(found)}")
        search_times.append(seconds)
        scan_times.append(scan_seconds)
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
        "bruteforce_p50_ms": percentile(scan_times, 0.5) * 1000,
        "bruteforce_p95_ms": percentile(scan_times, 0.95) * 1000,
        "recall": true_hits / expected if expected else 1.0,
        "precision": true_hits / returned if returned else 1.0,
        "queries": rows,
    }


def upload_latency(county_list: list[County], seed: int) -> float:
    """Seconds from handing one more report to `ingest_bytes` until `search()` finds it."""
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
    return time.perf_counter() - started


def run(report_count: int, seed: int = 2025, repeats: int = 3) -> dict:
    county_list = counties()
    if not county_list:
        raise RuntimeError("no counties in the region table (run loadregions)")
    reports = synthetic_reports(report_count, county_list, seed)
    log(f"corpus: {len(reports)} reports, {sum(len(r.text) for r in reports):,} characters")
    ingest_s = ingest_all(reports)
    log(f"ingest: {ingest_s:.1f} s")
    index_s = rebuild_index()
    log(f"index: {index_s:.1f} s")
    texts = {
        section.pk: normalize(section_document_text(section))
        for section in Section.objects.only("pk", "heading", "text").iterator()
    }
    index_path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    result = {
        "reports": report_count,
        "sections": len(texts),
        "ingest_s": ingest_s,
        "index_s": index_s,
        "index_bytes": folder_bytes(index_path),
    }
    result.update(measure_queries(texts, repeats))
    result["upload_searchable_s"] = upload_latency(county_list, seed)
    result["characters"] = sum(len(text) for text in texts.values())
    result["seed"] = seed
    return {key: result[key] for key in (*JSON_KEYS, *sorted(set(result) - set(JSON_KEYS)))}


def markdown(result: dict) -> str:
    """The result as a markdown table, the slowest queries and any query that was not exact."""
    lines = [
        "| reports | sections | ingest | index | index size | search p50 / p95 | brute force p50 / p95 "
        "| recall | precision |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {result['reports']:,} | {result['sections']:,} "
        f"| {result['ingest_s']:.1f} s | {result['index_s']:.1f} s "
        f"| {result['index_bytes'] / 1e6:.1f} MB | {result['p50_ms']:.1f} / {result['p95_ms']:.1f} ms "
        f"| {result['bruteforce_p50_ms']:.1f} / {result['bruteforce_p95_ms']:.1f} ms "
        f"| {result['recall']:.3f} | {result['precision']:.3f} |",
        "",
        f"One more report searchable after upload: {result['upload_searchable_s'] * 1000:.0f} ms",
        f"{len(result['queries'])} queries; search p50/p95 is the whole search() call (query, exact match, "
        "grouping, facets, page rows, snippets), median of repeats.",
    ]
    slowest = sorted(result["queries"], key=lambda row: -row["ms"])[:5]
    lines.append(
        "Slowest: "
        + ", ".join(f"{row['q']} {row['ms']:.0f} ms ({row['sections']} sections)" for row in slowest)
    )
    inexact = [row["q"] for row in result["queries"] if not row["exact"]]
    lines.append("Not exact: " + (", ".join(inexact) if inexact else "none"))
    return "\n".join(lines)
