"""Small factories: Region, Report and Section rows made directly, without the parser."""

import hashlib
import itertools

from reports.models import Region, Report, Section
from reports.originals import store_original

_serial = itertools.count(1)

# Enough of the gazetteer for tests that run on a flushed database (browser tests).
ZHEJIANG = [
    ("330000", "浙江省", "province", None),
    ("330300", "温州市", "prefecture", "330000"),
    ("330304", "瓯海区", "county", "330300"),
    ("330800", "衢州市", "prefecture", "330000"),
    ("330802", "柯城区", "county", "330800"),
    ("330803", "衢江区", "county", "330800"),
]


def make_regions(rows=ZHEJIANG) -> dict[str, Region]:
    """Create (or fetch) the given regions, parents first."""
    regions = {}
    for adcode, name, level, parent in rows:
        regions[adcode], _ = Region.objects.get_or_create(
            adcode=adcode, defaults={"name": name, "level": level, "parent_id": parent}
        )
    return regions


DEFAULT_SECTIONS = [
    ("2024年工作回顾", "一年来，常委会坚持团结奋斗。\n我们开展请你来协商活动十二次。"),
    ("2025年工作任务", "今年是十四五规划收官之年。\n要深化民主监督。"),
]


def make_report(region="330802", *, year=2024, sections=DEFAULT_SECTIONS, original=None, **fields) -> Report:
    """A report in `region` (an adcode or None) with sections given as (heading, text) pairs.

    With `original` (bytes), the file is stored and the report's sha256 is its hash.
    """
    number = next(_serial)
    if original is not None:
        sha256 = store_original(original)
        fields.setdefault("original_size", len(original))
    else:
        sha256 = hashlib.sha256(f"report {number}".encode()).hexdigest()
    values = {
        "body": "政协常委会",
        "title": f"政协工作报告 {number}",
        "term": 5,
        "session": 3,
        "original_name": f"report-{number}.txt",
        **fields,
    }
    text = "\n\n".join(f"{heading}\n{body}" for heading, body in sections)
    report = Report.objects.create(region_id=region, year=year, sha256=sha256, text=text, **values)
    Section.objects.bulk_create(
        Section(report=report, position=position, level=1, heading=heading, text=body)
        for position, (heading, body) in enumerate(sections, start=1)
    )
    return report
