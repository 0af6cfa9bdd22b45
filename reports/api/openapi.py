"""The OpenAPI 3.1 description of the open API, served at /api/openapi.json with the caller's server URL.

Response schemas are strict (`additionalProperties: false`), so a new field must be described here
before it is served; the test suite checks every endpoint against them. /api/trends and /api/kwic
(reports/views/research.py) are held to their required fields only.
"""

from reports.models import Body, Region
from reports.search.service import PAGE_MAX, SORTS, YEAR_MAX, YEAR_MIN

LARGEST_ID = 2**63 - 1
JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, *, strict: bool = True) -> dict:
    schema = {"type": "object", "required": list(properties), "properties": properties}
    if strict:
        schema["additionalProperties"] = False
    return schema


STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}
YEAR = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
DATE = _nullable({"type": "string", "format": "date"})
ADCODE = {"type": "string", "pattern": "^[0-9]{6}$", "examples": ["330800"]}
LEVEL = {"type": "string", "enum": list(Region.Level.values)}
BODY = {"type": "string", "enum": list(Body.values)}
YEAR_COUNTS = {"type": "object", "propertyNames": {"pattern": "^[0-9]{4}$"}, "additionalProperties": COUNT}
NULLABLE_STRING = _nullable(STRING)
NULLABLE_COUNT = _nullable(COUNT)
STATED_YEAR = {**_nullable(YEAR), "description": "正文写明的年份（报告日期、标题或刊发日期）"}
INFERRED_YEAR = {
    **_nullable(YEAR),
    "description": "正文未写明年份时由回顾年份推定的年份；浏览和年份筛选在 year 为空时按它归档",
}
WARNING = _object(
    {"code": {**STRING, "description": "稳定的代码，如 region.unresolved", "examples": ["year.inferred"]},
     "message": STRING}
)


def _region_brief() -> dict:
    return _object({"adcode": ADCODE, "name": STRING, "full_name": STRING, "level": LEVEL})


def _region() -> dict:
    return _object(
        {
            "adcode": ADCODE,
            "name": STRING,
            "short_name": NULLABLE_STRING,
            "level": LEVEL,
            "parent": _nullable(ADCODE),
            "url": URL,
            "api_url": URL,
            "report_count": {**COUNT, "description": "报告数，含下级地区"},
        }
    )


def _region_detail() -> dict:
    properties = {
        **_region()["properties"],
        "full_name": STRING,
        "former_names": {"type": "array", "items": STRING},
        "reports_url": URL,
        "lineage": {"type": "array", "items": _ref("RegionBrief"), "description": "省级在前，本级在后"},
        "children": {"type": "array", "items": _ref("Region")},
    }
    return _object(properties)


SUMMARY_PROPERTIES = {
    "id": {"type": "integer", "minimum": 1},
    "url": URL,
    "api_url": URL,
    "title": STRING,
    "region": _nullable(_ref("RegionBrief")),
    "body": _nullable(BODY),
    "year": STATED_YEAR,
    "year_inferred": INFERRED_YEAR,
    "term": NULLABLE_COUNT,
    "session": NULLABLE_COUNT,
    "delivered_on": DATE,
    "speaker": NULLABLE_STRING,
    "is_abstract": {"type": "boolean"},
    "is_complete": {"type": "boolean"},
}


def _report_detail() -> dict:
    region = _object(
        {**_region_brief()["properties"], "lineage": {"type": "array", "items": _ref("RegionBrief")}}
    )
    source = _object({"newspaper": NULLABLE_STRING, "page": NULLABLE_STRING, "published_on": DATE})
    original = _object(
        {
            "name": NULLABLE_STRING,
            "size": COUNT,
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "url": URL,
        }
    )
    properties = {
        **SUMMARY_PROPERTIES,
        "permalink": URL,
        "region": _nullable(region),
        "year_source": NULLABLE_STRING,
        "reviewed_year": _nullable(YEAR),
        "source": source,
        "original": {**original, "description": "原始文件，逐字节保存"},
        "text_url": URL,
        "warnings": {"type": "array", "items": WARNING},
        "text": {**STRING, "description": "清理后的全文"},
        "sections": {"type": "array", "items": _ref("Section")},
    }
    return _object(properties)


