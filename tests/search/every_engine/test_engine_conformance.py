"""Every engine of settings.SEARCH_ENGINES keeps the contract of `reports.search.engines.base`, the same way.

Each test runs once per engine, whatever ARCHIVE_SEARCH_ENGINE says, on an index of its own in the test's
folder: conftest's `search_index_path` is taken over here. Tests of one engine's internals live in
tests/search/engines/ and run on that engine only.
"""

import fcntl
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reports.benchmark.engines import using_engine
from reports.ingest import import_report, ingest_bytes
from reports.models import Region, Report, Section
from reports.parsing import parse_bytes
from reports.search import sync
from reports.search.engines.base import SearchBackend, report_hits_from_matches
from reports.search.query import parse_query
from reports.search.service import SearchParams, matching_sections, search
from reports.search_indexes import SectionIndex
from tests.factories import make_report
from tests.reliability.processes import (
    Barrier,
    finish,
    shared_site,
    write_lock_held,
    write_lock_path,
    write_marked_reports,
)
from tests.search.cases import CASES, TEXTS, all_pages, stored_truth, truth, unsaved_sections


@pytest.fixture
def backend(search_index_path) -> SearchBackend:
    return connections["default"].get_backend()


def indexed(backend: SearchBackend, sections: list[Section]) -> SearchBackend:
    backend.update(SectionIndex(), sections)
    return backend


def section_ids(backend: SearchBackend, raw: str, **filters) -> set[int]:
    return {match.section_id for match in backend.exact_search(parse_query(raw), **filters)}


@pytest.fixture
def texts_index(backend) -> SearchBackend:
    return indexed(backend, unsaved_sections(TEXTS))


def test_the_engine_offers_the_whole_contract(backend, engine):
    assert type(backend).__module__ == f"reports.search.engines.{engine}.backend"
    assert isinstance(backend, SearchBackend)


# --- exact matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_a_query_finds_exactly_the_sections_that_contain_it(texts_index, raw, expected):
    assert truth(TEXTS, raw) == expected
    assert section_ids(texts_index, raw) == expected
    hits = texts_index.report_hits(parse_query(raw))  # section n is in report n
    assert (set(hits.columns.report_ids.tolist()), hits.section_count) == (expected, len(expected))


def test_a_query_without_a_positive_term_finds_nothing(texts_index):
    for raw in ["-协商", "( * ?", ""]:
        assert section_ids(texts_index, raw) == set()
        assert texts_index.report_hits(parse_query(raw)).report_count == 0


def test_a_phrase_with_a_space_is_a_superset_until_verified(texts_index):
    assert parse_query('"协商 民主"').needs_verification
    assert section_ids(texts_index, '"协商 民主"') >= truth(TEXTS, '"协商 民主"') == {8}


@pytest.mark.parametrize("raw", ["主 -民", '-民"主', "主 -民主"])
def test_an_excluded_term_excludes_the_first_matching_section_too(backend, raw):
    texts = ["民", "主民", "主", "民主民", "主x"]
    assert section_ids(indexed(backend, unsaved_sections(texts)), raw) == truth(texts, raw)


@pytest.mark.parametrize("term", ["协商民主", "请你来协商", "商民", "协商民"])
def test_a_term_never_matches_across_a_space(backend, term):
    sections = unsaved_sections(["协商 民主", "请你来 协商", "请你来协商民主"])
    assert section_ids(indexed(backend, sections), term) == {2}


def test_jieba_words_rank_a_whole_word_first(backend):
    # Both contain 会客; only in the second is it a word (大会|客观 in the first).
    indexed(backend, unsaved_sections(["大会客观公正", "欢迎会客来访"]))
    assert [match.section_id for match in backend.exact_search(parse_query("会客"))] == [1, 0]


_ALPHABET = "协商民主议事堂 ，"


