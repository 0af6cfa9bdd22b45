"""Rewrite the golden files after an intended parser change: `python -m tests.parsing.regenerate`.

Writes an expected file for every sample in samples/ and every input in tests/data/reports/;
review the diff (`git diff tests/data/reports`) before committing it.
"""

from tests.parsing.golden import (
    GOLDEN_DIR,
    INPUT_SUFFIXES,
    REALPAGES_GOLDEN_DIR,
    REALPAGES_RAW,
    SAMPLES_DIR,
    write_expected,
    write_realpage_expected,
)


def main() -> None:
    inputs = sorted(SAMPLES_DIR.glob("*.txt"))
    inputs += sorted(path for path in GOLDEN_DIR.iterdir() if path.suffix in INPUT_SUFFIXES)
    for path in inputs:
        print(write_expected(path).relative_to(GOLDEN_DIR.parent.parent.parent))
    if REALPAGES_RAW.is_dir():  # the development set, when ../shared/ is there
        REALPAGES_GOLDEN_DIR.mkdir(exist_ok=True)
        for path in sorted(REALPAGES_RAW.glob("*.txt")):
            print(write_realpage_expected(path).relative_to(GOLDEN_DIR.parent.parent.parent))


if __name__ == "__main__":
    main()
