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


def page_when_drawn(options: OptionList, down: bool) -> None:
    """PgDn/PgUp in a list of options, once it is on screen. Textual pages by the lines
    it made when the list was laid out: a page key reaching a list not drawn yet (the
    folded sidebar as t unfolds it, the palette as Ctrl+P opens it) raised KeyError and
    ended the reader. With nothing on screen there is no page to move by."""
    if options.scrollable_content_region:
        page = OptionList.action_page_down if down else OptionList.action_page_up
        page(options)  # type: ignore[no-untyped-call]  # Textual: untyped


class MovingOptions(OptionList):
    BINDINGS = moving_keys("cursor_down", "cursor_up", "first", "last")

    def action_page_up(self) -> None:
        page_when_drawn(self, down=False)

    def action_page_down(self) -> None:
        page_when_drawn(self, down=True)


class MovingScroll(VerticalScroll):
    BINDINGS = [
        *moving_keys("scroll_down", "scroll_up", "scroll_home", "scroll_end"),
        Binding("space", "page_down", "Page down", show=False),
    ]
