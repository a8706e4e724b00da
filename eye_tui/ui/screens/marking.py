"""Marking posts: read or unread, starred, and every post of the list at once (undoable).

On a read-only archive each marking key says why it does nothing.
"""

from collections.abc import Callable
from dataclasses import replace

from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.post_list import PostList

# Posts from which marking them all is said before it is done: the work holds the screen
# (66,667 posts at 100,000: about half a second), and a notice drawn first says why.
SAID_FIRST_FROM = 5_000
NOTICE_DRAWN = 0.1  # seconds


class MarkingActions(ReaderScreen):
    def __init__(self) -> None:
        super().__init__()
        self._last_marked: list[int] = []  # what the last "mark all read" changed (z undoes)

    def _cannot_write(self) -> bool:
        """On a read-only archive, say why a marking key does nothing (True)."""
        if self.archive.read_only:
            self.notify("This archive is read-only here: nothing can be marked.", timeout=4)
        return self.archive.read_only

    def action_toggle_read(self) -> None:
        if self._cannot_write():
            return
        post = self.query_one(PostList).current
        if post is None:
            self.say_no_post()
            return
        if self.eye.saved(lambda: self.archive.set_read(post.key, not post.read)):
            self.query_one(PostList).mark(post.key, read=not post.read)
            self.kept_unread = post.key if post.read else None
            self.update_status()

    def action_mark_all_read(self) -> None:
        """Every post the list shows now (all, a tag, a month, a search) becomes read."""
        if self._cannot_write():
            return
        if self.query_one(PostList).total < SAID_FIRST_FROM:
            self._mark_all_read()  # quick, and it says so itself when nothing was unread
            return
        # A long list: how many of its posts are unread is worth an index count first.
        unread = self.archive.count_posts(replace(self.post_filter, unread=True))
        if not unread:
            self.notify("Nothing unread here.", timeout=3)
            return
        self._said_first(f"Marking {unread:,} posts read…", unread, self._mark_all_read)

    def _said_first(self, notice: str, posts: int, work: Callable[[], None]) -> None:
        """Long work is said first and done once the notice is on screen."""
        if posts < SAID_FIRST_FROM:
            work()
            return
        self.notify(notice, timeout=3)
        # A notice is mounted and drawn some frames later (a refresh after this one was
        # not enough in tmux): the work waits a tenth of a second, unseen beside seconds.
        self.set_timer(NOTICE_DRAWN, work)

    def _mark_all_read(self) -> None:
        keys: list[int] = []
        if not self.eye.saved(lambda: keys.extend(self.archive.mark_all_read(self.post_filter))):
            return
        if not keys:
            self.notify("Nothing unread here.", timeout=3)
            return
        self._last_marked = keys
        self.apply_filter()
        self.update_status()
        self.notify(
            f"Marked {len(keys):,} post{'s' * (len(keys) != 1)} read. Press z to undo.", timeout=6
        )

    def action_undo_mark_all(self) -> None:
        if not self._last_marked:
            self.notify("Nothing to undo.", timeout=3)
            return
        keys = self._last_marked
        self._said_first(
            f"Marking {len(keys):,} posts unread…", len(keys), lambda: self._mark_unread(keys)
        )

    def _mark_unread(self, keys: list[int]) -> None:
        if not self.eye.saved(lambda: self.archive.mark_unread(keys)):
            return  # kept: z may be pressed again
        self._last_marked = []
        self.apply_filter()
        self.update_status()
        # "Press z to undo" would stay up beside it: the notices so far are over.
        self.app.clear_notifications()
        self.notify(f"{len(keys):,} post{'s' * (len(keys) != 1)} unread again.", timeout=3)

    def action_toggle_star(self) -> None:
        if self._cannot_write():
            return
        post = self.query_one(PostList).current
        if post is None:
            self.say_no_post()
            return
        if self.eye.saved(lambda: self.archive.set_starred(post.key, not post.starred)):
            self.query_one(PostList).mark(post.key, starred=not post.starred)
            self.update_status()  # the starred count
            self.notify("Starred." if not post.starred else "Star removed.", timeout=2)
