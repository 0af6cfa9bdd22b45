"""China's provinces, prefectures and counties (GB/T 2260), and finding which one a report names."""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEVELS = ("province", "prefecture", "county")
DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.csv"

# Names that are also ordinary words ("老城区改造", "城区面积"): they count only beside a named parent.
# The word lists are kept as text because they read and diff better that way.
GENERIC_NAMES = frozenset(
    """
城区 郊区 矿区 新区 市中区 东区 西区 新城区 老城区 城关区
城中区 城东区 城西区 城南区 城北区 新市区 市辖区 开发区 高新区
""".split()  # noqa: SIM905
)

# Short names that are everyday words or sit inside common phrases (重大理论, 大兴调查研究, 黄浦江);
# never matched alone.
RISKY_SHORT_NAMES = frozenset(
    """
七星 万安 万年 三元 三台 三水 三门 上高 东山 东方 东风 中原 中方 丰满 九龙 二七 二道 互助 会同 元宝
光明 光泽 公安 六合 共和 兴业 凤凰 前进 前锋 南华 南山 南岸 南部 博爱 友好 友谊 双桥 古城 台前 合作
同心 名山 向阳 和平 和政 和顺 回民 城东 城中 城关 城北 城西 复兴 大厂 大同 大名 大安 大新 大方 大观
大通 天元 天心 天柱 天涯 太和 太平 宁安 安宁 安定 安居 安康 宏伟 宝塔 宝山 富民 富裕 小店 小金 左权
市中 平和 平安 平定 平山 建安 建平 开化 延长 惠民 振兴 政和 文峰 新会 新兴 新华 新城 新安 新市 新平
新建 新星 新民 无为 普安 朝阳 桃源 比如 民权 永和 永安 永定 永新 永福 江北 江南 河东 河西 泉山 洞口
海北 清新 清水 清流 温泉 港口 灯塔 爱民 白云 白塔 白水 白沙 石台 石门 竹山 紫金 红山 红旗 老城 芙蓉
莲花 西山 解放 资源 路南 运河 通道 金台 金山 金牛 钟楼 铜鼓 镇远 长子 长宁 长安 青山 青龙 麒麟 黄龙
黑水 鼓楼 龙凤 龙华 龙泉 龙门 大理 大兴 东海 浦江
""".split()  # noqa: SIM905
)

