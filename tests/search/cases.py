"""Texts and queries every engine must answer exactly, the brute-force truth, and unsaved sections to index.

The queries cross jieba's word boundaries (事堂 inside 民生议事堂, 柯城 inside 柯城区, 委员会客 inside
委员会客厅) and ask for strings that are absent although their words are there (议事堂建设).
"""

from reports.models import Region, Report, Section
from reports.search.normalize import normalize
from reports.search.query import parse_query
from reports.search.service import SearchParams, search
from reports.search_indexes import section_document_text

TEXTS = [
    "今年新建民生议事堂12个，开展“请你来协商”活动。",
    "议事堂的建设要加快，协商品牌不断擦亮。",  # 议事堂 and 建设, never 议事堂建设
    "柯城区政协召开常委会议。",
    "柯城的委员深入基层，收集社情民意信息。",
    "推进数字化改革，打造委员会客厅。",
    "数字化水平提升，改革全面深化。",  # 数字化 and 改革, never 数字化改革
    "社情民意是履职的基础；共同富裕示范区建设。",
    "政治協商、民主監督、參政議政。",  # traditional characters
    "ＧＤＰ增长５.８％，协商 民主。",  # full-width, and a space inside
    "协商民主是我国社会主义民主政治的特有形式。",
]

CASES = [
    ("事堂", {0, 1}),
    ("生议", {0}),
    ("商品牌", {1}),
    ("情民意", {3, 6}),
    ("柯城", {2, 3}),
    ("议事堂建设", set()),
    ("数字化改革", {4}),
    ("委员会客", {4}),  # 委员会 + 会客厅 for jieba
    ("委员", {3, 4}),  # a two-character word
    ('"请你来协商"', {0}),  # a quoted phrase
    ("協商", {0, 1, 7, 8, 9}),  # traditional query, both scripts in the text
    ("参政议政", {7}),
    ("gdp", {8}),
    ("5.8%", {8}),
    ("%", {8}),  # one character that is a regular expression's metacharacter
    ("议事堂 OR 会客厅", {0, 1, 4}),
    ("协商 -民主", {0, 1}),
    ("社情民意 共同富裕", {6}),
    ("柯", {2, 3}),  # one character, the prefix of its bigrams
    ("堂", {0, 1}),
    ('"主。"', {8}),  # quoted: punctuation kept
]


def truth(texts: list[str], raw: str) -> set[int]:
    """The positions of the texts that satisfy the query by plain substring containment."""
    query = parse_query(raw)
    return {number for number, text in enumerate(texts) if query.matches(normalize(text))}


def stored_truth(raw: str) -> set[int]:
    """Brute force on the database: the sections whose normalised heading + text satisfy the query."""
    query = parse_query(raw)
    sections = Section.objects.all()
    return {section.pk for section in sections if query.matches(normalize(section_document_text(section)))}


def all_pages(params: SearchParams) -> list:
    """Every report the search lists, page after page."""
    first = search(params)
    hits = list(first.results)
    for page in range(2, first.num_pages + 1):
        hits += search(SearchParams(**{**params.__dict__, "page": page})).results
    return hits


def region_lineage(adcodes: list[str]) -> Region | None:
    """Unsaved regions, province first: the last one, whose parents are the others."""
    region = None
    for adcode in adcodes:
        region = Region(adcode=adcode, name=adcode, parent=region)
    return region


def unsaved_sections(
    texts: list[str],
    *,
    report_ids: list[int] | None = None,
    years: list[int | None] | None = None,
    regions: list[list[str]] | None = None,
    bodies: list[str] | None = None,
    first: int = 0,
) -> list[Section]:
    """One section per text, numbered from `first` (0: like the texts), that `SectionIndex` prepares
    without a database: section n belongs to report n unless `report_ids` says otherwise."""
    sections = []
    for number, text in enumerate(texts):
        report = Report(
            pk=report_ids[number] if report_ids else first + number,
            region=region_lineage(regions[number]) if regions else None,
            year=years[number] if years else None,
            body=bodies[number] if bodies else "政协常委会",
        )
        sections.append(Section(pk=first + number, report=report, position=number, heading="", text=text))
    return sections
