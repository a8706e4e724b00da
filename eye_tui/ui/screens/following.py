"""Following links: the links view, links by number, the post in a browser, and posts
of this archive opened here (offline) with a way back."""

from typing import TYPE_CHECKING

from textual import on

from eye_tui.text import clean_label
from eye_tui.ui.background import DocumentSaved
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
        if post is None:
            self.say_no_post()
            return
        if not post.link:  # a feed may give a post no address
            self.notify("This post has no web address to open.", timeout=4)
        elif self.eye.open_link(post.link):
            self.read_shown_post()  # read in the browser: n need not come back to it

    def action_copy_address(self) -> None:
        post = self.query_one(PostList).current
        if post is None:
            self.say_no_post()
        elif not post.link:
            self.notify("This post has no web address to copy.", timeout=4)
        else:
            self.app.copy_to_clipboard(post.link)  # OSC 52: through ssh and tmux too
            self.notify(f"Copied {clean_label(post.link, 300)}", markup=False, timeout=4)

    def _post_links(self) -> "list[PostLink]":
        from dataclasses import replace

        from eye_tui.links import describe

        reader = self.query_one(PostReader)
        links = describe(reader.links, reader.link_labels, self.archive.post_key_for_link)
        saved = self.archive.documents_for(reader.links)
        return [
            replace(link, saved_file=saved[link.url].file, saved_bytes=saved[link.url].bytes)
            if link.url in saved and (self.archive.documents_folder / saved[link.url].file).exists()
            else link
            for link in links
        ]

    def action_open_link(self, number: int) -> None:
        if self.query_one(PostReader).post is None:
            self.say_no_post()
            return
        links = self._post_links()
        if not 1 <= number <= len(links):
            self.notify(f"This post has no link {number}.", timeout=3)
            return
        self._follow(links[number - 1])

    def action_show_links(self) -> None:
        from eye_tui.ui.screens.links import LinksScreen

        post = self.query_one(PostReader).post
        if post is None:
            self.say_no_post()
            return
        links = LinksScreen(post.summary.title, self._post_links(), self._save_document)
        self.app.push_screen(links, self._link_chosen)

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
        if link.saved_file:
            path = self.archive.documents_folder / link.saved_file
            self.eye.open_link(path.as_uri(), local=True)
            return
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

    def _save_document(self, link: "PostLink") -> bool:
        """Start saving a document for offline reading (True), or say why not."""
        from eye_tui.links import LinkKind

        post = self.query_one(PostReader).post
        if link.kind not in (LinkKind.PDF, LinkKind.DOCUMENT) or post is None:
            self.notify("Only documents are saved (PDF, Word, OpenDocument).", timeout=4)
            return False
        if link.saved_file:
            self.notify("Already saved: Enter opens it, offline.", timeout=4)
            return False
        if (reason := self.eye.offline_reason()) is not None:
            self.notify(f"Offline ({reason}): cannot fetch it now.", timeout=4)
            return False
        self.notify("Saving the document…", timeout=2)
        self.refresher.save_document(
            self.eye.settings, self.archive.path, post.summary.key, link.url
        )
        return True

    @on(DocumentSaved)
    def _document_saved(self, event: DocumentSaved) -> None:
        from eye_tui.ui.screens.links import LinksScreen

        view = self.app.screen if isinstance(self.app.screen, LinksScreen) else None
        if event.error is not None:
            self.notify(event.error, title="Not saved", severity="error", markup=False)
        else:
            where = "Enter" if view is not None else "u, then Enter,"
            self.notify(f"Saved for offline reading: {where} opens it.", timeout=5)
        if view is not None:  # its row says so (or takes back its "saving…")
            for link in self._post_links():
                if link.url == event.url:
                    view.show_link(link)

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