# "振兴县域经济" holds 兴县, "城北区域" holds 城北区: a name right before 域 is not a name.
NOT_AFTER_NAME = "域"


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    short_name: str
    level: str
    parent: str | None
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionMatch:
    division: Division | None
    candidates: tuple[Division, ...]
    # Earlier full names the text uses for the division or its ancestors ("江宁县" for 江宁区), by adcode.
    former_names: tuple[tuple[str, str], ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1 and self.division is None


@dataclass(frozen=True)
class _Hit:
    """One division a matched string may mean; `former` when it matched an earlier name."""

    division: Division
    former: bool = False
    generic: bool = False
    name: str = ""


class _NameIndex:
    """Leftmost-longest lookup of many names in a short text, keyed by first character."""

    def __init__(self, entries: Iterable[tuple[str, _Hit]]) -> None:
        self.hits: dict[str, list[_Hit]] = defaultdict(list)
        for name, hit in entries:
            self.hits[name].append(hit)
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self.hits:
            lengths[name[0]].add(len(name))
        self.lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def find(self, text: str) -> list[_Hit]:
        found: list[_Hit] = []
        position = 0
        while position < len(text):
            name = self._longest_at(text, position)
            if name is None:
                position += 1
                continue
            found.extend(self.hits[name])
            position += len(name)
        return found

    def _longest_at(self, text: str, position: int) -> str | None:
        for length in self.lengths.get(text[position], ()):
            name = text[position : position + length]
            if name in self.hits and text[position + length : position + length + 1] != NOT_AFTER_NAME:
                return name
        return None


class Gazetteer:
    def __init__(self, divisions: Iterable[Division]) -> None:
        self._by_adcode = {division.adcode: division for division in divisions}
        self._children: dict[str, list[Division]] = defaultdict(list)
        for division in sorted(self._by_adcode.values(), key=lambda d: d.adcode):
            if division.parent:
                self._children[division.parent].append(division)
        self._full_names = _NameIndex(self._full_name_entries())
        self._short_names = _NameIndex(self._short_name_entries())

    @classmethod
    @cache
    def default(cls) -> "Gazetteer":
        with DATA_FILE.open(encoding="utf-8", newline="") as handle:
            return cls.from_rows(csv.DictReader(handle))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object] | Division]) -> "Gazetteer":
        """Rows shaped like regions.csv (adcode, name, short_name, level, parent_adcode, former_names),
        or Divisions."""
        return cls(row if isinstance(row, Division) else _division_from_row(row) for row in rows)

    def named(self, name: str, levels: tuple[str, ...] = LEVELS) -> list[Division]:
        """Divisions at `levels` whose full or short name is `name` exactly, highest level first."""
        found = [
            division
            for division in self._by_adcode.values()
            if division.level in levels and name in (division.name, division.short_name)
        ]
        return sorted(found, key=lambda division: (LEVELS.index(division.level), division.adcode))

    def get(self, adcode: str) -> Division | None:
        return self._by_adcode.get(adcode)

    def children(self, adcode: str) -> list[Division]:
        return list(self._children.get(adcode, ()))

    def lineage(self, division: Division) -> tuple[Division | None, Division | None, Division | None]:
        """(province, prefecture, county); prefecture None for a county directly under its province."""
        by_level: dict[str, Division] = {}
        current: Division | None = division
        while current is not None:
            by_level[current.level] = current
            current = self.get(current.parent) if current.parent else None
        return by_level.get("province"), by_level.get("prefecture"), by_level.get("county")

    def __iter__(self) -> Iterator[Division]:
        return iter(sorted(self._by_adcode.values(), key=lambda d: (LEVELS.index(d.level), d.adcode)))

    def __len__(self) -> int:
        return len(self._by_adcode)

    def resolve(self, text: str, context: str = "") -> RegionMatch:
        """The division `text` names: most specific level, checked against the higher levels it also names.

        Short names are tried only when no full or former name is found; `context` only disambiguates.
        """
        # Heads are often letter-spaced ("瓯 海 区") or broken over lines ("温州市\n瓯海区").
        text = "".join(text.split())
        match = self._resolve_hits(self._full_names.find(text), text, context)
        if match.candidates:
            return match
        return self._resolve_hits(self._short_names.find(text), text, context)

    def _full_name_entries(self) -> Iterator[tuple[str, _Hit]]:
        for division in self._by_adcode.values():
            yield division.name, _Hit(division, generic=_is_generic(division.name), name=division.name)
            for former in division.former_names:
                yield former, _Hit(division, former=True, generic=_is_generic(former), name=former)

    def _short_name_entries(self) -> Iterator[tuple[str, _Hit]]:
        for division in self._by_adcode.values():
            short = division.short_name
            if self._usable_short_name(division) and short != division.name:
                yield short, _Hit(division)

    @staticmethod
    def _usable_short_name(division: Division) -> bool:
        short = division.short_name
        return len(short) >= 2 and short not in RISKY_SHORT_NAMES and not _is_generic(division.name)

    def _resolve_hits(self, hits: list[_Hit], text: str, context: str) -> RegionMatch:
        named = {
            level: {hit.division.adcode for hit in hits if hit.division.level == level} for level in LEVELS
        }
        for level in reversed(LEVELS):
            fitting = [
                hit for hit in hits if hit.division.level == level and self._fits(hit, named, text, context)
            ]
            if fitting:
                return self._with_former_names(self._choose(fitting, context), hits)
        return RegionMatch(None, ())

    def _with_former_names(self, match: RegionMatch, hits: list[_Hit]) -> RegionMatch:
        """Note the earlier names the text uses where it names no current name of the same division."""
        if match.division is None:
            return match
        lineage = {match.division.adcode, *(ancestor.adcode for ancestor in self._ancestors(match.division))}
        current = {hit.division.adcode for hit in hits if not hit.former}
        former = {
            hit.division.adcode: hit.name
            for hit in hits
            if hit.former and hit.division.adcode in lineage and hit.division.adcode not in current
        }
        return RegionMatch(match.division, match.candidates, tuple(sorted(former.items())))

    def _fits(self, hit: _Hit, named: dict[str, set[str]], text: str, context: str) -> bool:
        """Consistent with every higher level the text names; a generic name also needs its parent named."""
        for ancestor in self._ancestors(hit.division):
            if named[ancestor.level] and ancestor.adcode not in named[ancestor.level]:
                return False
        if named["prefecture"] and hit.division.level == "county" and not self._has_prefecture(hit.division):
            return False
        if hit.generic:
            return self._ancestor_named_in(hit.division, f"{text}\n{context}") or _names_an_institution(
                hit.name, text
            )
        return True

    def _choose(self, hits: list[_Hit], context: str) -> RegionMatch:
        current = {hit.division.adcode for hit in hits if not hit.former}
        pool = sorted({hit.division for hit in hits}, key=lambda d: d.adcode)
        if len(pool) > 1 and context:
            pool = [d for d in pool if self._ancestor_named_in(d, context)] or pool
        if len(pool) > 1 and 0 < len(current.intersection(d.adcode for d in pool)) < len(pool):
            pool = [d for d in pool if d.adcode in current]
        if len(pool) == 1:
            return RegionMatch(pool[0], (pool[0],))
        return RegionMatch(None, tuple(pool))

    def _ancestors(self, division: Division) -> Iterator[Division]:
        parent = self.get(division.parent) if division.parent else None
        while parent is not None:
            yield parent
            parent = self.get(parent.parent) if parent.parent else None

    def _has_prefecture(self, division: Division) -> bool:
        return any(ancestor.level == "prefecture" for ancestor in self._ancestors(division))

    def _ancestor_named_in(self, division: Division, haystack: str) -> bool:
        if not haystack:
            return False
        for ancestor in self._ancestors(division):
            if ancestor.name in haystack:
                return True
            if self._usable_short_name(ancestor) and ancestor.short_name in haystack:
                return True
        return False


# "蠡县人民政府", "政协和县委员会", "兴县第十七届": a short name in front of an institution is a place.
_INSTITUTION_AFTER = r"(?:人民|第|政协|委员会|人大|常委会|[一二三四五六七八九十]{1,3}届)"


def _names_an_institution(name: str, text: str) -> bool:
    escaped = re.escape(name)
    return bool(name) and bool(re.search(rf"{escaped}{_INSTITUTION_AFTER}|政协{escaped}", text))


def _is_generic(name: str) -> bool:
    # Two-character names (和县, 兴县, 东区) turn up inside ordinary phrases ("和县长", "振兴县").
    return name in GENERIC_NAMES or len(name) <= 2


def _division_from_row(row: Mapping[str, object]) -> Division:
    former = row.get("former_names") or ()
    if isinstance(former, str):
        former = tuple(name for name in former.split("|") if name)
    level = str(row["level"])
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} for {row['adcode']}")
    return Division(
        adcode=str(row["adcode"]),
        name=str(row["name"]),
        short_name=str(row.get("short_name") or ""),
        level=level,
        parent=str(row.get("parent_adcode") or row.get("parent") or "") or None,
        former_names=tuple(former),
    )
