"""Moving about: through the post, from post to post, to the sidebar, and the layout
(full-screen post, sidebar shown or hidden)."""

from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader


class MovingActions(ReaderScreen):
    def action_focus_tags(self) -> None:
        if (panes := self.sidebar_panes()) is None:
            return  # the first moment after start: the sidebar is still being built
        self.add_class("-show-sidebar")  # for now: Esc folds it again, b hides it
        panes[0].focus_tags()

    def action_focus_archive(self) -> None:
        if (panes := self.sidebar_panes()) is None:
            return
        self.add_class("-show-sidebar")  # for now: Esc folds it again, b hides it
        panes[1].show_cursor(self.post_filter.month)
        panes[1].focus()

    def fold_sidebar(self) -> None:
        """Fold a sidebar unfolded for a choice (t, a; narrow, or hidden by b) and give
        the list the keys; letters typed to find a tag, left unused, are forgotten (else
        the next t opens on "No tag matches")."""
        self.remove_class("-show-sidebar")
        if (panes := self.sidebar_panes()) is not None:
            panes[0].forget_typed()
        self.query_one(PostList).focus()

    def action_page_down(self) -> None:
        reader = self.query_one(PostReader)
        self.read_shown_post()  # paging through a post is reading it, wherever it is left
        if reader.post is not None and reader.scroll_offset.y >= reader.max_scroll_y:
            self._jump_to_unread(1)  # at the end of a post, Space goes on (mutt, slrn)
        else:
            reader.scroll_page_down(animate=False)

    def read_shown_post(self) -> None:
        """The post the pane shows is being read, though it was only shown as the cursor
        passed: mark it read, unless it was marked unread by hand (kept for later)."""
        reader = self.query_one(PostReader)
        shown = self.query_one(PostList).current
        if reader.post is None or shown is None or shown.key != reader.post.summary.key:
            return
        # Read already: nothing to do (each Space would read the post back and save).
        if not shown.read and shown.key != self.kept_unread:
            self.open_post(shown)

    def action_next_post(self, step: int) -> None:
        """J / K: the next or previous post in the list, opened, wherever focus is."""
        post_list = self.query_one(PostList)
        wanted = post_list.cursor + step
        if post_list.total and not 0 <= wanted < post_list.total:
            end = "last" if step > 0 else "first"
            self.notify(f"This is the {end} post of the list.", timeout=3)
            return
        post_list.cursor = max(0, wanted)
        if post_list.current is not None:
            self.open_post(post_list.current)

    def action_page_up(self) -> None:
        self.query_one(PostReader).scroll_page_up(animate=False)

    def _jump_to_unread(self, step: int) -> None:
        post_list = self.query_one(PostList)
        index = post_list.find(lambda post: not post.read, step)  # nearby, as drawn
        if index is not None:
            post_list.cursor = index
        elif not self._unread_beyond(post_list, step):
            return
        if post_list.current is not None:
            self.open_post(post_list.current)

    def _unread_beyond(self, post_list: PostList, step: int) -> bool:
        """None near: the archive finds the next unread post, however far down the list
        or on round its end (mutt and newsboat go on from the top too)."""
        current = post_list.current
        place = self.archive.next_unread(self.post_filter, current.key, step) if current else None
        if place is None:
            self.notify("No other unread posts in this list.", timeout=3)
            return False
        shown = post_list.row(place.position)
        if shown is not None and shown.key == place.key:
            post_list.cursor = place.position
        else:  # the list changed since it was drawn (posts came in): list it afresh
            self.apply_filter(keep_key=place.key, preview=False)
        if place.wrapped:
            end = "top" if step > 0 else "bottom"
            self.notify(f"On from the {end} of the list.", timeout=3)
        return True

    def action_next_match(self, step: int) -> None:
        """The next match in the post; past its last, the next result's first match."""
        if self.query_one(PostReader).scroll_to_match(step):
            return
        post_list = self.query_one(PostList)
        if not post_list.total:
            return
        index = post_list.cursor + step
        if not 0 <= index < post_list.total:  # on round the results, as vim and mutt go
            index %= post_list.total
            end = "first" if step > 0 else "last"
            self.notify(f"On from the {end} result.", timeout=3)
        post_list.cursor = index
        if post_list.current is not None:
            self.query_one(PostReader).open_at_match("first" if step > 0 else "last")
            self.open_post(post_list.current)

    def action_next_unread(self) -> None:
        self._jump_to_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_to_unread(-1)

    def action_toggle_full_reader(self) -> None:
        # Focus follows: a hidden list would hand focus to the search box, and the next
        # key pressed would be typed into it.
        full = not self.has_class("-full-reader")
        self.set_class(full, "-full-reader")
        self.set_focus(self.query_one(PostReader) if full else self.query_one(PostList))
        self.eye.save_state({"full_screen": full})

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-sidebar")
        else:  # hides it whenever it is shown, if only for the tags (t) or months (a)
            hide = self.has_class("-show-sidebar") or not self.has_class("-no-sidebar")
            self.remove_class("-show-sidebar")
            self.set_class(hide, "-no-sidebar")
            self.eye.save_state({"sidebar_hidden": hide})
