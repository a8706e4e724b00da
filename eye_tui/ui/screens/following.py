"""Following links: the links view, links by number, the post in a browser, and posts
of this archive opened here (offline) with a way back."""

from typing import TYPE_CHECKING

from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader

if TYPE_CHECKING:
    from eye_tui.links import PostLink
    from eye_tui.ui.screens.links import LinkChoice


class FollowingActions(ReaderScreen):
    def __init__(self) -> None:
        super().__init__()
        self._came_from: list[int] = []  # posts left by following a link (Backspace)
        self._confirmed = ""  # a deceptive link warned about once: the next try opens it

    def action_open_in_browser(self) -> None:
        post = self.query_one(PostList).current
        if post is not None:
            self.eye.open_link(post.link)

    def _post_links(self) -> "list[PostLink]":
        from eye_tui.links import describe

        reader = self.query_one(PostReader)
        return describe(reader.links, reader.link_labels, self.archive.post_key_for_link)

    def action_open_link(self, number: int) -> None:
        links = self._post_links()
        if not 1 <= number <= len(links):
            self.notify(f"This post has no link {number}.", timeout=3)
            return
        self._follow(links[number - 1])

    def action_show_links(self) -> None:
        from eye_tui.ui.screens.links import LinksScreen

        post = self.query_one(PostReader).post
        if post is None:
            self.notify("No post is open.", timeout=3)
            return
        self.app.push_screen(LinksScreen(post.summary.title, self._post_links()), self._link_chosen)

    def _link_chosen(self, choice: "LinkChoice | None") -> None:
        if choice is None:
            return
        if choice.copy:
            self.app.copy_to_clipboard(choice.link.url)
            self.notify(f"Copied {choice.link.url}", markup=False, timeout=4)
        else:
            self._follow(choice.link)

    def _follow(self, link: "PostLink") -> None:
        """A post of this archive opens here, offline; anything else goes to a browser."""
        from eye_tui.links import LinkKind

        if link.warning and self._confirmed != link.url:
            self._confirmed = link.url  # the same key again opens it
            self.notify(
                f"Careful: {link.warning}. Follow it again to open it anyway.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return
        self._confirmed = ""
        if link.post_key is not None:
            current = self.query_one(PostReader).post
            if current is not None and current.summary.key != link.post_key:
                self._came_from.append(current.summary.key)
            self.open_post_by_key(link.post_key)
        elif link.kind is LinkKind.BLOCKED:
            self.notify(
                "Not opened: only web and mail links are. Press u, then y, to copy it.",
                severity="warning",
                timeout=5,
            )
        else:
            self.eye.open_link(link.url)

    def action_back(self) -> None:
        if not self._came_from:
            self.notify("No post to go back to (Backspace returns after following a link).")
            return
        self.open_post_by_key(self._came_from.pop())

    def open_post_by_key(self, key: int) -> None:
        """Open a post of the archive: at its place in the list if the list holds it,
        else in the pane alone (the list and its filters stay as they are)."""
        post_list = self.query_one(PostList)
        position = self.archive.position_of(self.post_filter, key)
        if position is not None:
            post_list.cursor = position
            if post_list.current is not None:
                self.open_post(post_list.current)
            return
        post = self.archive.get_post(key)
        if post is not None:
            self.open_post(post.summary)
