"""The help screen: the app's own keys, grouped by task, from the live bindings.

One scroll area (a table drawn as text, not a widget that scrolls inside the screen),
so at 80x24 the keys are there at once and PgDn reaches the rest.
"""

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from eye_tui.ui.widgets.moving_keys import MovingScroll

# Each action's task; the order here is the order on screen. Actions not named fall
# under "More".
GROUPS: dict[str, tuple[str, ...]] = {
    "Reading": (
        "page_down",
        "page_up",
        "next_unread",
        "previous_unread",
        "next_post",
        "toggle_full_reader",
        "comments",
        "fetch_pictures",
        "view_pictures",
    ),
    "The list": ("list", "toggle_read", "toggle_star", "mark_all_read", "undo_mark_all"),
    "Finding": (
        "search",
        "next_match",
        "focus_tags",
        "focus_archive",
        "toggle_unread",
        "toggle_starred",
        "clear_filters",
        "escape",
    ),
    "Links": ("show_links", "open_in_browser", "copy_address", "open_link", "back"),
    "The archive": ("refresh", "fetch_history", "open_sample"),
    "The reader": ("help", "toggle_sidebar", "palette", "suspend", "redraw", "quit"),
}
# Keys the list and the app handle themselves, shown with the screen's.
EXTRA_ROWS = (
    ("list", "↑ ↓ / j k", "Move in the list"),
    ("list", "g G / Home End", "First / last post of the list"),
    ("list", "Enter / click", "Open the post"),
    ("palette", "Ctrl+P", "Command palette: any command, tag, month or year"),
    ("suspend", "Ctrl+Z", "Suspend to the shell (fg brings it back)"),
    ("redraw", "Ctrl+L", "Draw the screen again"),
)


def key_rows(bindings: Iterable[tuple[Binding, str]]) -> list[tuple[str, str, str]]:
    """(group, key, what it does) for each binding (with its key as shown), in order."""
    rows: list[tuple[str, str, str]] = [row for row in EXTRA_ROWS]
    seen: set[str] = set()
    for binding, key in bindings:
        action = binding.action.split("(")[0]
        if not binding.description or (action in seen and action == "open_link"):
            continue
        if action == "open_link":
            key, description = "1 – 9", "Open link N of the post"
        else:
            description = binding.description
        seen.add(action)
        rows.append((action, key, description))
    order = {action: n for n, action in enumerate(a for group in GROUPS.values() for a in group)}
    rows.sort(key=lambda row: order.get(row[0], len(order)))
    group_of = {action: name for name, actions in GROUPS.items() for action in actions}
    return [(group_of.get(action, "More"), key, does) for action, key, does in rows]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]
    SCOPED_CSS = False  # parsed when help first opens, not before the first paint
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }

    #help-box {
        width: 72;
        max-width: 95%;
        height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }

    #help-title {
        text-style: bold;
        color: $text-primary;
        padding: 1 0 0 0;
    }

    #help-keys {
        padding: 1 0;
    }

    #help-outro {
        color: $text-muted;
        padding: 0 0 1 0;
    }
    """

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.key_rows = [(key, does) for _, key, does in rows]
        self._rows = rows

    def compose(self) -> ComposeResult:
        with MovingScroll(id="help-box"):
            yield Static("eye-tui — keys", id="help-title")
            yield Static(self._table(), id="help-keys")
            yield Static(
                "Mouse works too: click a post, a tag, a month, or a filter to drop it. "
                "Esc closes this help.",
                id="help-outro",
            )

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        group = None
        for name, key, does in self._rows:
            if name != group:
                table.add_row(Text(name, style="bold underline"), "")
                group = name
            table.add_row(Text(key), Text(does))
        return table
