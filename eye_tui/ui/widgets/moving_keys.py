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


class MovingScroll(VerticalScroll):
    BINDINGS = [
        *moving_keys("scroll_down", "scroll_up", "scroll_home", "scroll_end"),
        Binding("space", "page_down", "Page down", show=False),
    ]