@hypothesis_settings(max_examples=30, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=_ALPHABET, min_size=0, max_size=30), min_size=1, max_size=8),
    raw=st.text(alphabet=_ALPHABET + '"-', min_size=1, max_size=12),
)
def test_any_query_on_any_text_matches_the_brute_force_scan(engine, texts, raw):
    with tempfile.TemporaryDirectory() as folder, using_engine(engine, Path(folder)):
        found = section_ids(indexed(connections["default"].get_backend(), unsaved_sections(texts)), raw)
    if parse_query(raw).needs_verification:
        assert found >= truth(texts, raw)
    else:
        assert found == truth(texts, raw)


# --- filters and report hits -------------------------------------------------------------------------

KECHENG, KAIHUA = ["330000", "330800", "330802"], ["330000", "330800", "330824"]
WENZHOU = ["330000", "330300"]


@pytest.fixture
def filtered_index(backend) -> SearchBackend:
    return indexed(
        backend,
        unsaved_sections(
            ["协商一", "协商二", "协商三", "协商四", "委员五"],
            report_ids=[10, 10, 11, 12, 12],
            years=[2019, 2019, 2023, None, None],
            regions=[KECHENG, KECHENG, WENZHOU, KAIHUA, KAIHUA],
            bodies=["政协常委会", "政协常委会", "政协常委会", "人大常委会", "人大常委会"],
        ),
    )


def test_filters_by_region_at_any_level_year_range_and_body(filtered_index):
    assert section_ids(filtered_index, "协商", region="330802") == {0, 1}
    assert section_ids(filtered_index, "协商", region="330800") == {0, 1, 3}
    assert section_ids(filtered_index, "协商", region="330000") == {0, 1, 2, 3}
    assert section_ids(filtered_index, "协商", year_from=2020) == {2}
    assert section_ids(filtered_index, "协商", year_from=2019, year_to=2019) == {0, 1}
    assert section_ids(filtered_index, "协商", year_to=2030, body="政协常委会") == {0, 1, 2}
    assert section_ids(filtered_index, "协商", body="人大常委会") == {3}
    assert section_ids(filtered_index, "协商", body="政府") == set()
    match = filtered_index.exact_search(parse_query("协商一"))[0]
    assert (match.report_id, match.year, match.regions) == (10, 2019, tuple(KECHENG))


def test_an_empty_query_with_a_filter_lists_every_section_it_allows(filtered_index):
    assert section_ids(filtered_index, "", region="330824") == {3, 4}
    assert section_ids(filtered_index, "", year_from=2020) == {2}
    assert section_ids(filtered_index, "") == set()


@pytest.mark.parametrize("raw", ["协商", "委员 OR 协商", "协商一", "议事堂", ""])
@pytest.mark.parametrize("filters", [{}, {"region": "330800"}, {"year_to": 2020}, {"body": "人大常委会"}])
def test_report_hits_are_the_reports_of_the_matching_sections(filtered_index, raw, filters):
    query = parse_query(raw)
    matches = filtered_index.exact_search(query, **filters)
    expected, hits = report_hits_from_matches(matches), filtered_index.report_hits(query, wanted=1, **filters)

    def rows(columns):
        lists = (columns.report_ids.tolist(), columns.years.tolist(), columns.regions.tolist())
        return sorted((report, year, tuple(lineage)) for report, year, lineage in zip(*lists, strict=True))

    assert rows(hits.columns) == rows(expected.columns)
    assert hits.section_count == len(matches)
    if query.is_empty:  # nothing is ranked, no section is shown
        return
    report_ids = sorted(set(expected.columns.report_ids.tolist()))
    for report_id, sections in hits.best_sections(report_ids, 3).items():
        assert set(sections) == {match.section_id for match in matches if match.report_id == report_id}
    for report_id, score in hits.best_scores(len(report_ids)).items():
        assert score == pytest.approx(max(match.score for match in matches if match.report_id == report_id))


# --- writes ------------------------------------------------------------------------------------------


def test_a_second_backend_sees_each_commit_as_another_process_would(backend, search_index_path):
    other = type(backend)("default", PATH=str(search_index_path))
    indexed(other, unsaved_sections(["第一次写入"]))
    assert section_ids(backend, "写入") == {0}
    other.update(SectionIndex(), unsaved_sections(["第二次写入"], first=1))
    assert section_ids(backend, "写入") == {0, 1}
    other.remove_report(0)
    assert section_ids(backend, "写入") == {1} and backend.document_count() == 1


