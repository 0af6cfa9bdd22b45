"""Similar reports: each report's TF-IDF vector over the archive, and its five most similar reports, stored.

Three tables keep a report page to one query for its list:
- `ReportTerms`: a report's word counts (only its text changes them) and its unit TF-IDF vector (the IDF
  changes it);
- `TermStatistics`: the archive's document frequencies as of the last full build;
- `SimilarReport`: each report's SIMILAR_COUNT most similar reports, with the words they share.

`build_all` (the `buildsimilar` command) recomputes everything from the reports' text. `refresh_report`
runs on the search index's after-commit path whenever a report is imported, edited or deleted: it
recounts that report, weighs it with the stored statistics and rewrites its own list and every list it
enters or leaves. The statistics (IDF) change only with a full build, which `refresh_report` also
starts by itself when the archive has grown or shrunk by half since the last one, but only while the
archive is small (`AUTO_BUILD_MAX_REPORTS`): on a large one a full build takes minutes, far too long
for an import's commit hook, and is left to `buildsimilar` (a warning says so). A deleted report's
entries in other lists turn null at once (`on_delete=SET_NULL`) and are never shown.

A held report (`Report.objects.public()`) enters no list and counts in no statistics; holding or
publishing one refreshes it like an edit, so the lists it leaves fill up with public reports. It keeps
a list of its own, for staff on its page. Lists are read through the same rule, so one held a moment
ago is not shown even before its refresh lands.
"""

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import numpy as np
from django.db import transaction
from django.db.models import Count, Min, Prefetch, Q

from reports.models import Report, ReportTerms, Section, SimilarReport, TermStatistics, is_public
from reports.research.terms import Idf, heaviest, shared_words, tfidf, word_count_dict, word_counts
from reports.search.analysis import warm_up

log = logging.getLogger(__name__)

SIMILAR_COUNT = 5
SHARED_WORDS = 6
# A report's stored vector keeps its heaviest words only (scaled back to unit length): cosines over
# them rank the neighbours as the whole vectors do in all but near ties, and the neighbourhood of
# 100,000 reports stays ten million postings instead of a hundred and fifty million.
VECTOR_WORDS = 100
PARALLEL_FROM = 1_000  # reports counted at once from which the counting runs in parallel
COUNTING_WORKERS = 4
AUTO_BUILD_MAX_REPORTS = 200  # a full build inside an import's commit hook only up to this many reports
REBUILD_RATIO = 1.5  # a full build when the archive is this many times larger (or smaller) than the IDF's
FULL_BUILD_SHARE = 50  # after changes to more than 1/50 of the archive at once, a full build
_BATCH = 200
_state = threading.local()


def report_text(report: Report) -> str:
    """What the statistics read: every section's heading and text, or the whole text if there are none."""
    sections = list(report.sections.all())
    if not sections:
        return report.text
    return "\n".join(f"{section.heading}\n{section.text}" for section in sections)


def weighed(counts: dict[str, int], idf: Idf) -> dict[str, float]:
    """The report's stored vector: TF-IDF, its VECTOR_WORDS heaviest words."""
    return heaviest(tfidf(counts, idf), VECTOR_WORDS)


def count_words(report: Report) -> dict[str, int]:
    """Recount the report's words and store them; its vector stays as it was until it is weighed."""
    counts = dict(word_counts(report_text(report)))
    ReportTerms.objects.update_or_create(report=report, defaults={"counts": counts})
    return counts


def stored_counts(report: Report) -> dict[str, int]:
    """The report's stored word counts, or counted now (not stored) if it has none yet."""
    terms = ReportTerms.objects.filter(report=report).only("counts").first()
    return terms.counts if terms and terms.counts else dict(word_counts(report_text(report)))


def archive_idf() -> Idf | None:
    statistics = TermStatistics.objects.order_by("-pk").first()
    return Idf(statistics.reports, statistics.frequencies) if statistics else None