def _section() -> dict:
    return _object(
        {
            "position": {"type": "integer", "minimum": 0},
            "anchor": {"type": "string", "pattern": "^s[0-9]+$"},
            "url": URL,
            "level": {"type": "integer", "minimum": 0},
            "heading": STRING,
            "text": STRING,
        }
    )


def _page_of(item: str) -> dict:
    return _object(
        {
            "count": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "num_pages": {"type": "integer", "minimum": 1},
            "next": _nullable(URL),
            "previous": _nullable(URL),
            "results": {"type": "array", "items": _ref(item)},
        }
    )


def _search_results() -> dict:
    report = _object(
        {
            "id": {"type": "integer", "minimum": 1},
            "url": URL,
            "title": STRING,
            "region": {**NULLABLE_STRING, "description": "地区全称"},
            "adcode": _nullable(ADCODE),
            "year": STATED_YEAR,
            "year_inferred": INFERRED_YEAR,
            "body": _nullable(BODY),
        }
    )
    section = _object({"id": {"type": "integer"}, "heading": STRING, "url": URL, "snippet_html": STRING})
    hit = _object({"report": report, "sections": {"type": "array", "items": section}})
    return _object(
        {
            "count": {**COUNT, "description": "命中的报告数"},
            "sections": {**COUNT, "description": "命中的章节数"},
            "page": {"type": "integer", "minimum": 1},
            "num_pages": {"type": "integer", "minimum": 1},
            "truncated": {"type": "boolean", "description": "检索式过长，只用了前面部分"},
            "facets": _object(
                {"year": YEAR_COUNTS, "region": {"type": "object", "additionalProperties": COUNT}}
            ),
            "results": {"type": "array", "items": hit},
        }
    )


def _trends() -> dict:
    series = _object(
        {
            "term": STRING,
            "counts": YEAR_COUNTS,
            "shares": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
        },
        strict=False,
    )
    return _object(
        {
            "terms": {"type": "array", "items": STRING, "maxItems": 6},
            "years": {"type": "array", "items": {"type": "integer"}},
            "reports_per_year": YEAR_COUNTS,
            "series": {"type": "array", "items": series},
        },
        strict=False,
    )


def _kwic() -> dict:
    line = _object(
        {
            "region": _object({"adcode": STRING, "name": STRING}, strict=False),
            "year": _nullable({"type": "integer"}),
            "year_inferred": _nullable({"type": "integer"}),
            "body": STRING,
            "report_id": {"type": "integer"},
            "report_url": STRING,
            "section_id": {"type": "integer"},
            "section_url": STRING,
            "left": STRING,
            "hit": STRING,
            "right": STRING,
        },
        strict=False,
    )
    return _object(
        {
            "count": COUNT,
            "count_exact": {"type": "boolean"},
            "section_count": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "num_pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": line},
        },
        strict=False,
    )


def _manifest() -> dict:
    return _object(
        {
            "file": STRING,
            "count": COUNT,
            "size": COUNT,
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "generated_at": {"type": "string", "format": "date-time"},
            "format": STRING,
            "url": URL,
        }
    )


def components() -> dict:
    return {
        "schemas": {
            "Error": _object({"error": {**STRING, "description": "出错原因（中文）"}}),
            "RegionBrief": _region_brief(),
            "Region": _region(),
            "RegionList": _object(
                {
                    "count": COUNT,
                    "parent": _nullable(ADCODE),
                    "results": {"type": "array", "items": _ref("Region")},
                }
            ),
            "RegionDetail": _region_detail(),
            "ReportSummary": _object(SUMMARY_PROPERTIES),
            "ReportList": _page_of("ReportSummary"),
            "Section": _section(),
            "ReportDetail": _report_detail(),
            "SearchResults": _search_results(),
            "Trends": _trends(),
            "Kwic": _kwic(),
            "CorpusManifest": _manifest(),
        },
        "parameters": PARAMETERS,
        "responses": {
            "BadRequest": _json_response("参数有误", "Error"),
            "NotFound": _json_response("没有这个对象", "Error"),
        },
    }


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description, **extra}


