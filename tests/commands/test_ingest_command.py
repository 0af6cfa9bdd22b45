"""The ingest command: wiring, exit status, JSON contract, idempotence."""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report
from reports.search.service import SearchParams, search
from tests.test_ingest import NEWS_ITEM

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "file", "ok", "error", "refusal", "is_report", "title", "body", "level", "province", "prefecture",
    "county", "adcode", "term", "session", "date", "year", "year_source", "year_inferred", "reviewed_year",
    "speaker", "is_abstract", "is_complete", "source", "sections", "warnings",
}

# The issue's table of how the five samples must come out; the year is the one each is filed under
# (stated, else inferred from the year under review).
EXPECTED = {
    "000": ("浙江省", "温州市", "瓯海区", "政协常委会", 10, 4, "2025-02-08", 2025, "金衍光", False),
    "001": ("浙江省", "台州市", "温岭市", "政协常委会", 14, None, None, None, None, True),
    "002": ("浙江省", "衢州市", "柯城区", "政协常委会", 5, 3, "2024-01-27", 2024, "叶美峰", True),
    "003": ("浙江省", "舟山市", "定海区", "政协常委会", 7, None, None, 2023, None, False),
    "004": ("浙江省", "宁波市", "余姚市", "政协常委会", 14, None, None, 2024, "陈长锋", True),
}


