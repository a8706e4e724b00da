"""Helpers for driving the reader with Pilot: wait on conditions, record notifications."""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.site import SitePost, WordPressSite


@dataclass(frozen=True)
class Notice:
    message: str
    title: str
    severity: str
    markup: bool


class RecordingApp(EyeApp):
    """The real reader, remembering every notification it shows (through public `notify`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[Notice] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notices.append(Notice(message, title, str(severity), markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def filled(settings: Settings, offline: bool = True) -> Settings:
    """Fill the archive from the site, then return settings for the app."""
    with Archive(archive_path(settings.data_dir)) as archive:
        Sync(archive, settings).refresh()
    return replace(settings, offline=offline)


def archive_of(posts: "list[SitePost]", data_dir: Path) -> Settings:
    """An archive filled once from a site serving `posts`; offline settings for it."""
    with WordPressSite(posts) as site:
        return filled(Settings(feed_url=site.url, data_dir=data_dir))


def long_html(paragraphs: int, what: str = "the council minutes") -> str:
    return "".join(f"<p>Paragraph {n} of {what}.</p>" for n in range(paragraphs))


def titles(app: EyeApp) -> list[str]:
    posts = app.screen.query_one(PostList)
    return [posts.row(i).title for i in range(posts.total)]  # type: ignore[union-attr]


def reader_text(app: EyeApp) -> str:
    return app.screen.query_one(PostReader).plain_text


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 15.0
) -> None:
    """Let the app run until `condition` holds; the time limit only stops a hang."""
    deadline = time.monotonic() + seconds
    await pilot.pause()
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await asyncio.sleep(0.02)
        await pilot.pause()


async def started(pilot: Pilot[Any], app: EyeApp) -> None:
    """Wait until the sidebar, built just after the first paint, is filled."""
    await wait_for(
        pilot,
        lambda: app.screen.query(ArchivePane) and app.screen.query_one(ArchivePane).root.children,
    )


def palette_choice(app: EyeApp) -> str:
    """The command the open palette would run on Enter ('' while it is still searching)."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found or found.first().highlighted is None:
        return ""
    options = found.first()
    option = options.get_option_at_index(options.highlighted)  # type: ignore[arg-type]
    return str(option.prompt).lstrip()
