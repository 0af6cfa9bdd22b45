"""GET /api/regions and /api/regions/<adcode> on the gazetteer and the five samples."""

import pytest

from reports.models import Region

pytestmark = pytest.mark.django_db


def test_it_lists_the_provinces_with_their_report_counts(client, indexed_samples):
    data = client.get("/api/regions").json()

    assert data["parent"] is None
    assert data["count"] == Region.objects.filter(level="province").count() == len(data["results"])
    zhejiang = next(item for item in data["results"] if item["adcode"] == "330000")
    assert zhejiang["name"] == "浙江省"
    assert zhejiang["report_count"] == len(indexed_samples)
    assert zhejiang["api_url"] == "http://testserver/api/regions/330000"


def test_parent_lists_the_children_counting_their_descendants(client, indexed_samples):
    data = client.get("/api/regions", {"parent": "330000"}).json()

    counts = {item["adcode"]: item["report_count"] for item in data["results"]}
    assert data["parent"] == "330000"
    assert set(counts) == set(Region.objects.filter(parent="330000").values_list("adcode", flat=True))
    assert counts["330800"] == 1  # 柯城区 is a district of 衢州市
    assert counts["330100"] == 0
    assert sum(counts.values()) == len(indexed_samples)


def test_a_prefecture_has_its_lineage_children_and_count(client, indexed_samples):
    data = client.get("/api/regions/330800").json()

    assert data["full_name"] == "浙江省衢州市"
    assert [region["adcode"] for region in data["lineage"]] == ["330000", "330800"]
    assert data["report_count"] == 1
    children = {child["adcode"]: child["report_count"] for child in data["children"]}
    assert children["330802"] == 1
    assert children["330803"] == 0
    assert data["reports_url"] == "http://testserver/api/reports?region=330800"


def test_a_county_has_no_children(client, indexed_samples):
    data = client.get("/api/regions/330802").json()

    assert data["level"] == "county"
    assert data["children"] == []
    assert [region["name"] for region in data["lineage"]] == ["浙江省", "衢州市", "柯城区"]


@pytest.mark.parametrize("adcode", ["999999", "abc", "33080", "3308000", "%00"])
def test_an_unknown_region_is_a_json_404(client, adcode):
    response = client.get(f"/api/regions/{adcode}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] in ("没有这个接口或对象", f"没有这个地区代码：{adcode}")


@pytest.mark.parametrize("parent", ["999999", "x", "33000"])
def test_an_unknown_parent_is_a_400(client, parent):
    response = client.get("/api/regions", {"parent": parent})

    assert response.status_code == 400
    assert response.json()["error"].startswith("没有这个地区代码")


def test_a_region_takes_a_few_queries_whatever_its_children(
    client, indexed_samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        data = client.get("/api/regions/330000").json()

    assert len(data["children"]) == 11
