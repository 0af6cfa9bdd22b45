"""Concurrent simulated readers against a served corpus: a fixed mix of pages, timed, with every failure.

Each user is a thread that sends one request after the other, without pause (a closed loop), so the
figures say how much the server gives under that many readers at once, not how a real day looks.
"""

import http.client
import os
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from reports.benchmark import serve
from reports.benchmark.measure import percentile
from reports.benchmark.queries import QUERIES
from reports.models import Body, Region, Report, Section
from reports.search.service import SORTS

REQUEST_TIMEOUT_S = 30
# Page kind and its share of requests.
MIX = {"search": 50, "api": 10, "report": 25, "browse": 15}


@dataclass(frozen=True)
class Catalog:
    """What the corpus holds, read from its database: the ids and codes that pages are built from."""

    report_ids: tuple[int, ...]
    adcodes: tuple[str, ...]  # regions with reports, and their prefectures and provinces
    years: tuple[int, ...]

    @classmethod
    def from_database(cls) -> "Catalog":
        rows = Report.objects.values_list("pk", "region_id", "year").order_by("pk")
        region_ids = {region for _, region, _ in rows if region}
        lineage = Region.objects.filter(pk__in=region_ids).values_list("pk", "parent", "parent__parent")
        adcodes = {code for codes in lineage for code in codes if code}
        years = {year for _, _, year in rows if year}
        if not rows or not adcodes or not years:
            raise ValueError("the corpus has no reports with a region and a year")
        return cls(tuple(pk for pk, _, _ in rows), tuple(sorted(adcodes)), tuple(sorted(years)))


def search_params(rng: random.Random, catalog: Catalog) -> dict:
    """A benchmark query, and in some requests one filter, a later page or another order."""
    params = {"q": rng.choice(QUERIES)}
    roll = rng.random()
    if roll < 0.1:
        params["region"] = rng.choice(catalog.adcodes)
    elif roll < 0.2:
        first = rng.choice(catalog.years)
        params.update(year_from=first, year_to=min(first + rng.randint(0, 5), catalog.years[-1]))
    elif roll < 0.3:
        params["body"] = rng.choice(Body.values[:3])
    if rng.random() < 0.2:
        params["page"] = rng.randint(2, 4)
    if rng.random() < 0.1:
        params["sort"] = rng.choice(SORTS[1:])
    return params


def browse_path(rng: random.Random, catalog: Catalog) -> str:
    return rng.choice(
        (
            "/",
            "/region/",
            f"/region/{rng.choice(catalog.adcodes)}/",
            "/year/",
            f"/year/{rng.choice(catalog.years)}/",
        )
    )


def request_path(kind: str, rng: random.Random, catalog: Catalog) -> str:
    if kind == "search":
        return "/search/?" + urlencode(search_params(rng, catalog))
    if kind == "api":
        return "/api/search?" + urlencode(search_params(rng, catalog))
    if kind == "report":
        return f"/report/{rng.choice(catalog.report_ids)}/"
    return browse_path(rng, catalog)


@dataclass(frozen=True)
class Sample:
    kind: str
    path: str
    seconds: float
    status: int | None
    error: str | None  # the exception of a request that got no answer

    @property
    def failed(self) -> bool:
        return self.status is None or not 200 <= self.status < 400


def timed_get(port: int, kind: str, path: str) -> Sample:
    started = time.perf_counter()
    try:
        status, error = serve.get(port, path, timeout=REQUEST_TIMEOUT_S), None
    except (OSError, http.client.HTTPException) as exception:
        status, error = None, f"{type(exception).__name__}: {exception}"
    return Sample(kind, path, time.perf_counter() - started, status, error)


def user(port: int, catalog: Catalog, rng: random.Random, deadline: float, samples: list) -> None:
    kinds, weights = list(MIX), list(MIX.values())
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        samples.append(timed_get(port, kind, request_path(kind, rng, catalog)))


def run_users(port: int, catalog: Catalog, users: int, duration_s: float, seed: int):
    """(samples, elapsed seconds) of `users` threads sending requests for `duration_s` seconds."""
    samples: list[Sample] = []
    deadline = time.monotonic() + duration_s
    threads = [
        threading.Thread(
            target=user,
            args=(port, catalog, random.Random(seed + number), deadline, samples),  # noqa: S311
            name=f"load-user-{number}",
        )
        for number in range(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def warm_up(port: int, catalog: Catalog, workers: int, seed: int) -> None:
    """A few requests of every kind from 2 × workers threads, so each worker has loaded jieba and
    opened the index before timing starts (a long-running server is past that)."""
    rng = random.Random(seed - 1)  # noqa: S311 - a reproducible sample, not a secret
    paths = [(kind, request_path(kind, rng, catalog)) for _ in range(2 * workers) for kind in MIX]
    threads = [threading.Thread(target=timed_get, args=(port, kind, path)) for kind, path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def figures_row(samples: list[Sample], elapsed_s: float) -> dict:
    milliseconds = [sample.seconds * 1000 for sample in samples]
    return {
        "requests": len(samples),
        "requests_per_s": len(samples) / elapsed_s if elapsed_s else 0.0,
        "p50_ms": percentile(milliseconds, 0.5),
        "p95_ms": percentile(milliseconds, 0.95),
        "p99_ms": percentile(milliseconds, 0.99),
        "errors": sum(sample.failed for sample in samples),
    }


def figures(samples: list[Sample], elapsed_s: float) -> dict:
    """Per page kind and overall; the first few failures with what they got."""
    failures = [sample for sample in samples if sample.failed]
    return {
        "elapsed_s": elapsed_s,
        "kinds": {kind: figures_row([s for s in samples if s.kind == kind], elapsed_s) for kind in MIX},
        "overall": figures_row(samples, elapsed_s),
        "failures": [
            {"kind": s.kind, "path": s.path, "status": s.status, "error": s.error} for s in failures[:10]
        ],
    }


def markdown(result: dict) -> str:
    lines = [
        f"{result['users']} users for {result['elapsed_s']:.0f} s against gunicorn "
        f"({result['workers']} sync workers) serving {result['reports']:,} reports "
        f"({result['sections']:,} sections); {result['cpus']} CPUs, load average "
        f"{result['load_average_before']:.1f} before the run",
        "",
        "| page kind | requests | requests/s | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in [*result["kinds"].items(), ("all", result["overall"])]:
        lines.append(
            f"| {name} | {row['requests']:,} | {row['requests_per_s']:.1f} | {row['p50_ms']:.0f} ms "
            f"| {row['p95_ms']:.0f} ms | {row['p99_ms']:.0f} ms | {row['errors']} |"
        )
    for failure in result["failures"]:
        lines.append(f"failed: {failure['kind']} {failure['path']} → {failure['status'] or failure['error']}")
    return "\n".join(lines)


def run(folder, users: int, duration_s: float, workers: int, seed: int = 2025) -> dict:
    """Serve the corpus in `folder` (the settings' own) with gunicorn, load it, and return the figures."""
    catalog = Catalog.from_database()
    # Other work on the machine shares its cores with gunicorn and the users: the figures say so.
    load_average = os.getloadavg()[0]
    with serve.gunicorn(folder, workers) as server:
        warm_up(server.port, catalog, workers, seed)
        samples, elapsed_s = run_users(server.port, catalog, users, duration_s, seed)
    result = {
        "users": users,
        "duration_s": duration_s,
        "workers": workers,
        "reports": len(catalog.report_ids),
        "sections": Section.objects.count(),
        "cpus": os.cpu_count(),
        "load_average_before": round(load_average, 2),
    }
    return result | figures(samples, elapsed_s)