def run_ingest(*args):
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def json_lines(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_it_ingests_a_folder_and_prints_a_summary(sample_paths):
    status, out, _ = run_ingest(str(sample_paths[0].parent))

    assert status == 0
    assert "5 ingested, 0 duplicate, 0 failed" in out
    assert Report.objects.count() == 5


def test_a_second_run_stores_nothing_new(sample_paths):
    run_ingest(str(sample_paths[0].parent))

    status, out, _ = run_ingest(str(sample_paths[0].parent))

    assert status == 0
    assert "0 ingested, 5 duplicate, 0 failed" in out
    assert "duplicate of report" in out
    assert Report.objects.count() == 5


def test_json_output_follows_the_contract_for_every_sample(sample_paths):
    status, out, _ = run_ingest("--json", "--dry-run", *map(str, sample_paths))

    records = json_lines(out)
    assert status == 0
    assert len(records) == 5
    for record in records:
        assert set(record) >= CONTRACT_KEYS
        assert set(record["source"]) == {"newspaper", "page", "published_on"}
        assert all(set(warning) == {"code", "message"} for warning in record["warnings"])
        assert record["refusal"] is None
    assert Report.objects.count() == 0


def test_a_refused_text_carries_the_refusal_code_in_json(tmp_path):
    news = tmp_path / "news.txt"
    news.write_bytes(NEWS_ITEM)

    status, out, _ = run_ingest("--json", str(news))

    [record] = json_lines(out)
    assert (status, record["ok"], record["is_report"]) == (1, False, False)
    assert record["refusal"]["code"].startswith("not_report")
    assert record["refusal"]["message"] == record["error"]
    assert set(record) >= CONTRACT_KEYS


def test_warnings_are_printed_with_their_code(sample_paths):
    status, out, _ = run_ingest("--dry-run", str(sample_paths[1]))

    assert status == 0
    assert "  warning [year.missing]: " in out


def test_the_samples_come_out_as_the_issue_expects(sample_paths):
    _, out, _ = run_ingest("--json", "--dry-run", *map(str, sample_paths))

    for record in json_lines(out):
        prefix = record["file"].rsplit("/", 1)[-1][:3]
        filed_year = record["year"] or record["year_inferred"]
        got = (record["province"], record["prefecture"], record["county"], record["body"], record["term"],
               record["session"], record["date"], filed_year, record["speaker"], record["is_complete"])
        assert got == EXPECTED[prefix], record["file"]


def test_a_failed_file_sets_exit_status_1_and_the_others_still_go_in(tmp_path, sample_paths):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00\xd8" * 50 + b"\x00\x01\x02" * 100)

    status, out, err = run_ingest(str(broken), str(sample_paths[2]))

    assert status == 1
    assert "broken.txt: failed" in err
    assert "1 ingested, 0 duplicate, 1 failed" in out
    assert Report.objects.count() == 1


def test_a_missing_path_is_a_command_error():
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("ingest", "/nonexistent/report.txt")


def test_it_reads_standard_input(sample_paths, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(sample_paths[2].read_bytes()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)

    status, out, _ = run_ingest("-")

    assert status == 0
    assert Report.objects.get().region_id == "330802"


def test_an_unknown_region_option_is_a_command_error(sample_paths):
    with pytest.raises(CommandError, match="no such region"):
        call_command("ingest", "--region", "999999", str(sample_paths[0]))


def test_the_summary_counts_reports_without_a_region_or_a_year(tmp_path):
    text = (
        "政府工作报告\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n"
        "一、过去一年的工作\n全县经济稳中有进，民生持续改善。\n二、今年的工作\n抓好项目建设。\n"
    )
    path = tmp_path / "nowhere.txt"
    path.write_text(text, encoding="utf-8")

    status, out, _ = run_ingest(str(path))

    assert status == 0
    assert "1 ingested, 0 duplicate, 0 failed, 1 without a region, 1 without a year" in out
    report = Report.objects.get()
    codes = {warning["code"] for warning in report.warnings}
    assert {"region.unresolved", "year.missing"} <= codes


def test_a_dry_run_of_a_stored_file_shows_its_parse_and_the_report_holding_it(sample_paths):
    run_ingest(str(sample_paths[0]))
    stored = Report.objects.get()

    status, out, _ = run_ingest(str(sample_paths[0]), "--dry-run", "--json")

    record = json.loads(out.strip().splitlines()[-1])
    assert status == 0
    assert record["status"] == "duplicate"
    assert record["duplicate_of"] == {"id": stored.pk, "permalink": f"/r/{stored.sha256[:12]}/"}
    assert (record["title"], record["speaker"]) == (stored.title, stored.speaker)
    assert record["adcode"] == stored.region_id
    assert record["sections"]


def folder_with_links(tmp_path, sample_paths):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_bytes(sample_paths[0].read_bytes())
    outside = tmp_path / "outside.txt"
    outside.write_bytes(sample_paths[1].read_bytes())
    (folder / "outside.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_links_and_special_files_in_a_folder_are_refused_by_name(tmp_path, sample_paths):
    folder = folder_with_links(tmp_path, sample_paths)

    status, out, err = run_ingest(str(folder), "--json")

    records = {Path(record["file"]).name: record for record in json_lines(out)}
    assert status == 1
    assert records["report.txt"]["status"] == "ingested"
    for name in ("outside.txt", "dangling.txt", "linked-folder", "pipe.txt"):
        assert records[name]["status"] == "failed" and "nothing read" in records[name]["error"], name
    assert "symbolic link" in records["outside.txt"]["error"]
    assert "not a regular file" in records["pipe.txt"]["error"]
    assert Report.objects.count() == 1


def test_follow_links_reads_a_linked_file(tmp_path, sample_paths):
    folder = folder_with_links(tmp_path, sample_paths)

    _status, out, _ = run_ingest(str(folder), "--json", "--follow-links")

    records = {Path(record["file"]).name: record for record in json_lines(out)}
    assert records["outside.txt"]["status"] == "ingested"
    assert records["dangling.txt"]["status"] == "failed"
    assert Report.objects.count() == 2


def test_hold_stores_the_reports_held_back_and_unsearchable(sample_paths, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        status, out, _ = run_ingest("--hold", str(sample_paths[2]))

    report = Report.objects.get()
    assert status == 0
    assert f"ingested, report {report.pk}, held back" in out
    assert report.is_held
    assert search(SearchParams(q="请你来协商")).report_count == 0


def test_without_hold_the_reports_are_published(sample_paths, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, out, _ = run_ingest("--json", str(sample_paths[2]))

    [record] = json_lines(out)
    assert record["held"] is False
    assert not Report.objects.get().is_held
    assert search(SearchParams(q="请你来协商")).report_count == 1
