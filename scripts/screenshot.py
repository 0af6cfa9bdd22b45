"""Write docs/screenshot-report.png: a sample report's page in chromium, through the browser test.

Run from the repository root: `.venv/bin/python scripts/screenshot.py`. Needs /usr/bin/chromium and, for
legible Chinese, a CJK font (apt-get install fonts-wqy-microhei).
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "screenshot-report.png"


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    TARGET.parent.mkdir(exist_ok=True)
    os.environ["ARCHIVE_SCREENSHOT"] = str(TARGET)
    test = "tests/browser/test_screenshot.py"
    code = pytest.main(["-q", "-p", "no:cacheprovider", test])
    if code == 0:
        print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
