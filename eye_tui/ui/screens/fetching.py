"""The main screen's part that talks to the network: refreshing, history, comments and
pictures (documents saved from the links view: following.py). The work itself is in
refresh_controller.py and background.py; here the keys start it and its messages come
back to the screen."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.worker import Worker

from eye_tui.ui.background import (
    CommentsFetched,
    PicturesFetched,
    PicturesProgress,
    RefreshEnded,
    RefreshProgress,
)
from eye_tui.ui.screens.base import ReaderScreen

if TYPE_CHECKING:
    from eye_tui.ui.refresh_controller import RefreshController


class FetchingActions(ReaderScreen):
    network: "RefreshController"
    pictures_activity: str | None  # "Keeping pictures: 3 of 10…"
    _pictures_noted: set[str]  # pictures whose viewing is recorded this run

    def action_refresh(self, all_pages: bool = False) -> None:
        self.network.refresh(all_pages)

    def action_fetch_history(self) -> None:
        self.network.fetch_history()

    def action_comments(self) -> None:
        self.read_shown_post()  # its comments are read with it
        self.network.comments()

    @on(RefreshProgress)
    def _refresh_progress(self, event: RefreshProgress) -> None:
        self.network.progress(event)

    @on(RefreshEnded)
    def _refresh_ended(self, event: RefreshEnded) -> None:
        self.network.ended(event)

    @on(PicturesProgress)
    def _pictures_progress(self, event: PicturesProgress) -> None:
        self.pictures_activity = (
            f"Keeping pictures: {event.done} of {event.wanted}…"
            if event.done < event.wanted
            else None
        )
        self.update_status()

    @on(PicturesFetched)
    def _pictures_fetched(self, event: PicturesFetched) -> None:
        self.pictures_activity = None
        self.update_status()
        self.network.pictures_fetched(event)

    def action_fetch_pictures(self) -> None:
        self.network.pictures()

    def _kept_pictures(self, urls: Sequence[str]) -> dict[str, Path]:
        """The files of the pictures at `urls` that are kept (none when pictures are off)."""
        if self.eye.settings.pictures == "off":
            return {}
        folder = self.archive.media_folder
        found = self.archive.pictures_for(urls)
        kept = {url: folder / p.file for url, p in found.items() if (folder / p.file).exists()}
        # The least viewed go first when the cap is reached: note each once a run, not on
        # every redraw (typing a search redraws the open post at each key).
        unnoted = [url for url in kept if url not in self._pictures_noted]
        if unnoted:
            self._pictures_noted.update(unnoted)
            self.archive.note_pictures_viewed(unnoted)
        return kept

    @on(CommentsFetched)
    def _comments_fetched(self, event: CommentsFetched) -> None:
        self.network.comments_fetched(event)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.network.worker_state_changed(event)
