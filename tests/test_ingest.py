"""The import function: what is stored, what is refused, and that nothing is half-saved."""

import pytest

from reports.api.export import default_corpus_path, export_corpus
from reports.ingest import (
    InputTooLargeError,
    Outcome,
    Overrides,
    ingest_bytes,
    read_limited,
    report_fields,
)
from reports.models import Region, Report, Section
from reports.originals import original_path
from reports.parsing import ParsedReport
from reports.search.sync import search_backend

pytestmark = pytest.mark.django_db

KECHENG = "002_efa49a0a5d5d5787.txt"

NEWS_ITEM = (
    "本报讯 1月26日，政协第五届衢州市柯城区委员会第三次会议开幕。区政协主席叶美峰代表区政协常委会"
    "向大会作工作报告。会议听取和审议了区政协常委会工作报告和提案工作情况报告。记者 张三\n"
).encode()


def stored_files(data_dir):
    return [path for path in (data_dir / "originals").rglob("*") if path.is_file()] if (
        data_dir / "originals").exists() else []


def test_it_stores_a_report_with_its_region_metadata_and_sections(sample_bytes):
    outcome = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)

    report = outcome.report
    assert outcome.status == "ingested"
    assert report.region_id == "330802"
    assert (report.body, report.term, report.session, report.year) == ("政协常委会", 5, 3, 2024)
    assert report.speaker == "叶美峰"
    assert str(report.delivered_on) == "2024-01-27"
    assert report.sections.count() == len(outcome.record["sections"]) > 3
    assert list(report.sections.values_list("position", flat=True)) == list(
        range(1, report.sections.count() + 1))


def test_it_keeps_the_original_bytes_unchanged(sample_bytes):
    outcome = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)

    assert original_path(outcome.report.sha256).read_bytes() == sample_bytes[KECHENG]
    assert outcome.report.original_size == len(sample_bytes[KECHENG])


def test_the_same_original_twice_is_one_report(sample_bytes):
    first = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)
    second = ingest_bytes(sample_bytes[KECHENG], name="copy.txt")

    assert second.status == "duplicate"
    assert second.report.pk == first.report.pk
    assert Report.objects.count() == 1


def test_replacing_keeps_the_report_id_and_rebuilds_the_sections(sample_bytes):
    first = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)
    Section.objects.filter(report=first.report).delete()

    again = ingest_bytes(sample_bytes[KECHENG], name=KECHENG, replace=True)

    assert again.status == "replaced"
    assert again.report.pk == first.report.pk
    assert again.report.sections.count() == len(again.record["sections"]) > 0


def test_a_binary_file_is_refused_and_nothing_is_saved(data_dir):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    outcome = ingest_bytes(png, name="scan.png")

    assert outcome.status == "failed"
    assert "PNG" in outcome.error
    assert Report.objects.count() == 0
    assert stored_files(data_dir) == []


def test_a_news_item_is_refused_as_not_a_report():
    outcome = ingest_bytes(NEWS_ITEM, name="news.txt")

    assert outcome.status == "failed"
    assert outcome.is_report is False
    assert "not a work report" in outcome.error
    assert outcome.refusal_code.startswith("not_report")
    assert Report.objects.count() == 0


def test_gbk_bytes_are_decoded_and_stored(sample_bytes):
    gbk = sample_bytes[KECHENG].decode("utf-8").encode("gb18030")

    outcome = ingest_bytes(gbk, name="gbk.txt")

    assert outcome.status == "ingested"
    assert outcome.report.speaker == "叶美峰"
    assert original_path(outcome.report.sha256).read_bytes() == gbk


def test_an_input_over_the_size_limit_is_refused(settings, sample_bytes):
    settings.UPLOAD_MAX_BYTES = 1024

    outcome = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)

    assert outcome.status == "failed"
    assert "limit" in outcome.error
    assert Report.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 1024
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)

    with pytest.raises(InputTooLargeError, match="over the limit"):
        read_limited(big)


def test_a_failure_while_saving_sections_leaves_no_report(monkeypatch, sample_bytes):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Section.objects, "bulk_create", fail)

    with pytest.raises(RuntimeError):
        ingest_bytes(sample_bytes[KECHENG], name=KECHENG)

    assert Report.objects.count() == 0


def test_a_dry_run_parses_but_saves_nothing(sample_bytes):
    outcome = ingest_bytes(sample_bytes[KECHENG], name=KECHENG, dry_run=True)

    assert outcome.status == "parsed"
    assert outcome.record["adcode"] == "330802"
    assert Report.objects.count() == 0


