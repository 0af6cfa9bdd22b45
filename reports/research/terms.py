"""TF-IDF over the archive: words of a report, weights against the archive's word statistics, comparisons.

Plain Python, no Django: a report is a `Counter` of its words, the archive is an `Idf` (how many reports,
and in how many of them each word occurs). The compare page and the similar-reports list both use it.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from reports.search.analysis import dictionary_words
from reports.search.normalize import normalize

# Function words and the report genre's connective phrases. Words every report uses ("工作", "发展")
# need no listing: their IDF is zero.
_STOP_WORDS_TEXT = """
    我们 你们 他们 它们 自己 大家 各位 这个 那个 这些 那些 这样 那样 这里 那里 这种 那种 这是 就是
    一个 一些 一批 一项 一系列 一年来 一年 今年 去年 明年 今后 目前 当前 同时 此外 其中 其他 其它 以及 以上
    以下 之一 之间 之后 之前 以来 以后 以前 及其 并且 而且 或者 还是 但是 不是 只有 只是 因为 所以 因此
    如果 虽然 为了 由于 按照 根据 通过 对于 关于 围绕 进行 开展 加以 予以 给予 得到 已经 正在 将要 不断
    更加 更好 进一步 切实 认真 积极 努力 主动 全面 充分 有效 有力 深入 大力 扎实 持续 继续 不仅 还要 要求
    方面 有关 相关 等等 各项 各类 各种 所有 一切 全体 每个 许多 很多 较多 有的 没有 可以 能够 应该 必须
    需要 主要 重要 重点 一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 请予 审议 报告 工作
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_NUMBER_RE = re.compile(r"^[\d.,%]+$|^[〇零一二三四五六七八九十百千万亿两第]+[是年个次项条位名届]?$")
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")


def is_counted(word: str) -> bool:
    """A word the statistics keep: two characters or more, a letter in it, not a number or stop word."""
    return (
        len(word) >= 2
        and _HAS_LETTER_RE.search(word) is not None
        and not _NUMBER_RE.match(word)
        and word not in STOP_WORDS
    )


def words(text: str) -> Iterator[str]:
    """The counted words of `text`, normalised, by the project's jieba (dictionary words only, no HMM).

    Accurate mode rather than the index's search mode: search mode repeats a long word's pieces,
    which would count 民生议事堂 as 民生 and 议事 too. Without HMM guessing, the result depends on the
    dictionary alone, and segmentation is about a third faster. jieba-rs cuts most of it
    (`dictionary_words`), with jieba's own words.
    """
    for word in dictionary_words(normalize(text)):
        if is_counted(word):
            yield word


def word_counts(text: str) -> Counter:
    return Counter(words(text))


def word_count_dict(text: str) -> dict[str, int]:
    """`word_counts` as a plain dict: what a counting process sends back (this module needs no Django)."""
    return dict(word_counts(text))


@dataclass(frozen=True)
class Idf:
    """The archive's word statistics: `reports` documents; `frequencies[word]` of them hold the word.

    A word missing from `frequencies` counts as occurring in one report (the one being weighed).
    """

    reports: int
    frequencies: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def over(cls, documents: Iterable[Counter]) -> "Idf":
        frequencies, reports = Counter(), 0
        for counts in documents:
            frequencies.update(counts.keys())
            reports += 1
        return cls(reports, frequencies)

    def __call__(self, word: str) -> float:
        """log(N / df): zero for a word in every report, so it weighs nothing."""
        documents = min(max(self.frequencies.get(word, 1), 1), max(self.reports, 1))
        return math.log(max(self.reports, 1) / documents)


def tfidf(counts: Mapping[str, int], idf: Idf) -> dict[str, float]:
    """The unit-length TF-IDF vector; sublinear TF (1 + log count): a word said 10 times is not 10×."""
    weights = {word: (1 + math.log(count)) * idf(word) for word, count in counts.items() if count > 0}
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    return {word: weight / norm for word, weight in weights.items() if weight > 0} if norm else {}


def heaviest(vector: Mapping[str, float], count: int) -> dict[str, float]:
    """The `count` heaviest words of a unit vector, scaled back to unit length (ties by word)."""
    if len(vector) <= count:
        return dict(vector)
    kept = sorted(vector.items(), key=_heaviest_first)[:count]
    norm = math.sqrt(sum(weight * weight for _word, weight in kept))
    return {word: weight / norm for word, weight in kept}


def _heaviest_first(item: tuple[str, float]) -> tuple[float, str]:
    word, weight = item
    return -weight, word


def cosine(vector_a: Mapping[str, float], vector_b: Mapping[str, float]) -> float:
    """Cosine of two unit vectors from `tfidf`."""
    if len(vector_b) < len(vector_a):
        vector_a, vector_b = vector_b, vector_a
    return sum(weight * vector_b.get(word, 0.0) for word, weight in vector_a.items())


def shared_words(vector_a: Mapping[str, float], vector_b: Mapping[str, float], count: int = 6) -> list[str]:
    """The words that make two reports similar: largest contributions to their cosine."""
    contributions = {word: weight * vector_b[word] for word, weight in vector_a.items() if word in vector_b}
    return [word for word, _weight in sorted(contributions.items(), key=_heaviest_first)[:count]]


def distinctive(
    vector_a: Mapping[str, float], vector_b: Mapping[str, float], count: int = 20
) -> list[tuple[str, float]]:
    """Words that set A apart from B: TF-IDF in A minus TF-IDF in B, largest first, positive only."""
    differences = {word: weight - vector_b.get(word, 0.0) for word, weight in vector_a.items()}
    ranked = sorted(((word, score) for word, score in differences.items() if score > 0), key=_heaviest_first)
    return ranked[:count]
