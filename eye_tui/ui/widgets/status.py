"""The status line and the empty-archive message: what the reader says about itself."""

from collections.abc import Sequence
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from eye_tui.model import SyncReport

# A part of the status line: its text, style, and how soon it gives way when the line is
# too narrow for all (0: never; the highest first).
Part = tuple[str, str, int]
SEPARATOR = "  ·  "


class StatusLine(Static):
    """'Last refresh 18:20 · 312 posts · 12 unread · 3 starred', or what is happening now.
    Too narrow for all of it (80 columns), the parts that matter least give way first,
    so "offline" or "read-only" is never the part cut off."""

    _parts: tuple[Part, ...] = ()  # as last shown, to fit again when the width changes

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
        next_refresh: float | None = None,
        sample: bool = False,
    ) -> None:
        parts: list[Part] = []
        if activity:
            # While fetching, what arrives matters more than the counts.
            parts.append((activity, "bold", 0))
            if not history_complete:
                parts.append((f"history: {posts:,} so far", "italic", 1))
            self._show(parts)
            return
        if sample:  # never refreshed: the time it was opened is no news
            parts.append(("Sample archive", "", 0))
        elif error:
            parts.append((f"Refresh failed: {error}", "bold red", 0))
        elif last_refresh:
            parts.append((f"Last refresh {friendly_time(last_refresh)}", "", 0))
        else:
            parts.append(("Never refreshed", "", 0))
        if next_refresh is not None:  # refresh_minutes
            parts.append((f"next {datetime.fromtimestamp(next_refresh):%H:%M}", "", 4))
        counts = f"{posts:,} post{'s' * (posts != 1)} · {unread:,} unread · {starred:,} starred"
        parts.append((counts, "", 2))
        if not history_complete and posts and not offline:
            # Short, to fit at 80 columns: on a metered link H is how the rest comes.
            parts.append(("H: older posts", "italic", 3))
        elif history_complete and posts:
            parts.append(("whole history", "italic", 3))
        if read_only:
            parts.append(("read-only", "italic", 1))
        elif offline:
            parts.append(("offline", "italic", 1))
        self._show(parts)

    def _show(self, parts: list[Part]) -> None:
        self._parts = tuple(parts)
        self.update(fitted(parts, self.content_size.width))

    def on_resize(self) -> None:
        self.update(fitted(self._parts, self.content_size.width))


def fitted(parts: Sequence[Part], width: int) -> Text:
    """The parts that fit in `width` cells (all of them before the line has a width),
    in their order; the first part alone is cut with an ellipsis if it is too long."""
    kept = list(parts)

    def length() -> int:
        return sum(cell_len(text) for text, _, _ in kept) + len(SEPARATOR) * (len(kept) - 1)

    while width > 0 and len(kept) > 1 and length() > width:
        kept.remove(max(kept, key=lambda part: part[2]))
    line = Text(no_wrap=True, overflow="ellipsis")
    for index, (text, style, _) in enumerate(kept):
        line.append(SEPARATOR if index else "")
        line.append(text, style=style)
    return line


def progress_text(report: SyncReport | None) -> str:
    return "Refreshing…" if report is None else report.progress_line()


def empty_archive_message(
    *,
    refreshing: bool,
    offline: bool,
    error: str | None,
    site: str = "the Enderby EYE",
    read: bool = False,
) -> Text:
    """Why the archive is empty, and what the resident can do about it; `read` when a
    refresh has read the feed without fault (it had no posts)."""
    if refreshing:
        message = (
            f"Fetching {site} for the first time…\n\nPosts appear here as soon as they arrive."
        )
    elif offline:
        message = (
            "Your archive is empty, and eye-tui is offline (--offline).\n\n"
            "Press d to open the bundled sample of Enderby EYE posts,\n"
            "or start eye-tui without --offline to fetch the news."
        )
    elif read and not error:
        message = (
            f"Your archive is empty: {site} has no posts yet.\n\n"
            "Press d to open the bundled sample of Enderby EYE posts,\n"
            "or R to look again."
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