PARAMETERS = {
    "region": _query("region", ADCODE, "地区代码，任一级；地级含其下各县区", example="330800"),
    "year_from": _query("year_from", YEAR, "起始年份（含）；正文未写明年份的报告按推定年份计"),
    "year_to": _query("year_to", YEAR, "截止年份（含），不早于 year_from；未写明年份的按推定年份计"),
    "body": _query("body", BODY, "报告机关"),
    "page": _query(
        "page", {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1}, "页码，从 1 开始"
    ),
    "terms": {
        "name": "q",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 1000},
        "description": "检索词，以逗号分隔，最多 6 个",
        "example": "协商,监督",
    },
}


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


FILTERS = [_param("region"), _param("year_from"), _param("year_to"), _param("body")]


def _json_response(description: str, schema: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _get(operation_id: str, summary: str, schema: str, parameters: list, *, tag: str = "报告") -> dict:
    """A GET answered with `schema`, or a 400 for bad parameters, or a 404 when the path names an object."""
    responses = {"200": _json_response(summary, schema), "400": {"$ref": "#/components/responses/BadRequest"}}
    if any(parameter.get("in") == "path" for parameter in parameters):
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag], "parameters": parameters}
    return {"get": {**operation, "responses": responses}}


def paths() -> dict:
    return {
        "/api/regions": _get(
            "listRegions",
            "省级地区，或 parent 的下级地区",
            "RegionList",
            [_query("parent", ADCODE, "上级地区代码；省略时列出各省级地区")],
            tag="地区",
        ),
        "/api/regions/{adcode}": _get(
            "getRegion",
            "一个地区：上级链、下级地区、报告数",
            "RegionDetail",
            [{"name": "adcode", "in": "path", "required": True, "schema": ADCODE}],
            tag="地区",
        ),
        "/api/reports": _get(
            "listReports",
            "报告列表，每页 50 份",
            "ReportList",
            [
                *FILTERS,
                _query(
                    "sort",
                    {"type": "string", "enum": ["newest", "oldest"], "default": "newest"},
                    "按年份排序；年份不明者在后",
                ),
                _param("page"),
            ],
        ),
        "/api/reports/{report_id}": _get(
            "getReport",
            "一份报告：元数据、全文与章节",
            "ReportDetail",
            [
                {
                    "name": "report_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
                }
            ],
        ),
        "/api/search": _get(
            "search",
            "全文检索，按报告分组，每页 20 份，每份至多 3 个章节及摘录",
            "SearchResults",
            [
                _query(
                    "q",
                    {"type": "string", "maxLength": 1000},
                    '检索式：空格分隔的词须全部出现，"引号"内为短语，-词 排除，OR 表示或',
                ),
                *FILTERS,
                _query("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "排序"),
                _param("page"),
            ],
            tag="检索",
        ),
        "/api/trends": _get(
            "getTrends",
            "词频趋势：每年含各词的报告数及占比",
            "Trends",
            [_param("terms"), *FILTERS],
            tag="研究",
        ),
        "/api/kwic": _get(
            "getKwic",
            "关键词上下文（KWIC）索引",
            "Kwic",
            [_param("terms"), *FILTERS, _param("page")],
            tag="研究",
        ),
        "/downloads/corpus.jsonl.gz": _download(
            "getCorpus", "全部报告：gzip 压缩的 JSON Lines，每行一份 ReportDetail"
        ),
        "/downloads/corpus.manifest.json": _download(
            "getCorpusManifest", "语料包说明：报告数、大小、sha256、生成时间"
        ),
    }


def _download(operation_id: str, summary: str) -> dict:
    """The bulk corpus or its manifest: a 404 until `manage.py exportcorpus` has run."""
    if operation_id == "getCorpus":
        found = {"description": summary, "content": {"application/gzip": {"schema": {"format": "binary"}}}}
    else:
        found = _json_response(summary, "CorpusManifest")
    responses = {"200": found, "404": {"$ref": "#/components/responses/NotFound"}}
    return {
        "get": {"operationId": operation_id, "summary": summary, "tags": ["批量下载"], "responses": responses}
    }


def openapi_schema(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "地方工作报告档案 · 开放接口",
            "version": "1.0.0",
            "description": (
                "只读的 JSON 接口，无需注册，任何来源均可跨域读取（CORS: *，GET/HEAD/OPTIONS）。"
                '出错时返回 {"error": "…"}：参数有误 400，对象不存在 404。'
                "全部报告可从 /downloads/corpus.jsonl.gz 一次下载。"
            ),
        },
        "servers": [{"url": server_url or "/"}],
        "paths": paths(),
        "components": components(),
    }
