"""The help screen: every key, generated from the bindings that are live right now."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.key_rows = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("eye-tui — keys", id="help-title")
            yield Static(
                "Mouse works too: click a post, a tag, a month or a filter to "
                "remove it. Ctrl+P finds any command, tag or month.",
                id="help-intro",
            )
            table: DataTable[Text] = DataTable(show_cursor=False, zebra_stripes=True)
            table.add_columns("Key", "Does")
            for key, description in self.key_rows:
                table.add_row(Text(key, style="bold"), Text(description))
            yield table
            yield Static("Esc closes this help.", id="help-outro")
