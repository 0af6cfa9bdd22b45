"""Rewrite the golden files after an intended parser change: `python -m tests.parsing.regenerate`.

Writes an expected file for every sample in samples/ and every input in tests/data/reports/;
review the diff (`git diff tests/data/reports`) before committing it.
"""

from tests.parsing.golden import GOLDEN_DIR, INPUT_SUFFIXES, SAMPLES_DIR, write_expected


def main() -> None:
    inputs = sorted(SAMPLES_DIR.glob("*.txt"))
    inputs += sorted(path for path in GOLDEN_DIR.iterdir() if path.suffix in INPUT_SUFFIXES)
    for path in inputs:
        print(write_expected(path).relative_to(GOLDEN_DIR.parent.parent.parent))


if __name__ == "__main__":
    main()
