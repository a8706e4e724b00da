"""j, k, g and G wherever a list or a page takes the arrows, as the post list does, so a
resident's j never does nothing in one place and moves in the next."""

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList


def moving_keys(down: str, up: str, first: str, last: str) -> list[BindingType]:
    """j, k, g and G for the actions a widget's arrows and Home/End already run."""
    return [
        Binding("j", down, "Down", show=False),
        Binding("k", up, "Up", show=False),
        Binding("g", first, "First", show=False),
        Binding("G", last, "Last", show=False),
    ]


class MovingOptions(OptionList):
    BINDINGS = moving_keys("cursor_down", "cursor_up", "first", "last")

    # Textual pages by the lines it made when the list was laid out: PgUp reaching a
    # list not drawn yet (the folded sidebar, as t unfolds it) raised KeyError and
    # ended the reader. With nothing on screen there is no page to move by.
    def action_page_up(self) -> None:
        if self.scrollable_content_region:
            super().action_page_up()  # type: ignore[no-untyped-call]  # Textual: untyped

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()  # type: ignore[no-untyped-call]  # Textual: untyped


class MovingScroll(VerticalScroll):
    BINDINGS = [
        *moving_keys("scroll_down", "scroll_up", "scroll_home", "scroll_end"),
        Binding("space", "page_down", "Page down", show=False),
    ]
