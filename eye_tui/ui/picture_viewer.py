"""A post's kept pictures at full size, drawn by textual-image in the best way the
terminal offers: Kitty's graphics protocol, Sixel, else coloured half blocks.

It runs as its own small program (`python -m eye_tui.ui.picture_viewer`), started by the
reader with the terminal handed over (App.suspend): textual-image asks the terminal what
it can draw when it is imported, which cannot be done once a Textual app owns the
terminal, and asking at every start of the reader would cost a quarter of a second in
tmux. So the question is asked only when a resident wants to see a picture.

Arguments: a JSON file listing [path, caption] pairs, and the number to show first.
"""

import json
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from eye_tui.text import clean_label
from eye_tui.ui.widgets.footer import Footer


def load_pictures(listing: Path) -> list[tuple[Path, str]]:
    """The pictures to show: files that exist, with their captions as one clean line."""
    try:
        pairs = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    pictures = []
    for pair in pairs if isinstance(pairs, list) else []:
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair):
            path = Path(pair[0])
            if path.is_file():
                pictures.append((path, clean_label(pair[1], 300)))
    return pictures


class PictureViewer(App[None]):
    """One picture at a time, as large as the terminal allows, its caption beneath."""

    CSS = """
    #picture { width: 1fr; height: 1fr; }
    #caption { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("right,n,space,j", "move(1)", "Next"),
        Binding("left,p,k", "move(-1)", "Previous"),
        Binding("q,escape,v", "quit", "Back to the post"),
    ]

    def __init__(self, pictures: list[tuple[Path, str]], first: int = 0) -> None:
        super().__init__()
        self.pictures = pictures
        self.index = max(0, min(first, len(pictures) - 1))

    def compose(self) -> ComposeResult:
        from textual_image.widget import Image  # the terminal was asked on import

        yield Image(id="picture")
        yield Static("", id="caption", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def action_move(self, step: int) -> None:
        if self.pictures:
            self.index = (self.index + step) % len(self.pictures)
            self._show()

    def _show(self) -> None:
        from textual_image.widget import Image

        if not self.pictures:
            self.query_one("#caption", Static).update("No kept pictures to show.")
            return
        path, caption = self.pictures[self.index]
        image = self.query_one("#picture", Image)
        image.image = path
        where = f"Picture {self.index + 1} of {len(self.pictures)}"
        self.query_one("#caption", Static).update(f"{where}  ·  {caption}" if caption else where)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m eye_tui.ui.picture_viewer PICTURES.json [FIRST]", file=sys.stderr)
        return 2
    import textual_image.widget  # noqa: F401  ask the terminal now, before Textual starts

    first = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 0
    PictureViewer(load_pictures(Path(argv[0])), first).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