def test_reindexing_a_section_replaces_its_document(backend):
    indexed(backend, unsaved_sections(["旧的内容"]))
    indexed(backend, unsaved_sections(["新的内容"]))
    assert section_ids(backend, "内容") == {0} and section_ids(backend, "旧的") == set()
    assert backend.document_count() == 1


def test_replace_report_swaps_every_document_of_the_report(backend):
    old = unsaved_sections(["旧甲", "旧乙", "别的报告"], report_ids=[5, 5, 6])
    indexed(backend, old)
    backend.replace_report(SectionIndex(), 5, unsaved_sections(["新甲"], report_ids=[5]))
    assert section_ids(backend, "旧") == set() and section_ids(backend, "新甲") == {0}
    assert backend.document_count() == 2
    backend.remove(f"reports.section.{old[2].pk}")
    assert section_ids(backend, "报告") == set() and backend.document_count() == 1


def test_clear_empties_the_index_for_every_reader(backend, search_index_path):
    indexed(backend, unsaved_sections(["将被清空"]))
    type(backend)("default", PATH=str(search_index_path)).clear()  # another process's backend
    assert section_ids(backend, "清空") == set() and backend.document_count() == 0
    indexed(backend, unsaved_sections(["清空之后"]))
    assert section_ids(backend, "清空") == {0}


def test_each_document_carries_the_digest_it_was_indexed_with(backend):
    sections = unsaved_sections(["甲", "乙"], years=[2020, None])
    indexed(backend, sections)
    assert backend.document_digests() == {
        section.pk: SectionIndex().full_prepare(section)["digest"] for section in sections
    }


def test_the_sections_are_read_once_the_write_lock_is_held(backend, engine, search_index_path):
    held = []

    class Sections:
        def __iter__(self):
            held.append(write_lock_held(search_index_path, engine))
            return iter([])

    backend.replace_report(SectionIndex(), 1, Sections())
    assert held == [True]
    assert write_lock_held(search_index_path, engine) is False


