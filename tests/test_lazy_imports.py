"""Start-up stays fast and the layers stay apart, checked in fresh interpreters.

import-linter (in .ci/run) reads the import statements; these tests import each module for
real, so an import hidden behind a plugin, `importlib` or a dependency is caught too.
"""

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import eye_tui

HEAVY = ("httpx", "feedparser", "eye_tui.sync", "eye_tui.net")
# Only writing needs these; the reader's first frame does not (hashlib alone is 3 ms).
WRITING = ("eye_tui.archive.storing", "hashlib", "tomllib")
UI_LIBRARIES = ("textual", "rich")
NOT_ENGINE = ("eye_tui.ui", "eye_tui.cli", "eye_tui.__main__", "eye_tui.start")


def engine_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(eye_tui.__path__, "eye_tui.")
        if not info.name.startswith(NOT_ENGINE)
    ]
    return sorted(names)


def loaded_after_import(module: str, watched: tuple[str, ...]) -> list[str]:
    code = f"import sys, {module}; print(' '.join(m for m in {watched!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


# Run in the child: a finder that notes which of our modules asks for a UI library. httpx
# itself loads rich (for its own command line), so "is rich loaded" cannot tell who did.
_WHO_IMPORTS = """
import sys

class Watch:
    found = set()

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
            frame = sys._getframe(1)
            while frame and frame.f_code.co_filename.startswith(("<frozen", "<")):
                frame = frame.f_back
            importer = frame.f_globals.get("__name__", "") if frame else ""
            if importer.startswith("eye_tui"):
                Watch.found.add(importer + ":" + name.split(".")[0])
        return None

sys.meta_path.insert(0, Watch())
import {module}
print(" ".join(sorted(Watch.found)), "|", "textual" in sys.modules)
"""


def ui_imports_by_our_code(module: str) -> tuple[list[str], bool]:
    """(our modules that imported textual or rich, whether textual got loaded at all)."""
    result = subprocess.run(
        [sys.executable, "-c", _WHO_IMPORTS.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    )
    importers, textual = result.stdout.rsplit("|", 1)
    return importers.split(), textual.strip() == "True"


def test_the_engine_module_list_is_complete() -> None:
    # If this fails, a module was added or renamed: the list below must name it.
    assert {"eye_tui.archive.connection", "eye_tui.net", "eye_tui.render"} <= set(engine_modules())


def test_the_layer_contract_names_every_engine_module() -> None:
    # A new engine module must be held to "imports nothing from Textual" by lint-imports too.
    config = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    top_level = {name for name in engine_modules() if name.count(".") == 1}
    assert top_level <= set(contract["source_modules"])


@pytest.mark.parametrize("module", ["eye_tui.cli", "eye_tui.ui.app", "eye_tui.archive"])
def test_importing_does_not_load_the_network_stack(module: str) -> None:
    assert loaded_after_import(module, HEAVY) == []


@pytest.mark.parametrize("module", engine_modules())
def test_no_engine_module_loads_textual_or_rich(module: str) -> None:
    assert ui_imports_by_our_code(module) == ([], False)


def test_the_import_watch_sees_our_own_ui_imports() -> None:
    # The watch itself must be able to fail: the reader imports textual directly.
    importers, textual = ui_imports_by_our_code("eye_tui.ui.app")
    assert "eye_tui.ui.app:textual" in importers and textual


def test_the_command_line_loads_no_ui_library_until_the_reader_opens() -> None:
    assert ui_imports_by_our_code("eye_tui.cli") == ([], False)
    assert loaded_after_import("eye_tui.cli", UI_LIBRARIES) == []


@pytest.mark.parametrize("module", ["eye_tui.cli", "eye_tui.ui.app"])
def test_the_reader_loads_the_writing_side_only_when_it_writes(module: str) -> None:
    assert loaded_after_import(module, WRITING) == []
