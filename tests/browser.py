"""A stand-in browser for tests: `$BROWSER` points here; it appends each URL to a log file.

webbrowser.open() runs it for real, so the tests see exactly what would reach a browser.
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    log = os.environ.get("EYE_TEST_BROWSER_LOG")
    if log:
        with Path(log).open("a", encoding="utf-8") as handle:
            handle.write(sys.argv[1] + "\n")
