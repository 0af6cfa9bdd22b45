"""Similar reports: the full build, the refresh after an import, edit or delete, the page, the command."""

import io
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.core.management import call_command

from reports.models import Report, ReportTerms, SimilarReport, TermStatistics
from reports.research import similar
from reports.research.similar import Neighbourhood, build_all, refresh_report, similar_reports
from reports.search import sync
from tests.factories import make_report

pytestmark = pytest.mark.django_db

COMMON = "政协委员积极参政议政，围绕中心服务大局。"
TOPICS = {
    "tea": "茶叶产业园建设加快推进，茶农收入稳步增长，民生议事堂议出茶叶品牌。",
    "port": "港口物流枢纽建设提速，集装箱吞吐量创新高，港航服务业集聚发展。",
    "forest": "森林覆盖率持续提高，林下经济蓬勃发展，生态公益林管护全面加强。",
    "health": "医疗卫生服务体系不断完善，基层医院诊疗能力提升，家庭医生签约扩面。",
    "school": "教育资源均衡配置，新建中小学校舍，教师队伍建设得到加强。",
    "river": "河长制落实落细，水环境治理见效，美丽河湖创建成果丰硕。",
    "culture": "文化礼堂覆盖全部行政村，非遗传承人队伍壮大，书香政协品牌打响。",
}
REGIONS = ["330802", "330803", "330304", "330802", "330803", "330304", "330802"]


def topic_sections(*topics: str) -> list[tuple[str, str]]:
    return [("一、工作回顾", COMMON + "".join(TOPICS[topic] for topic in topics))]


@pytest.fixture
def archive():
    """One report per topic, a near-duplicate of the tea report, and a report on tea and rivers.

    Made as a bulk load is (no after-commit work queued): each test builds or refreshes itself.
    """
    with sync.paused():
        reports = {
            topic: make_report(region, year=2015 + number, sections=topic_sections(topic))
            for number, (topic, region) in enumerate(zip(TOPICS, REGIONS, strict=True))
        }
        reports["tea-copy"] = make_report(
            "330803", year=2024, body="政府", sections=topic_sections("tea") + [("二、今后", "乡村振兴。")]
        )
        reports["tea-river"] = make_report("330304", year=2023, sections=topic_sections("tea", "river"))
    return reports


def listed(report: Report) -> list[int]:
    return [entry.other_id for entry in similar_reports(report)]


def test_a_near_duplicate_is_the_most_similar_report(archive):
    build_all()
    assert listed(archive["tea"])[0] == archive["tea-copy"].pk
    assert listed(archive["tea-copy"])[0] == archive["tea"].pk
    assert listed(archive["tea"])[1] == archive["tea-river"].pk


def test_a_report_is_never_its_own_similar_report_and_lists_hold_five(archive):
    build_all()
    for report in archive.values():
        ids = listed(report)
        assert report.pk not in ids
        assert len(ids) == len(set(ids)) <= 5
    assert len(listed(archive["tea"])) == 5


def test_a_report_with_only_words_every_report_has_has_an_empty_list(archive):
    plain = make_report("330802", sections=[("一、工作回顾", COMMON)])
    build_all()
    assert listed(plain) == []
    assert plain.pk not in listed(archive["tea"])


def test_entries_carry_the_shared_distinctive_words(archive):
    build_all()
    entry = similar_reports(archive["tea"])[0]
    assert "茶叶" in entry.shared_words
    assert "参政议政" not in entry.shared_words  # in every report: no weight
    assert 0 < entry.score < 1


def test_the_build_stores_counts_vectors_and_statistics(archive):
    figures = build_all()
    assert figures["reports"] == len(archive) == ReportTerms.objects.count()
    statistics = TermStatistics.objects.get()
    assert statistics.reports == len(archive)
    assert statistics.frequencies["茶叶"] == 3
    assert "港口" not in statistics.frequencies  # in one report only: left out, counts as one
    terms = ReportTerms.objects.get(report=archive["tea"])
    assert terms.counts["茶叶"] == 2
    everywhere = set.intersection(*(set(row.counts) for row in ReportTerms.objects.all()))
    assert "参政议政" in everywhere
    assert set(terms.vector) == set(terms.counts) - everywhere  # a word in every report weighs nothing


