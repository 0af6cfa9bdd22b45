"""The bulk export: `manage.py exportcorpus`, its file and manifest, and /downloads/corpus.jsonl.gz."""

import gzip
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from reports.api.export import export_corpus, json_line
from reports.api.serializers import report_detail
from reports.models import Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def read_lines(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def test_every_report_round_trips_through_the_file(indexed_samples, data_dir):
    call_command("exportcorpus", stdout=StringIO())

    lines = read_lines(data_dir / "exports" / "corpus.jsonl.gz")
    reports = Report.objects.select_related("region__parent__parent").order_by("id")
    assert lines == [report_detail(report, str) for report in reports]
    assert [line["id"] for line in lines] == sorted(report.pk for report in indexed_samples)
    assert lines[0]["url"] == f"/report/{lines[0]['id']}/"


def test_the_text_and_sections_match_the_database(indexed_samples, data_dir):
    call_command("exportcorpus", stdout=StringIO())

    for line in read_lines(data_dir / "exports" / "corpus.jsonl.gz"):
        report = Report.objects.get(pk=line["id"])
        assert line["text"] == report.text
        assert line["original"]["sha256"] == report.sha256
        assert [(s["position"], s["heading"], s["text"]) for s in line["sections"]] == list(
            report.sections.values_list("position", "heading", "text")
        )


def test_the_manifest_counts_and_hashes_the_file(indexed_samples, data_dir):
    out = StringIO()
    call_command("exportcorpus", stdout=out)

    corpus = data_dir / "exports" / "corpus.jsonl.gz"
    manifest = json.loads((data_dir / "exports" / "corpus.manifest.json").read_text())
    assert manifest["count"] == len(indexed_samples)
    assert manifest["sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert manifest["size"] == corpus.stat().st_size
    assert manifest["generated_at"].endswith("+00:00")
    assert out.getvalue().startswith(f"{len(indexed_samples)} reports → {corpus}")


def test_the_same_database_gives_the_same_bytes(db, tmp_path):
    make_report(title="一")
    first = export_corpus(tmp_path / "a.jsonl.gz")
    second = export_corpus(tmp_path / "a.jsonl.gz")
    make_report(title="二")
    third = export_corpus(tmp_path / "a.jsonl.gz")

    assert first.sha256 == second.sha256 != third.sha256
    assert json.loads((tmp_path / "a.manifest.json").read_text())["sha256"] == third.sha256


def test_output_and_base_url(db, tmp_path):
    report = make_report()
    target = tmp_path / "out.jsonl.gz"

    call_command("exportcorpus", output=target, base_url="https://archive.example.org/", stdout=StringIO())

    (line,) = read_lines(target)
    assert line["url"] == f"https://archive.example.org/report/{report.pk}/"
    assert line["sections"][0]["url"] == f"https://archive.example.org/report/{report.pk}/#s1"


@pytest.mark.parametrize(
    "options",
    [{"base_url": "archive.example.org"}, {"base_url": "ftp://x"}, {"output": "/no/such/folder/x.gz"}],
)
def test_bad_options_stop_the_command(db, options):
    with pytest.raises(CommandError):
        call_command("exportcorpus", stdout=StringIO(), **options)


def test_a_failed_export_leaves_the_previous_file(db, data_dir, monkeypatch):
    make_report(title="旧")
    previous = export_corpus()
    before = previous.path.read_bytes()

    def broken(*args):
        raise RuntimeError("database went away")

    monkeypatch.setattr("reports.api.export.report_detail", broken)
    with pytest.raises(RuntimeError):
        export_corpus()

    assert previous.path.read_bytes() == before
    assert sorted(path.name for path in previous.path.parent.iterdir()) == [
        "corpus.jsonl.gz",
        "corpus.manifest.json",
    ]  # no temporary file left behind


def test_line_separators_inside_text_stay_on_one_line():
    line = json_line({"text": "甲\u2028乙\u2029丙\n丁\r戊"})

    assert line.count(b"\n") == 1
    assert len(line.decode("utf-8").splitlines()) == 1
    assert json.loads(line) == {"text": "甲\u2028乙\u2029丙\n丁\r戊"}


def test_the_download_is_the_exported_file(client, db, data_dir):
    make_report()
    result = export_corpus(absolute_url=RequestFactory().get("/").build_absolute_uri)

    response = client.get("/downloads/corpus.jsonl.gz")
    manifest = client.get("/downloads/corpus.manifest.json").json()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert 'filename="corpus.jsonl.gz"' in response["Content-Disposition"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert b"".join(response.streaming_content) == result.path.read_bytes()
    assert manifest["sha256"] == result.sha256
    assert manifest["url"] == "http://testserver/downloads/corpus.jsonl.gz"


def test_the_download_before_any_export_is_a_clear_404(client, db):
    for url in ("/downloads/corpus.jsonl.gz", "/downloads/corpus.manifest.json"):
        response = client.get(url)

        assert response.status_code == 404
        assert "exportcorpus" in response.json()["error"]
