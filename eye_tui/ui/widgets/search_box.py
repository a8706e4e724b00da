"""The search box: what it types searches the archive; Down goes into the results, as
the tag filter's Down goes into its tags, and Up from the first result comes back."""

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [Binding("down", "screen.into_results", "To the results", show=False)]

    def back_from_results(self) -> None:
        """Focus with the cursor after the words typed, to go on typing: a focus selects
        them all (so "/" starts a new search), and the end is taken once it has."""
        self.screen.set_focus(self)
        self.call_later(self.action_end)  # queued behind the focus