def test_a_stored_vector_keeps_its_heaviest_words_at_unit_length(archive, monkeypatch):
    build_all()
    whole = ReportTerms.objects.get(report=archive["tea-river"]).vector
    monkeypatch.setattr(similar, "VECTOR_WORDS", 5)

    build_all()

    kept = ReportTerms.objects.get(report=archive["tea-river"]).vector
    heaviest_five = sorted(whole, key=lambda word: (-whole[word], word))[:5]
    assert len(whole) > 5 and sorted(kept) == sorted(heaviest_five)
    assert sum(weight * weight for weight in kept.values()) == pytest.approx(1.0)
    assert all(len(row.vector) <= 5 for row in ReportTerms.objects.all())
    assert listed(archive["tea"])[0] == archive["tea-copy"].pk  # the nearest report is still found


def test_counting_in_parallel_processes_stores_the_same_counts(archive, monkeypatch):
    build_all()
    serial = dict(ReportTerms.objects.values_list("report_id", "counts"))
    ReportTerms.objects.all().delete()
    monkeypatch.setattr(similar, "PARALLEL_FROM", 1)
    monkeypatch.setattr(similar.os, "cpu_count", lambda: 2)
    pools = []

    class RecordingPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs["mp_context"].get_start_method())
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(similar, "ProcessPoolExecutor", RecordingPool)

    build_all()

    assert pools == ["spawn"]
    assert dict(ReportTerms.objects.values_list("report_id", "counts")) == serial


def test_a_deleted_report_is_never_shown(archive):
    build_all()
    copy_id = archive["tea-copy"].pk
    archive["tea-copy"].delete()  # no after-commit work has run yet
    assert copy_id not in listed(archive["tea"])
    assert SimilarReport.objects.filter(other__isnull=True).exists()


def test_after_a_delete_the_lists_that_held_it_are_refilled(archive, django_capture_on_commit_callbacks):
    build_all()
    before = listed(archive["tea"])
    assert before[0] == archive["tea-copy"].pk
    copy_id = before[0]
    with django_capture_on_commit_callbacks(execute=True):
        archive["tea-copy"].delete()
    assert listed(archive["tea"]) == before[1:]  # the next one had no positive score
    assert not SimilarReport.objects.filter(other__isnull=True).exists()
    assert not SimilarReport.objects.filter(report_id=copy_id).exists()


def test_the_lists_follow_an_edit_after_commit(archive, django_capture_on_commit_callbacks):
    build_all()
    tea = archive["tea"]
    outsider = next(report for report in archive.values() if report.pk not in [tea.pk, *listed(tea)])
    section = outsider.sections.get()
    section.text = COMMON + TOPICS["tea"]  # now the same text as the tea report
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    assert listed(tea)[0] == outsider.pk
    assert listed(outsider)[0] == tea.pk
    assert "茶叶" in ReportTerms.objects.get(report=outsider).counts


def test_after_an_edit_every_list_is_what_a_full_search_over_the_vectors_gives(
    archive, django_capture_on_commit_callbacks
):
    build_all()
    section = archive["forest"].sections.get()
    section.text = COMMON + TOPICS["tea"] + TOPICS["port"]
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
    everything = Neighbourhood(dict(ReportTerms.objects.values_list("report_id", "vector")))
    for report in archive.values():
        assert listed(report) == [other_id for other_id, _score in everything.nearest(report.pk)]


def test_a_new_report_gets_its_list_and_enters_others_after_commit(
    archive, django_capture_on_commit_callbacks
):
    build_all()
    with django_capture_on_commit_callbacks(execute=True):
        port_copy = make_report("330802", year=2025, sections=topic_sections("port"))
    assert listed(port_copy)[0] == archive["port"].pk
    assert listed(archive["port"])[0] == port_copy.pk


def test_without_statistics_the_first_refresh_builds_everything(archive):
    assert refresh_report(archive["tea"].pk)
    assert TermStatistics.objects.get().reports == len(archive)
    assert listed(archive["tea"])[0] == archive["tea-copy"].pk


