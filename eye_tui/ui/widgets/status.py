"""The status line and the empty-archive message: what the reader says about itself."""

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from eye_tui.model import SyncReport


class StatusLine(Static):
    """'Last refresh 18:20 · 312 posts · 12 unread · 3 starred', or what is happening now."""

    def show(
        self,
        *,
        posts: int,
        unread: int,
        starred: int,
        last_refresh: str | None,
        activity: str | None,
        error: str | None,
        offline: bool,
        history_complete: bool = True,
        read_only: bool = False,
    ) -> None:
        text = Text()
        if activity:
            # While fetching, what arrives matters more than the counts (80 columns).
            text.append(activity, style="bold")
            if not history_complete:
                text.append(f"  ·  history: {posts:,} so far", style="italic")
            self.update(text)
            return
        if error:
            text.append(f"Refresh failed: {error}", style="bold red")
        elif last_refresh:
            text.append(f"Last refresh {friendly_time(last_refresh)}")
        else:
            text.append("Never refreshed")
        text.append(f"  ·  {posts:,} posts · {unread:,} unread · {starred:,} starred")
        if not history_complete and posts and not offline:
            text.append(f"  ·  history: {posts:,} so far, older ones to come (H)", style="italic")
        elif history_complete and posts:
            text.append("  ·  whole history", style="italic")
        if read_only:
            text.append("  ·  read-only", style="italic")
        elif offline:
            text.append("  ·  offline", style="italic")
        self.update(text)


def progress_text(report: SyncReport | None) -> str:
    return "Refreshing…" if report is None else report.progress_line()


def empty_archive_message(*, refreshing: bool, offline: bool, error: str | None) -> Text:
    """Why the archive is empty, and what the resident can do about it."""
    if refreshing:
        message = (
            "Fetching the Enderby EYE for the first time…\n\n"
            "Posts appear here as soon as they arrive."
        )
    elif offline:
        message = (
            "Your archive is empty, and eye-tui is offline (--offline).\n\n"
            "Press d to open the bundled sample of Enderby EYE posts,\n"
            "or start eye-tui without --offline to fetch the news."
        )
    else:
        message = (
            f"Your archive is empty: {error or 'no posts have been fetched yet'}.\n\n"
            "Press d to open the bundled sample of Enderby EYE posts,\n"
            "or R to try fetching again."
        )
    return Text(message, justify="center")


def friendly_time(iso: str) -> str:
    """A stored UTC time as local time: '18:20' today, '3 Nov 2026 18:20' before."""
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    today = datetime.now().astimezone().date()
    return when.strftime("%H:%M" if when.date() == today else "%-d %b %Y %H:%M")
