"""Searching: the search box, results following the typing, and Esc back to the post
the list was on before the search began. (The matches in the pane: PostReader.)"""

from dataclasses import replace

from textual import on
from textual.timer import Timer
from textual.widgets import Input

from eye_tui.matching import has_something_to_find
from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.filter_bar import FilterBar
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.search_box import SearchBox

# The list follows the search box at once on a key after a quiet moment, then at most
# once per TYPING_PAUSE while keys keep coming (the last query always wins): a word typed
# at speed costs a search or two, not one per letter, and a pause costs no waiting.
TYPING_PAUSE = 0.08


class SearchActions(ReaderScreen):
    def __init__(self) -> None:
        super().__init__()
        self._search_timer: Timer | None = None  # the quiet time after a search ran
        self._typed: str | None = None  # a query typed during it, still to be searched
        self._before_search: int | None = None  # the post the list was on before a search

    def forget_place_before_search(self) -> None:
        self._before_search = None

    def action_search(self) -> None:
        # Focus at once (not after a refresh, as .focus() does): keys typed right after
        # "/" must land in the box, not run as commands ("S" is "starred only").
        self.set_focus(self.query_one("#search", Input))

    def action_into_results(self) -> None:
        self.query_one(PostList).focus()  # the cursor stays on the best match

    @on(PostList.PastTop)
    def _back_into_search(self) -> None:
        if self.post_filter.query:  # Up from the first result, as Down came from the box
            self.query_one("#search", SearchBox).back_from_results()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        query = event.value
        if query and not self.post_filter.query and self._before_search is None:
            current = self.query_one(PostList).current  # where Esc brings the list back to
            self._before_search = current.key if current else None
        if self._search_timer is not None:  # typing fast: searched when the quiet ends
            self._typed = query
            return
        self._search_now(query)

    def _search_now(self, query: str) -> None:
        self._typed = None
        # "c", or "parish co", waits for another letter (Enter searches it as it is).
        typed, query = query, self.archive.searchable_while_typing(query)
        waiting = typed[len(query) :].strip()
        if query != self.post_filter.query:
            self.query_one(FilterBar).waiting = waiting  # said as apply_filter redraws it
            self.post_filter = replace(self.post_filter, query=query)
            self.apply_filter(preview_soon=True)
        else:
            self.query_one(FilterBar).show_waiting(waiting)
        self._search_timer = self.set_timer(TYPING_PAUSE, self._quiet_ended)

    def _quiet_ended(self) -> None:
        self._search_timer = None
        if self._typed is not None:
            self._search_now(self._typed)

    def _stop_typing_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer, self._typed = None, None

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._stop_typing_timer()
        # All of it is searched (set_filter redraws the bar), unless it holds nothing to
        # find: "!!!" would list every post as a match; the bar says so instead.
        findable = has_something_to_find(event.value)
        self.query_one(FilterBar).waiting = "" if findable else event.value.strip()
        self.set_filter(query=event.value if findable else "")
        if findable:  # else the box keeps the keys: a word is still to come
            self.query_one(PostList).focus()

    def clear_search(self) -> None:
        """Back to the list as it was, at the post the resident was on before searching."""
        self._stop_typing_timer()
        back_to, self._before_search = self._before_search, None
        self.query_one("#search", Input).value = ""
        self.post_filter = replace(self.post_filter, query="")
        self.apply_filter(keep_key=back_to)
