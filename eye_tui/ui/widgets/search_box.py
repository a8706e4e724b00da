"""The search box: what it types searches the archive; Down goes into the results, as
the tag filter's Down goes into its tags."""

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [Binding("down", "screen.into_results", "To the results", show=False)]
