"""The active filters, always visible: each one a chip that a click removes."""

import calendar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from eye_tui.matching import WORD, has_something_to_find
from eye_tui.model import SECTION_PREFIX, PostFilter
from eye_tui.ui.safe import label

MAX_CHIP = 28  # cells: a long tag name is cut so others still fit at 80 columns
MIN_CHIP = 12  # cells: shorter than this a chip says too little; "+N more" instead
MORE = 8  # cells kept for "+N more" while chips are left to place


class FilterChip(Static):
    """One active filter; clicking it removes it."""

    class Removed(Message):
        def __init__(self, part: str, value: str) -> None:
            super().__init__()
            self.part, self.value = part, value

    def __init__(self, text: Text, part: str, value: str = "", most: int = MAX_CHIP) -> None:
        text = text.copy()
        text.truncate(most, overflow="ellipsis")
        if not text.plain.endswith(" ✕"):  # a long name was cut: keep the close mark
            text = text[: most - 3] + Text("… ✕")
        super().__init__(text, classes="chip", markup=False)
        self.label = text
        self.part, self.value = part, value
        self.tooltip = "Click to remove this filter"

    def on_click(self) -> None:
        self.post_message(self.Removed(self.part, self.value))


class FilterBar(Horizontal):
    """'Showing: Police ✕  March 2015 ✕  unread ✕' — or every post, when none apply."""

    waiting = ""  # the start of a word typed in the search box, too short to search yet
    _shown: tuple[PostFilter, dict[str, str], int] | None = None  # the last show_filter

    def compose(self) -> ComposeResult:
        yield Static("All posts", id="filter-summary", markup=False)

    def show_filter(self, post_filter: PostFilter, tag_names: dict[str, str], count: int) -> None:
        self._shown = (post_filter, tag_names, count)
        self.remove_children(".chip")  # chips and the "+N more" note
        chips: list[tuple[Text, str, str]] = []  # (what it shows, part, value)
        for key in post_filter.tags:
            mark = "§ " if key.startswith(SECTION_PREFIX) else "# "  # a section, or a tag
            chips.append((Text(mark) + label(tag_names.get(key, key)) + " ✕", "tag", key))
        if post_filter.month:
            chips.append((Text(_month_name(post_filter.month) + " ✕"), "month", ""))
        if post_filter.unread:
            chips.append((Text("unread ✕"), "unread", ""))
        if post_filter.starred:
            chips.append((Text("starred ✕"), "starred", ""))
        # The search last: the box above shows it whole, so its chip is the one to cut.
        if post_filter.query:
            chips.append((Text("search: ") + label(post_filter.query) + " ✕", "query", ""))
        noun = "post" if count == 1 else "posts"
        summary = Text(f"{count:,} {noun}" + ("" if chips else " · all"))
        if self.waiting:
            summary += self._why_waiting(self.waiting)
        if chips:
            summary += " · x clears:"
        self.query_one("#filter-summary", Static).update(summary)
        # One row: the chips that fit (each with its margin and padding), a chip cut short
        # rather than none at all, then "+N more".
        room = self.size.width - summary.cell_len - 2 if self.size.width else 10_000
        shown: list[Static] = []
        for n, (text, part, value) in enumerate(chips):
            most = min(MAX_CHIP, room - 3 - (MORE if n < len(chips) - 1 else 0))
            if most < min(MIN_CHIP, text.cell_len):
                shown.append(
                    Static(Text(f"+{len(chips) - n} more"), classes="chip more", markup=False)
                )
                break
            chip = FilterChip(text, part, value, most)
            shown.append(chip)
            room -= chip.label.cell_len + 3
        if shown:
            self.mount(*shown)

    @staticmethod
    def _why_waiting(typed: str) -> Text:
        """A word's first letters wait for more; punctuation alone is never searched, and
        words after a minus only leave posts out: a word to find is still to come."""
        if not WORD.search(typed):
            return Text(" · no word to search for in ") + label(f"“{typed}”")
        if not has_something_to_find(typed):
            return Text(" · type a word to find: ") + label(f"“{typed}”") + " only leaves out"
        return Text(" · keep typing to search ") + label(f"“{typed}”")

    def show_waiting(self, letters: str) -> None:
        """Say that what is typed ends in letters not searched yet ("" when it does not)."""
        if letters != self.waiting:
            self.waiting = letters
            self._show_again()

    def on_resize(self) -> None:
        self._show_again()  # what fits depends on the width

    def _show_again(self) -> None:
        if self._shown is not None:
            self.show_filter(*self._shown)


def _month_name(month: str) -> str:
    if len(month) == 4:
        return month
    return f"{calendar.month_name[int(month[5:])]} {month[:4]}"