class Neighbourhood:
    """Unit vectors of many reports behind an inverted index, to find the nearest reports to any one.

    A cosine is a sum over shared words, so scoring one report against all of them costs one numpy
    step per word of it (over that word's postings) instead of a Python step per shared word and
    report: the all-pairs build of a few hundred reports goes from minutes to seconds.
    """

    def __init__(self, vectors: dict[int, dict[str, float]], hidden: Iterable[int] = ()):
        """`hidden`: reports that have a list here but are never in one (held reports)."""
        self.vectors = vectors
        self.report_ids = np.fromiter(vectors, dtype=np.int64, count=len(vectors))
        self.rows = {report_id: row for row, report_id in enumerate(vectors)}
        self.hidden = set(hidden)
        hidden_rows = [self.rows[report_id] for report_id in self.hidden if report_id in self.rows]
        self.hidden_rows = np.array(hidden_rows, dtype=np.int64)
        self.postings = _postings(vectors)

    def scores(self, vector: dict[str, float]) -> np.ndarray:
        """Cosine with every report, in the order of `report_ids`."""
        totals = np.zeros(len(self.report_ids))
        for word, weight in vector.items():
            posting = self.postings.get(word)
            if posting is not None:
                rows, weights = posting  # a word's rows are distinct, so += adds each once
                totals[rows] += weight * weights
        return totals

    def score_by_report(self, vector: dict[str, float]) -> dict[int, float]:
        totals = self.scores(vector)
        positive = np.flatnonzero(totals > 0)
        return dict(zip(self.report_ids[positive].tolist(), totals[positive].tolist(), strict=True))

    def nearest(self, report_id: int, count: int = SIMILAR_COUNT) -> list[tuple[int, float]]:
        """The `count` reports most similar to `report_id` (itself excluded), best first; ties by id."""
        totals = self.scores(self.vectors[report_id])
        totals[self.rows[report_id]] = 0.0
        totals[self.hidden_rows] = 0.0
        candidates = np.flatnonzero(totals > 0)
        if len(candidates) > count:  # the best `count`, and any tied with the last of them
            threshold = np.partition(totals[candidates], -count)[-count]
            candidates = candidates[totals[candidates] >= threshold]
        order = np.lexsort((self.report_ids[candidates], -totals[candidates]))[:count]
        best = candidates[order]
        return list(zip(self.report_ids[best].tolist(), totals[best].tolist(), strict=True))

    def entries(self, report_id: int) -> list[SimilarReport]:
        vector = self.vectors[report_id]
        return [
            SimilarReport(
                report_id=report_id,
                other_id=other_id,
                rank=rank,
                score=round(score, 6),
                shared_words=shared_words(vector, self.vectors[other_id], SHARED_WORDS),
            )
            for rank, (other_id, score) in enumerate(self.nearest(report_id), start=1)
        ]