def test_supplied_year_and_region_override_the_text_with_a_warning(sample_bytes):
    region = Region.objects.get(pk="330106")

    outcome = ingest_bytes(sample_bytes[KECHENG], name=KECHENG, overrides=Overrides(year=2020, region=region))

    assert (outcome.report.year, outcome.report.region_id) == (2020, "330106")
    assert outcome.record["year_source"] == "supplied"
    assert outcome.record["county"] == region.name
    codes = [warning["code"] for warning in outcome.report.warnings]
    assert "year.supplied" in codes and "region.supplied" in codes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \r\n\t \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)), "PDF"),
        (bytes(range(128, 256)) * 40, ""),
    ],
    ids=["empty", "whitespace", "pdf", "undecodable"],
)
def test_bad_inputs_get_a_clear_error_and_save_nothing(data, reason, data_dir):
    outcome = ingest_bytes(data, name="bad.txt")

    assert outcome.status == "failed"
    assert outcome.error
    assert reason.lower() in outcome.error.lower()
    assert Report.objects.count() == 0
    assert stored_files(data_dir) == []


def test_an_html_page_is_stored_as_text_never_as_markup(sample_bytes):
    body = sample_bytes[KECHENG].decode("utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line.strip())
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>柯城新闻网</title>"
        "<script>var tracker = 1;</script><style>p{color:red}</style></head>"
        f"<body><div class='nav'>首页 &gt; 要闻</div><div class='article'>{paragraphs}</div></body></html>"
    ).encode()

    outcome = ingest_bytes(page, name="page.html")

    assert outcome.status == "ingested", outcome.error
    assert outcome.report.speaker == "叶美峰"
    assert "<p>" not in outcome.report.text
    assert "tracker" not in outcome.report.text


def test_an_inferred_year_is_stored_beside_an_empty_year(sample_bytes, monkeypatch):
    parsed = ParsedReport(title="某区政协常委会工作报告", text="正文。", year_inferred=2023)
    parsed.warn("year.inferred", "year 2023 inferred from the 2022年工作回顾 heading")
    monkeypatch.setattr("reports.ingest.parse_bytes", lambda data: parsed)

    report = ingest_bytes(b"any text", name="inferred.txt").report

    assert (report.year, report.year_inferred, report.filed_year, report.year_is_inferred) == (
        None, 2023, 2023, True
    )
    assert report.warnings == [{"code": "year.inferred", "message": parsed.warnings[0].message}]


def test_a_region_missing_from_the_table_is_a_coded_warning():
    record = {**ParsedReport(text="正文。").to_dict(), "adcode": "999999"}

    fields = report_fields(record)

    assert fields["region"] is None
    assert [warning["code"] for warning in fields["warnings"]] == ["region.not_loaded"]


def test_a_refusal_carries_its_code_next_to_the_error_in_json():
    refused = Outcome("news.txt", "failed", error="not a work report: news", is_report=False,
                      refusal_code="not_report.news")

    as_json = refused.as_json()

    assert as_json["refusal"] == {"code": "not_report.news", "message": "not a work report: news"}
    assert as_json["error"] == "not a work report: news"
    assert Outcome("x.txt", "failed", error="empty").as_json()["refusal"] is None



YUYAO = "004_4526f7b01d67e9ca.txt"
WENLING = "001_fc35c23ccbbbedf1.txt"


def test_a_report_is_published_unless_held(sample_bytes):
    published = ingest_bytes(sample_bytes[KECHENG], name=KECHENG)
    held = ingest_bytes(sample_bytes[YUYAO], name=YUYAO, hold=True)

    assert (published.report.is_held, published.as_json()["held"]) == (False, False)
    assert (held.report.is_held, held.as_json()["held"]) == (True, True)
    assert list(Report.objects.public()) == [published.report]


def test_a_held_report_is_never_indexed(sample_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest_bytes(sample_bytes[KECHENG], name=KECHENG, hold=True)

    assert search_backend().document_count() == 0


def test_replacing_keeps_a_held_report_held_and_hold_holds_a_public_one(sample_bytes):
    held = ingest_bytes(sample_bytes[KECHENG], name=KECHENG, hold=True).report
    public = ingest_bytes(sample_bytes[YUYAO], name=YUYAO).report

    ingest_bytes(sample_bytes[KECHENG], name=KECHENG, replace=True)
    rehold = ingest_bytes(sample_bytes[YUYAO], name=YUYAO, replace=True, hold=True)

    assert Report.objects.get(pk=held.pk).is_held
    assert rehold.report.pk == public.pk and rehold.report.is_held
    assert Report.objects.get(pk=public.pk).is_held


def test_holding_a_stored_report_on_reimport_withdraws_the_corpus(
    sample_bytes, django_capture_on_commit_callbacks
):
    ingest_bytes(sample_bytes[YUYAO], name=YUYAO)
    export_corpus()
    with django_capture_on_commit_callbacks(execute=True):
        ingest_bytes(sample_bytes[WENLING], name=WENLING, hold=True)  # new, so in no corpus yet
    assert default_corpus_path().exists()

    with django_capture_on_commit_callbacks(execute=True):
        ingest_bytes(sample_bytes[YUYAO], name=YUYAO, replace=True, hold=True)

    assert not default_corpus_path().exists()
