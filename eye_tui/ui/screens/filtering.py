"""Filtering the list: tags and sections (from the sidebar, the chips or a post's own
header), a month, unread or starred only, and clearing them all."""

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual import on
from textual.widgets import Input

from eye_tui.model import SECTION_PREFIX
from eye_tui.ui import filter_state
from eye_tui.ui.messages import MonthChosen, TagToggled
from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.filter_bar import FilterChip
from eye_tui.ui.widgets.post_reader import PostReader

if TYPE_CHECKING:
    from eye_tui.ui.widgets.sidebar import ArchivePane, TagPane


class FilteringActions(ReaderScreen):
    def __init__(self) -> None:
        super().__init__()
        self._tag_names: dict[str, str] = {}  # tag key -> name, as the archive last said

    def sidebar_panes(self) -> "tuple[TagPane, ArchivePane] | None":
        """The sidebar's panes, or None in the moment before they are mounted."""
        if not self.query("#archive"):
            return None
        return (
            cast("TagPane", self.query_one("#tags")),
            cast("ArchivePane", self.query_one("#archive")),
        )

    def _show_chosen_tags(self) -> None:
        if (panes := self.sidebar_panes()) is not None:
            panes[0].set_tags(self.archive.tag_counts(), self.post_filter.tags)

    @on(TagToggled)
    def _tag_toggled(self, event: TagToggled) -> None:
        self.post_filter = filter_state.toggle_tag(self.post_filter, event.slug)
        self._show_chosen_tags()
        self.apply_filter()

    @on(MonthChosen)
    def _month_chosen(self, event: MonthChosen) -> None:
        self.post_filter = filter_state.choose_month(self.post_filter, event.month)
        self.apply_filter()
        if self.has_class("-show-sidebar"):  # one month, chosen to be read
            self.fold_sidebar()

    @on(FilterChip.Removed)
    def _chip_removed(self, event: FilterChip.Removed) -> None:
        self.post_filter = filter_state.drop(self.post_filter, event.part, str(event.value))
        if event.part == "tag":
            self._show_chosen_tags()
        elif event.part == "query":
            self.clear_search()
            return
        self.apply_filter()

    def set_filter(self, **changes: object) -> None:
        """Change part of the filter (used by the command palette and the actions)."""
        self.post_filter = replace(self.post_filter, **changes)  # type: ignore[arg-type]
        if "tags" in changes:
            self._show_chosen_tags()
        self.apply_filter()

    def action_filter_by_post_tag(self, index: int) -> None:
        """A tag clicked in the post's header: add it to the filter."""
        self._filter_by_post_term(index, section=False)

    def action_filter_by_post_section(self, index: int) -> None:
        """A section ("Posted in News") clicked in the post's header."""
        self._filter_by_post_term(index, section=True)

    def _filter_by_post_term(self, index: int, section: bool) -> None:
        post = self.query_one(PostReader).post
        names = post.summary.categories if section and post else post.summary.tags if post else ()
        if not 0 <= index < len(names):
            return
        key = next(
            (
                k
                for k, n in self._tag_names.items()
                if n == names[index] and k.startswith(SECTION_PREFIX) == section
            ),
            None,
        )
        if key is not None and key not in self.post_filter.tags:
            self.set_filter(tags=(*self.post_filter.tags, key))

    def action_toggle_unread(self) -> None:
        self.set_filter(unread=not self.post_filter.unread)

    def action_toggle_starred(self) -> None:
        self.set_filter(starred=not self.post_filter.starred)

    def action_clear_filters(self) -> None:
        self.forget_place_before_search()  # x keeps the list where it is
        self.query_one("#search", Input).value = ""
        self.set_filter(tags=(), month=None, unread=False, starred=False, query="")
