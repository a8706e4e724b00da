"""What the main screen's parts share: the app, the archive, and the few steps every
part takes (open a post, show the list again, update the status line).

The main screen is assembled from parts with one job each (filtering.py, marking.py,
moving.py, following.py, fetching.py); each is a Screen subclass so Textual finds its
actions, and the keys that run them all stay in one place, ui/keys.py.
"""

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from eye_tui.model import PostFilter, PostSummary

if TYPE_CHECKING:
    from eye_tui.archive import Archive
    from eye_tui.ui.app import EyeApp
    from eye_tui.ui.background import Refresher
    from eye_tui.ui.widgets.sidebar import ArchivePane, TagPane


class ReaderScreen(Screen[None]):
    post_filter: PostFilter
    refresher: "Refresher"
    # The post marked unread by hand while it is shown: paging to its end leaves it so.
    kept_unread: int | None = None

    @property
    def eye(self) -> "EyeApp":
        return cast("EyeApp", self.app)

    @property
    def archive(self) -> "Archive":
        return self.eye.archive

    def say_no_post(self) -> None:
        """For a key that acts on the post when there is none (a filter that matches
        nothing leaves the list empty): said, rather than nothing happening."""
        self.notify("No post is open.", timeout=3)

    # The main screen provides these.

    def open_post(self, summary: PostSummary) -> None:
        raise NotImplementedError

    def apply_filter(
        self, keep_key: int | None = None, preview: bool = True, preview_soon: bool = False
    ) -> None:
        raise NotImplementedError

    def update_status(self) -> None:
        raise NotImplementedError

    def set_filter(self, **changes: object) -> None:
        raise NotImplementedError

    def sidebar_panes(self) -> "tuple[TagPane, ArchivePane] | None":
        raise NotImplementedError

    def clear_search(self) -> None:
        raise NotImplementedError

    def read_shown_post(self) -> None:
        raise NotImplementedError

    def fold_sidebar(self) -> None:
        raise NotImplementedError

    def forget_place_before_search(self) -> None:
        raise NotImplementedError
