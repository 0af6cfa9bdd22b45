"""Two reports side by side: outlines aligned by heading, and the words that set each apart from the other."""

import difflib
import re
from dataclasses import dataclass

from reports.models import Report, Section, filed_year
from reports.research.similar import archive_idf, stored_counts
from reports.research.terms import Idf, distinctive, tfidf
from reports.search.normalize import normalize

DISTINCTIVE_COUNT = 20
# Headings at least this similar (difflib ratio of their normalised forms) may share a row.
ALIGN_THRESHOLD = 0.6

_NUMBERING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[●■◆▲])\s*"
)
_DIGITS_RE = re.compile(r"\d+")
_NOT_WORD_RE = re.compile(r"[\W_]+")


def normalized_heading(heading: str) -> str:
    """A heading as compared: no numbering, any year or number as 0, no punctuation or spaces.

    "一、2024年工作回顾" and "（一）2023 年工作回顾" both become "0年工作回顾".
    """
    text = _NUMBERING_RE.sub("", normalize(heading))
    return _NOT_WORD_RE.sub("", _DIGITS_RE.sub("0", text))


@dataclass
class OutlineRow:
    a: Section | None
    b: Section | None
    similarity: float = 0.0

    @property
    def exact(self) -> bool:
        return self.similarity == 1.0


def heading_similarity(heading_a: str, heading_b: str) -> float:
    if not heading_a or not heading_b:
        return 0.0
    return difflib.SequenceMatcher(None, heading_a, heading_b, autojunk=False).ratio()


def align_outlines(sections_a: list[Section], sections_b: list[Section]) -> list[OutlineRow]:
    """Both outlines in order, pairs of similar headings on one row: the order-keeping pairing with the
    largest total similarity (a weighted longest common subsequence), pairs under ALIGN_THRESHOLD left apart.
    """
    keys_a = [normalized_heading(section.heading) for section in sections_a]
    keys_b = [normalized_heading(section.heading) for section in sections_b]
    similarity = [[heading_similarity(key_a, key_b) for key_b in keys_b] for key_a in keys_a]
    # best[i][j]: the largest total similarity pairing the first i headings of A with the first j of B.
    best = [[0.0] * (len(keys_b) + 1) for _ in range(len(keys_a) + 1)]
    for i in range(1, len(keys_a) + 1):
        for j in range(1, len(keys_b) + 1):
            paired = similarity[i - 1][j - 1]
            diagonal = best[i - 1][j - 1] + paired if paired >= ALIGN_THRESHOLD else 0.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], diagonal)
    return _trace_back(best, similarity, sections_a, sections_b)


def _trace_back(best, similarity, sections_a, sections_b) -> list[OutlineRow]:
    rows, i, j = [], len(sections_a), len(sections_b)
    while i > 0 or j > 0:
        paired = similarity[i - 1][j - 1] if i > 0 and j > 0 else 0.0
        if paired >= ALIGN_THRESHOLD and best[i][j] == best[i - 1][j - 1] + paired:
            rows.append(OutlineRow(sections_a[i - 1], sections_b[j - 1], paired))
            i, j = i - 1, j - 1
        elif j > 0 and (i == 0 or best[i][j] == best[i][j - 1]):
            rows.append(OutlineRow(None, sections_b[j - 1]))
            j -= 1
        else:
            rows.append(OutlineRow(sections_a[i - 1], None))
            i -= 1
    rows.reverse()
    return rows


def outline(report: Report) -> list[Section]:
    """The sections that have a heading, in order (only `position`, `level`, `heading`: no text)."""
    return list(report.sections.exclude(heading="").only("report_id", "position", "level", "heading"))


@dataclass
class Term:
    word: str
    score: float  # TF-IDF here minus TF-IDF in the other report
    count: int  # occurrences here
    other_count: int  # occurrences in the other report


@dataclass
class Distinctive:
    a: list[Term]
    b: list[Term]
    archive_wide: bool  # False: no statistics built yet, so the IDF is over the two reports alone


def distinctive_terms(report_a: Report, report_b: Report, count: int = DISTINCTIVE_COUNT) -> Distinctive:
    """The words most distinctive of each report against the other, weighed with the archive's IDF."""
    counts_a, counts_b = stored_counts(report_a), stored_counts(report_b)
    idf = archive_idf()
    archive_wide = idf is not None
    if idf is None:
        idf = Idf.over([counts_a, counts_b])
    vector_a, vector_b = tfidf(counts_a, idf), tfidf(counts_b, idf)

    def terms(vector, other_vector, counts, other_counts) -> list[Term]:
        return [
            Term(word, score, counts.get(word, 0), other_counts.get(word, 0))
            for word, score in distinctive(vector, other_vector, count)
        ]

    return Distinctive(
        terms(vector_a, vector_b, counts_a, counts_b),
        terms(vector_b, vector_a, counts_b, counts_a),
        archive_wide,
    )


def year_neighbours(report: Report) -> tuple[Report | None, Report | None]:
    """The same region's and body's report of the nearest earlier year, and of the nearest later year.

    Years are those filed under (stated, else inferred). Within a year a full report comes before an
    abstract, then the lower id. One query: a region and body have a report a year at most, give or
    take an abstract.
    """
    year = report.filed_year
    if report.region_id is None or not report.body or year is None:
        return None, None
    same = Report.objects.public().filter(region_id=report.region_id, body=report.body)
    same = same.alias(filed=filed_year())
    others = list(
        same.filter(filed__isnull=False)
        .exclude(filed=year)
        .order_by("filed", "is_abstract", "id")
        .only("id", "title", "year", "year_inferred")
    )
    earlier = [other for other in others if other.filed_year < year]
    later = [other for other in others if other.filed_year > year]
    if earlier:  # the latest earlier year, its first report in the order above
        earlier = [other for other in earlier if other.filed_year == earlier[-1].filed_year]
    return (earlier[0] if earlier else None), (later[0] if later else None)