def _postings(vectors: dict[int, dict[str, float]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Word → (rows of the reports that have it, their weights), built as three flat arrays."""
    word_ids: dict[str, int] = {}
    sizes = np.fromiter((len(vector) for vector in vectors.values()), dtype=np.int64, count=len(vectors))
    total = int(sizes.sum())
    rows = np.repeat(np.arange(len(vectors), dtype=np.int64), sizes)
    words = np.fromiter(
        (word_ids.setdefault(word, len(word_ids)) for vector in vectors.values() for word in vector),
        dtype=np.int64,
        count=total,
    )
    weights = np.fromiter(
        (weight for vector in vectors.values() for weight in vector.values()), dtype=np.float64, count=total
    )
    order = np.argsort(words, kind="stable")
    bounds = np.searchsorted(words[order], np.arange(len(word_ids) + 1))
    rows, weights = rows[order], weights[order]
    return {
        word: (rows[bounds[word_id] : bounds[word_id + 1]], weights[bounds[word_id] : bounds[word_id + 1]])
        for word, word_id in word_ids.items()
    }


# --- reading ---------------------------------------------------------------------------------------


def similar_reports(report: Report) -> list[SimilarReport]:
    """The report's stored list for its page, deleted and held reports left out."""
    return list(
        SimilarReport.objects.filter(is_public("other__"), report=report, other__isnull=False)
        .select_related("other__region")
        .order_by("rank")[:SIMILAR_COUNT]
    )


# --- the full build --------------------------------------------------------------------------------


def count_reports(report_ids: Iterable[int]) -> None:
    """Recount the reports that still exist, a batch per transaction: uploads need not wait for them all.

    Many reports are counted by one process per CPU (segmenting is most of the work) while this one
    reads and writes the batches.
    """
    report_ids = sorted(report_ids)
    ordered = Prefetch("sections", queryset=Section.objects.order_by("position"))
    with _counting_pool(len(report_ids)) as pool:
        for start in range(0, len(report_ids), _BATCH):
            batch = list(
                Report.objects.filter(pk__in=report_ids[start : start + _BATCH]).prefetch_related(ordered)
            )
            texts = [report_text(report) for report in batch]
            counted = pool.map(word_count_dict, texts, chunksize=8) if pool else map(word_count_dict, texts)
            with transaction.atomic():
                for report, counts in zip(batch, counted, strict=True):
                    ReportTerms.objects.update_or_create(report=report, defaults={"counts": counts})


@contextmanager
def _counting_pool(reports: int) -> Iterator[ProcessPoolExecutor | None]:
    """Counting processes for PARALLEL_FROM reports or more on a machine with two CPUs or more.

    Spawned, not forked: this process holds database connections.
    """
    workers = min(os.cpu_count() or 1, COUNTING_WORKERS)
    if reports < PARALLEL_FROM or workers < 2:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
        yield pool


def count_all(recount: bool = True) -> int:
    """Store word counts of every report (with `recount=False`, only of those without); how many counted."""
    report_ids = Report.objects.values_list("pk", flat=True)
    if not recount:
        report_ids = report_ids.filter(terms__isnull=True)
    report_ids = list(report_ids)
    count_reports(report_ids)
    return len(report_ids)


def _stored(field: str) -> Iterator[tuple[int, dict]]:
    return (
        ReportTerms.objects.values_list("report_id", field).order_by("report_id").iterator(chunk_size=_BATCH)
    )


def build_all(recount: bool = True) -> dict[str, int]:
    """Recount (or count the missing), then recompute the IDF (of public reports), every vector and list."""
    started = time.perf_counter()
    counted = count_all(recount)
    counted_at = time.perf_counter()
    held = _held()
    idf = Idf.over(counts for report_id, counts in _stored("counts") if report_id not in held)
    vectors = {report_id: weighed(counts, idf) for report_id, counts in _stored("counts")}
    neighbourhood = Neighbourhood(vectors, hidden=held)
    entries = [entry for report_id in neighbourhood.vectors for entry in neighbourhood.entries(report_id)]
    frequent = {word: count for word, count in idf.frequencies.items() if count > 1}
    with transaction.atomic():  # only the writes: a report deleted meanwhile is left out
        existing = set(Report.objects.values_list("pk", flat=True)) & set(neighbourhood.vectors)
        entries = [entry for entry in entries if entry.report_id in existing and entry.other_id in existing]
        _save_vectors(neighbourhood, existing)
        TermStatistics.objects.all().delete()
        TermStatistics.objects.create(reports=idf.reports, frequencies=frequent)
        SimilarReport.objects.all().delete()
        SimilarReport.objects.bulk_create(entries, batch_size=_BATCH)
    return {
        "reports": idf.reports,
        "counted": counted,
        "words": len(frequent),
        "entries": len(entries),
        "counting_s": counted_at - started,
        "lists_s": time.perf_counter() - counted_at,
    }


def _held() -> set[int]:
    return set(Report.objects.held().values_list("pk", flat=True))


def _save_vectors(neighbourhood: Neighbourhood, report_ids: set[int]) -> None:
    rows = [
        ReportTerms(report_id=report_id, vector=neighbourhood.vectors[report_id]) for report_id in report_ids
    ]
    ReportTerms.objects.bulk_update(rows, ["vector"], batch_size=_BATCH)


# --- one report changed ----------------------------------------------------------------------------


@contextmanager
def deferred() -> Iterator[None]:
    """Refresh once, at the end of the block, for every report changed inside it (a bulk import).

    One refresh reads every stored vector, so a thousand imports each followed by one would read them
    a thousand times; past a few changes a full build is cheaper (see `refresh_many`).
    """
    if getattr(_state, "deferred", None) is not None:  # inside another block: that one refreshes
        yield
        return
    changed: set[int] = set()
    _state.deferred = changed
    try:
        yield
    finally:
        _state.deferred = None
        refresh_many(changed)


def refresh_many(report_ids: set[int]) -> None:
    """Refresh after many changes: one by one when they are few, else recount them and build everything.

    A refresh costs about one pass over the archive's vectors, a full build about that pass per report
    and less per report the more there are (measured: a build of 300 reports ≈ 6 refreshes).
    """
    if len(report_ids) * FULL_BUILD_SHARE <= Report.objects.count():
        for report_id in sorted(report_ids):
            refresh_report(report_id)
        return
    try:
        count_reports(report_ids)
        build_all(recount=False)
    except Exception:
        log.exception(
            "similar reports: could not rebuild after %s changes; run buildsimilar", len(report_ids)
        )


def refresh_report(report_id: int) -> bool:
    """Bring the stored lists up to date after the report was imported, edited or deleted.

    Called after commit, like the search index: a failure is logged and left for `buildsimilar`.
    Inside `deferred()` it only notes the report for the refresh at the end of the block.
    """
    pending = getattr(_state, "deferred", None)
    if pending is not None:
        pending.add(report_id)
        return True
    try:
        with transaction.atomic():
            _refresh(report_id)
    except Exception:
        log.exception("similar reports: could not refresh report %s; run buildsimilar", report_id)
        return False
    return True


def _needs_full_build(statistics: TermStatistics | None) -> bool:
    if statistics is None:
        return True
    reports = Report.objects.public().count()
    return not statistics.reports / REBUILD_RATIO <= reports <= statistics.reports * REBUILD_RATIO


def _refresh(report_id: int) -> None:
    report = Report.objects.filter(pk=report_id).prefetch_related("sections").first()
    counts = count_words(report) if report else None
    statistics = TermStatistics.objects.order_by("-pk").first()
    if _needs_full_build(statistics):
        if Report.objects.count() <= AUTO_BUILD_MAX_REPORTS:
            build_all(recount=False)
        else:
            log.warning("similar reports: statistics out of date; run buildsimilar (report %s)", report_id)
        return
    vectors = dict(ReportTerms.objects.exclude(report_id=report_id).values_list("report_id", "vector"))
    affected = set(
        SimilarReport.objects.filter(Q(other_id=report_id) | Q(other__isnull=True)).values_list(
            "report_id", flat=True
        )
    )
    if counts is not None:
        vectors[report_id] = weighed(counts, Idf(statistics.reports, statistics.frequencies))
        ReportTerms.objects.filter(report_id=report_id).update(vector=vectors[report_id])
    neighbourhood = Neighbourhood(vectors, hidden=_held())
    if counts is not None:
        if report_id not in neighbourhood.hidden:
            affected |= _lists_it_enters(neighbourhood.score_by_report(vectors[report_id]))
        affected.add(report_id)
    affected &= set(neighbourhood.vectors)
    SimilarReport.objects.filter(report_id__in=affected).delete()
    SimilarReport.objects.bulk_create(
        [entry for list_owner in sorted(affected) for entry in neighbourhood.entries(list_owner)]
    )


def _lists_it_enters(scores: dict[int, float]) -> set[int]:
    """Reports whose list a report with these cosines joins: it beats their last entry, or theirs is short."""
    shown = SimilarReport.objects.filter(other__isnull=False).values("report_id")
    lists = {row["report_id"]: row for row in shown.annotate(lowest=Min("score"), entries=Count("pk"))}
    entering = set()
    for other_id, score in scores.items():
        current = lists.get(other_id)
        if score > 0 and (current is None or current["entries"] < SIMILAR_COUNT or score > current["lowest"]):
            entering.add(other_id)
    return entering
