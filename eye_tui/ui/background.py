"""Refreshes and comment fetches in threads that the main screen owns, reporting by message.

Nothing in a worker waits for the UI: progress is posted as a message that replaces the
one before it (a flood from a fast link collapses to the newest), and the end is always
one message — finished, stopped or failed. An exception that is not ours still ends the
worker, and Textual tells the screen (`Worker.StateChanged`), which owns it.
"""

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import Cancelled, EyeError
from eye_tui.model import SyncReport

if TYPE_CHECKING:
    from eye_tui.files import KeepReport
    from eye_tui.sync import Sync

REFRESH_GROUP = "refresh"
COMMENTS_GROUP = "comments"


class RefreshProgress(Message):
    """How the refresh is going; pages are stored as they arrive."""

    def __init__(self, report: SyncReport) -> None:
        super().__init__()
        self.report = report

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class RefreshEnded(Message):
    """The refresh is over: `report` if it finished, `error` (one line) if it failed,
    neither if it was stopped on purpose."""

    def __init__(self, report: SyncReport | None, error: str | None) -> None:
        super().__init__()
        self.report = report
        self.error = error


class PicturesFetched(Message):
    """A post's pictures were fetched: how many kept, and in brief what was not and why."""

    def __init__(self, post_keys: list[int], kept: int, not_kept: str, error: str | None) -> None:
        super().__init__()
        self.post_keys = post_keys
        self.kept = kept
        self.not_kept = not_kept
        self.error = error


class PicturesProgress(Message):
    """How keeping pictures is going: `done` of `wanted` answered so far."""

    def __init__(self, done: int, wanted: int) -> None:
        super().__init__()
        self.done = done
        self.wanted = wanted

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PicturesProgress)


class DocumentSaved(Message):
    """A document was saved (error None), or why it was not."""

    def __init__(self, url: str, error: str | None) -> None:
        super().__init__()
        self.url = url
        self.error = error


class CommentsFetched(Message):
    def __init__(self, post_key: int, error: str | None) -> None:
        super().__init__()
        self.post_key = post_key
        self.error = error


class Refresher:
    """Starts and stops the screen's refresh; at most one runs at a time."""

    def __init__(self, screen: Screen[None]) -> None:
        self._screen = screen
        self._sync: Sync | None = None  # the module is imported in the thread
        self.report: SyncReport | None = None  # the newest progress, while running
        self.running = False

    def start(
        self, settings: Settings, archive_path: Path, *, all_pages: bool, manual: bool = True
    ) -> None:
        self.running = True
        self.report = None
        self._screen.run_worker(
            lambda: self._refresh(settings, archive_path, all_pages, manual),
            name="refresh",
            group=REFRESH_GROUP,
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def stop(self) -> None:
        """End the downloads in flight now (quitting): stored pages stay."""
        sync = self._sync
        if sync is not None:
            sync.cancel()

    def ended(self) -> None:
        self.running = False
        self._sync = None

    def _refresh(
        self, settings: Settings, archive_path: Path, all_pages: bool, manual: bool
    ) -> None:
        from eye_tui.sync import Sync  # httpx and feedparser load here, after first paint

        post = self._screen.post_message

        def post_progress(report: SyncReport) -> None:
            post(RefreshProgress(report))

        try:
            with Archive(archive_path) as archive:  # a connection of the worker's own
                sync = Sync(archive, settings, lambda r: post_progress(replace(r)))
                self._sync = sync
                report = sync.refresh(all_pages=all_pages, manual=manual)
        except Cancelled:
            post(RefreshEnded(None, None))
        except EyeError as failure:
            post(RefreshEnded(None, str(failure)))
        else:
            post(RefreshEnded(report, None))

    def fetch_pictures(self, settings: Settings, archive_path: Path, post_keys: list[int]) -> None:
        def progress(report: "KeepReport") -> None:
            done = report.fetched + report.refused
            self._screen.post_message(PicturesProgress(done, report.wanted))

        def fetch() -> None:
            from eye_tui.sync import Sync

            kept, not_kept, error = 0, "", None
            try:
                with Archive(archive_path) as archive:
                    report = Sync(archive, settings).fetch_pictures(post_keys, progress=progress)
                kept, not_kept = report.fetched + report.already_here, report.not_kept("picture")
            except EyeError as failure:
                error = str(failure)
            self._screen.post_message(PicturesFetched(post_keys, kept, not_kept, error))

        self._screen.run_worker(
            fetch, name="pictures", group=COMMENTS_GROUP, thread=True, exit_on_error=False
        )

    def save_document(
        self, settings: Settings, archive_path: Path, post_key: int, url: str
    ) -> None:
        def fetch() -> None:
            from eye_tui.sync import Sync

            error = None
            try:
                with Archive(archive_path) as archive:
                    report = Sync(archive, settings).fetch_documents(
                        [post_key], only=url, by_hand=True
                    )
                if report.problems:
                    error = report.problems[0]
            except EyeError as failure:
                error = str(failure)
            self._screen.post_message(DocumentSaved(url, error))

        self._screen.run_worker(
            fetch, name="document", group=COMMENTS_GROUP, thread=True, exit_on_error=False
        )

    def fetch_comments(
        self, settings: Settings, archive_path: Path, post_key: int, url: str
    ) -> Worker[None]:
        def fetch() -> None:
            from eye_tui.sync import Sync

            error = None
            try:
                with Archive(archive_path) as archive:
                    Sync(archive, settings).fetch_comments(post_key, url)
            except EyeError as failure:
                error = str(failure)
            self._screen.post_message(CommentsFetched(post_key, error))

        return self._screen.run_worker(
            fetch, name="comments", group=COMMENTS_GROUP, thread=True, exit_on_error=False
        )
