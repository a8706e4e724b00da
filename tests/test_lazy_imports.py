"""Start-up stays fast: opening the reader or listing posts loads no network or XML stack."""

import subprocess
import sys

import pytest

HEAVY = ("httpx", "feedparser", "eye_tui.sync", "eye_tui.net")


@pytest.mark.parametrize("module", ["eye_tui.cli", "eye_tui.ui.app", "eye_tui.archive"])
def test_importing_does_not_load_the_network_stack(module: str) -> None:
    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_the_engine_never_imports_textual() -> None:
    code = (
        "import sys, eye_tui.cli, eye_tui.sync, eye_tui.render, eye_tui.archive; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
