"""The human page about the API (/about/api/), linked from every page's footer."""

import pytest

from reports.api.export import export_corpus
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_every_page_links_to_it_from_the_footer(client):
    page = client.get("/").content.decode()

    assert '<a href="/about/api/">开放接口 API</a>' in page


def test_it_names_the_schema_and_the_endpoints(client):
    response = client.get("/about/api/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/api/openapi.json" in page
    for endpoint in ("/api/regions", "/api/reports", "/api/search", "/api/trends", "/api/kwic"):
        assert f"<code>GET {endpoint}" in page
    assert "语料包尚未生成" in page
    assert "<script" not in page and "style=" not in page
    assert "Access-Control-Allow-Origin" not in response


def test_it_describes_the_corpus_once_exported(client):
    make_report()
    result = export_corpus()

    page = client.get("/about/api/").content.decode()

    assert "全部 1 份报告" in page
    assert result.sha256 in page
    assert 'href="/downloads/corpus.jsonl.gz"' in page