def test_on_a_large_archive_a_refresh_leaves_the_full_build_to_the_command(archive, monkeypatch, caplog):
    monkeypatch.setattr(similar, "AUTO_BUILD_MAX_REPORTS", len(archive) - 1)
    assert refresh_report(archive["tea"].pk)
    assert not TermStatistics.objects.exists() and not SimilarReport.objects.exists()
    assert "run buildsimilar" in caplog.text


def test_the_samples_get_lists_as_they_are_imported(indexed_samples):
    for report in indexed_samples:
        entries = similar_reports(report)
        assert entries, report.title
        assert all(entry.other_id != report.pk and entry.shared_words for entry in entries)


def test_the_report_page_shows_the_similar_reports(client, archive):
    build_all()
    page = client.get(archive["tea"].get_absolute_url()).content.decode()
    copy = archive["tea-copy"]
    assert '<h2 id="similar-title">相似报告</h2>' in page
    assert f'<a href="{copy.get_absolute_url()}">{copy.title}</a>' in page
    assert "<span>衢江区</span>\n        <span>2024</span>\n        <span>政府</span>" in page
    assert f'<a href="/compare/{archive["tea"].pk}/{copy.pk}/">比较</a>' in page
    assert "共同特征词：" in page and "茶叶" in page


def test_the_report_page_has_no_list_before_anything_is_built(client, archive):
    page = client.get(archive["tea"].get_absolute_url()).content.decode()
    assert "相似报告" not in page


def test_the_command_rebuilds_everything(archive):
    SimilarReport.objects.all().delete()
    output = io.StringIO()
    call_command("buildsimilar", stdout=output)
    assert f"{len(archive)} reports ({len(archive)} counted)" in output.getvalue()
    assert "(counting " in output.getvalue() and "vectors and lists " in output.getvalue()
    assert listed(archive["tea"])[0] == archive["tea-copy"].pk


def test_the_command_can_keep_the_stored_counts(archive):
    build_all()
    ReportTerms.objects.filter(report=archive["tea"]).update(counts={"港口": 1, "集装箱": 3})
    call_command("buildsimilar", "--keep-counts", stdout=io.StringIO())
    assert listed(archive["tea"])[0] == archive["port"].pk


def _make_tea_text(report: Report) -> None:
    section = report.sections.get()
    section.text = COMMON + TOPICS["tea"]
    section.save()


@pytest.mark.parametrize("full_build_share", [1, 50], ids=["one-by-one", "full-build"])
def test_inside_deferred_the_lists_are_refreshed_once_at_the_end(
    archive, django_capture_on_commit_callbacks, monkeypatch, full_build_share
):
    monkeypatch.setattr(similar, "FULL_BUILD_SHARE", full_build_share)
    build_all()
    tea, before = archive["tea"], listed(archive["tea"])
    outsiders = [report for report in archive.values() if report.pk not in [tea.pk, *before]][:2]
    with similar.deferred():
        for outsider in outsiders:
            with django_capture_on_commit_callbacks(execute=True):
                _make_tea_text(outsider)
        assert listed(tea) == before
    assert set(listed(tea)[:2]) == {outsider.pk for outsider in outsiders}
    everything = Neighbourhood(dict(ReportTerms.objects.values_list("report_id", "vector")))
    for report in archive.values():
        assert listed(report) == [other_id for other_id, _score in everything.nearest(report.pk)]


def test_the_ingest_command_refreshes_once_after_the_last_file(db, sample_paths, monkeypatch):
    refreshed = []
    monkeypatch.setattr(similar, "refresh_many", lambda report_ids: refreshed.append(set(report_ids)))
    call_command("ingest", *map(str, sample_paths), stdout=io.StringIO())
    assert refreshed == [set()]  # in a test the commits, and so their callbacks, never happen


def test_a_deferred_block_inside_another_leaves_the_refresh_to_the_outer_one(monkeypatch):
    refreshed = []
    monkeypatch.setattr(similar, "refresh_many", lambda report_ids: refreshed.append(set(report_ids)))
    with similar.deferred():
        with similar.deferred():
            refresh_report(7)
        assert refreshed == []
        refresh_report(8)
    assert refreshed == [{7, 8}]