def test_a_write_waits_for_another_writer_to_finish(db, backend, engine, search_index_path):
    report = make_report(sections=[("一", "等待写锁的报告")])
    search_index_path.mkdir(parents=True, exist_ok=True)
    with open(write_lock_path(search_index_path, engine), "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another process's writer
        threading.Timer(0.5, fcntl.flock, (other, fcntl.LOCK_UN)).start()
        started = time.monotonic()
        assert sync.index_report(report) is True
        assert time.monotonic() - started >= 0.4
    assert {match.report_id for match in backend.exact_search(parse_query("写锁"))} == {report.pk}


def test_two_writers_in_two_processes_both_land(engine, tmp_path):
    markers = {"first": ["并发甲一号", "并发甲二号"], "second": ["并发乙一号", "并发乙二号"]}
    with shared_site(tmp_path, engine) as site:
        for name, names in markers.items():
            write_marked_reports(tmp_path / name, names)
        barrier = Barrier(tmp_path / "barrier")
        writers = {
            name: site.start("manage", "ingest", str(tmp_path / name), barrier=barrier) for name in markers
        }
        barrier.release()
        for name, process in writers.items():
            result = finish(process, (name,))
            assert result.returncode == 0, result.stderr[-3000:]
            assert "2 ingested, 0 duplicate, 0 failed" in result.stdout
        found = site.run("find", *markers["first"], *markers["second"]).last_json()
        assert all(len(report_ids) == 1 for report_ids in found["found"].values()), found
        assert sorted(report_ids[0] for report_ids in found["found"].values()) == found["reports"]
        check = site.checkindex()
    assert check.returncode == 0, check.stdout
    assert check.last_json()["check"]["in_sync"]


# --- through the service, on the samples -------------------------------------------------------------

QUERIES = ["事堂", "生议", "商品牌", "情民意", "柯城", "议事堂建设", "数字化改革", "委员会客厅", "委员会客"]
QUERIES += ["协商 民主", '"请你来协商"', '"协商 民主"', "议事堂 OR 会客厅", "协商 -议事堂", "協商"]
QUERIES += ["ＧＤＰ", "２０２４年", "委员", "政协"]


def found(raw: str, **params) -> set[int]:
    return {hit.report.pk for hit in search(SearchParams(q=raw, **params)).results}


def test_the_result_set_is_exactly_the_substring_scan(indexed_samples):
    counts = {raw: len(stored_truth(raw)) for raw in QUERIES}
    assert counts["议事堂建设"] == 0 and 0 < len(stored_truth("协商 -议事堂")) < len(stored_truth("协商"))
    assert all(counts[raw] > 0 for raw in ("事堂", "生议", "商品牌", "情民意", "柯城", "委员会客", "協商"))
    wrong = []
    for raw in QUERIES:  # one index for all queries: building it is the slow part of each test
        expected = stored_truth(raw)
        results = search(SearchParams(q=raw))
        matched = {match.section_id for match in matching_sections(parse_query(raw), SearchParams(q=raw))}
        expected_reports = set(Section.objects.filter(pk__in=expected).values_list("report_id", flat=True))
        shown_reports = {hit.report.pk for hit in all_pages(SearchParams(q=raw))}
        if (matched, results.section_count, results.report_count, shown_reports) != (
            expected,
            len(expected),
            len(expected_reports),
            expected_reports,
        ):
            wrong.append(raw)
    assert wrong == []


def _region(adcode: str) -> Region:
    return Region.objects.get(pk=adcode)


def _reports_in(adcode: str) -> set[int]:
    region = _region(adcode)
    return {
        report.pk for report in Report.objects.all() if report.region and region in report.region.lineage()
    }


def test_a_region_filter_at_any_level_keeps_its_reports_and_lower_levels(indexed_samples):
    everywhere = found("政协")
    for adcode in ["330000", "330800", "330802", "330300"]:
        results = search(SearchParams(q="政协", region=_region(adcode)))
        expected = _reports_in(adcode) & everywhere
        assert ({hit.report.pk for hit in results.results}, results.report_count) == (expected, len(expected))
    kecheng = Report.objects.get(region_id="330802")
    assert all(kecheng.pk in found("协商", region=_region(code)) for code in ("330000", "330800", "330802"))
    assert kecheng.pk not in found("协商", region=_region("330300"))


def test_year_range_body_and_their_combination(indexed_samples):
    year = max(report.filed_year for report in indexed_samples if report.filed_year)
    in_year = {report.pk for report in indexed_samples if report.filed_year == year}
    assert found("政协", year_from=year, year_to=year) == in_year
    older = {report.pk for report in indexed_samples if report.filed_year and report.filed_year < year}
    assert found("政协", year_to=year - 1) == older
    assert search(SearchParams(q="政协", body="政府")).report_count == 0
    cppcc = {report.pk for report in indexed_samples if report.body == "政协常委会"}
    assert found("政协", body="政协常委会") == cppcc
    assert found("政协", body="政协常委会", year_from=year, region=_region("330000")) == cppcc & in_year


def test_facets_count_reports_over_the_whole_result_set(indexed_samples):
    raw = "协商"
    report_ids = set(Section.objects.filter(pk__in=stored_truth(raw)).values_list("report_id", flat=True))
    reports = Report.objects.filter(pk__in=report_ids).select_related("region__parent__parent")
    results = search(SearchParams(q=raw))
    filed = Counter(report.filed_year for report in reports if report.filed_year)
    assert results.facets["year"] == dict(filed)
    provinces = Counter(report.region.lineage()[0].adcode for report in reports if report.region)
    assert {region.adcode: count for region, count in results.facets["region"]} == dict(provinces)
    in_zhejiang = search(SearchParams(q=raw, region=_region("330000")))
    prefectures = Counter(report.region.lineage()[1].adcode for report in reports if report.region)
    assert {region.adcode: count for region, count in in_zhejiang.facets["region"]} == dict(prefectures)
    in_quzhou = search(SearchParams(q=raw, region=_region("330800")))
    assert [(region.adcode, count) for region, count in in_quzhou.facets["region"]] == [("330802", 1)]


@pytest.mark.parametrize("raw", ["协商", "事堂"])
def test_each_report_shows_its_best_sections_with_marked_snippets(indexed_samples, raw):
    results = search(SearchParams(q=raw))
    assert results.results
    for hit in results.results:
        assert 1 <= len(hit.sections) <= 3
        for section in hit.sections:
            assert f"<mark>{raw}</mark>" in section.snippet_html
            assert section.url == f"{hit.report.get_absolute_url()}#s{section.position}"


def test_an_empty_query_with_a_filter_lists_reports_without_snippets(indexed_samples):
    results = search(SearchParams(region=_region("330800")))
    assert {hit.report.pk for hit in results.results} == _reports_in("330800")
    assert all(hit.sections == [] for hit in results.results)
    assert search(SearchParams()).report_count == 0
    assert search(SearchParams(q="-协商")).report_count == 0


# --- the index follows the database (reports.search.sync) -------------------------------------------


def test_an_ingested_report_is_searchable_at_once(db, sample_bytes, django_capture_on_commit_callbacks):
    name, data = next(iter(sample_bytes.items()))
    assert found("政协") == set()
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_bytes(data, name=name).report
    assert found("政协") == {report.pk}


def test_a_replaced_report_loses_its_old_text(db, sample_bytes, django_capture_on_commit_callbacks):
    name, data = sorted(sample_bytes.items())[2]  # the 柯城区 report
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_bytes(data, name=name).report
    assert found("柯城") == {report.pk}
    changed = data.decode("utf-8").replace("柯城", "新城").replace("各位委员", "各位委员，替换标记").encode()
    parsed = parse_bytes(changed)
    with django_capture_on_commit_callbacks(execute=True):
        import_report(parsed, parsed.to_dict(), original=changed, name=name, existing=report)
    assert found("柯城") == set()
    assert found("新城") == {report.pk}
    assert (
        search(SearchParams(q="新城")).section_count == Section.objects.filter(text__contains="新城").count()
    )


def test_a_deleted_report_is_gone(indexed_samples, django_capture_on_commit_callbacks):
    report = indexed_samples[0]
    assert report.pk in found("政协")
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert report.pk is None and len(found("政协")) == len(indexed_samples) - 1


def test_an_edited_section_is_found_by_its_new_text_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(sections=[("一", "旧的文字甲乙"), ("二", "不变的文字")])
    section = report.sections.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        section.text = "新的文字丙丁"
        section.save()
    assert found("甲乙") == set()
    assert found("丙丁") == {report.pk}
    assert found("不变") == {report.pk}


def test_a_deleted_section_is_gone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(sections=[("一", "留下的段落"), ("二", "删去的段落")])
    with django_capture_on_commit_callbacks(execute=True):
        report.sections.get(position=2).delete()
    assert found("删去") == set() and found("留下") == {report.pk}


def test_changed_metadata_reaches_the_filters(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(year=2020)
    with django_capture_on_commit_callbacks(execute=True):
        report.year = 2023
        report.save()
    assert search(SearchParams(q="协商", year_from=2023)).report_count == 1
    assert search(SearchParams(q="协商", year_to=2022)).report_count == 0


def test_unindex_report_removes_its_documents(db):
    report = make_report(sections=[("一", "将被移除的段落")])
    sync.index_report(report)
    assert found("移除") == {report.pk}
    assert sync.unindex_report(report.pk, report.sections.values_list("pk", flat=True)) is True
    assert found("移除") == set()


def test_rebuild_index_restores_the_results_from_the_database(indexed_samples):
    before = search(SearchParams(q="协商"))
    call_command("clear_index", interactive=False, verbosity=0)
    assert search(SearchParams(q="协商")).report_count == 0
    call_command("rebuild_index", interactive=False, verbosity=0)
    after = search(SearchParams(q="协商"))
    assert (after.report_count, after.section_count) == (before.report_count, before.section_count) != (0, 0)
