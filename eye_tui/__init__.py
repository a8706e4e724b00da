"""eye-tui: a terminal reader for the Enderby EYE with an offline archive."""

import sys

__version__ = "0.1.0"

# httpx imports its own command-line tool (click, rich and pygments: about 50 ms of a
# refresh's start) whenever click happens to be installed; eye-tui never runs it. A None
# in sys.modules makes that one import fail, which httpx expects and handles.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
