"""The post list: a virtual list that draws only the rows on screen.

Rows come from the archive a page at a time through a `RowSource`, so a filter matching
100,000 posts costs one count and one page of rows, never 100,000 widgets.
"""

import time
from collections.abc import Callable
from dataclasses import replace

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from eye_tui.model import PostSummary
from eye_tui.text import clean_label, local_date

RowSource = Callable[[int, int], list[PostSummary]]  # (offset, limit) -> rows
PAGE = 100


class PostList(ScrollView, can_focus=True):
    """Newest first (or by relevance for a search); Enter or a click opens a post."""

    BINDINGS = [
        Binding("up", "up", "Up", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("ctrl+u", "cursor(-10)", "Up 10", show=False),
        Binding("ctrl+d", "cursor(10)", "Down 10", show=False),
        Binding("enter", "open", "Open", show=False),
        # PageUp/PageDown scroll the post being read (ScrollView would scroll the list).
        Binding("pagedown", "screen.page_down", "Scroll post", show=False),
        Binding("pageup", "screen.page_up", "Scroll post back", show=False),
    ]
    COMPONENT_CLASSES = {
        "post-list--cursor",
        "post-list--unread",
        "post-list--date",
        "post-list--meta",
    }
    DEFAULT_CSS = """
    PostList { background: $surface; overflow-x: hidden; }
    PostList > .post-list--cursor { background: $block-cursor-background 60%; }
    PostList:focus > .post-list--cursor { background: $block-cursor-background;
                                          color: $block-cursor-foreground; }
    PostList > .post-list--unread { text-style: bold; }
    PostList > .post-list--date { color: $text-muted; }
    PostList > .post-list--meta { color: $text-accent; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, post: PostSummary | None) -> None:
            super().__init__()
            self.post = post

    class PastTop(Message):
        """Up at the first row: the search box, while searching, is above."""

    class Opened(Message):
        def __init__(self, post: PostSummary) -> None:
            super().__init__()
            self.post = post

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source: RowSource = lambda offset, limit: []
        self._total = 0
        self._pages: dict[int, list[PostSummary]] = {}
        # perf_counter() when rows of the current list were first drawn (for benchmarks)
        self.first_painted_at = 0.0

    # -- data ----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def set_rows(self, source: RowSource, total: int, cursor: int = 0) -> None:
        """Show a new list of `total` rows with the cursor on row `cursor`."""
        self._source, self._total, self._pages = source, total, {}
        self.first_painted_at = 0.0
        self.virtual_size = Size(self.size.width, total)
        self.cursor = cursor
        # Centred once the list has its height (at start-up it has none yet).
        self.call_after_refresh(self._centre_cursor)
        self.refresh()

    def _centre_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)

    def row(self, index: int) -> PostSummary | None:
        if not 0 <= index < self._total:
            return None
        page = index // PAGE
        if page not in self._pages:
            self._pages[page] = self._source(page * PAGE, PAGE)
        rows = self._pages[page]
        offset = index - page * PAGE
        return rows[offset] if offset < len(rows) else None

    @property
    def current(self) -> PostSummary | None:
        return self.row(self.cursor)

    def mark(self, key: int, *, read: bool | None = None, starred: bool | None = None) -> None:
        self._change_row(
            key,
            lambda row: replace(
                row,
                read=row.read if read is None else read,
                starred=row.starred if starred is None else starred,
            ),
        )

    def update_row(self, fresh: PostSummary) -> None:
        """Draw a post's row as the archive now has it (comments counted, say)."""
        self._change_row(fresh.key, lambda _: fresh)

    def _change_row(self, key: int, change: Callable[[PostSummary], PostSummary]) -> None:
        """A post's row, wherever the pages read so far hold it, changed and drawn."""
        for rows in self._pages.values():
            for position, row in enumerate(rows):
                if row.key == key:
                    rows[position] = change(row)
        self.refresh()

    def find(self, predicate: Callable[[PostSummary], bool], step: int) -> int | None:
        """The next row from the cursor (forwards or backwards) that matches, among the
        rows already read from the archive; None past them (the archive can say what
        lies beyond without reading every row between: Archive.next_unread)."""
        index = self.cursor + step
        while 0 <= index < self._total:
            rows = self._pages.get(index // PAGE)
            if rows is None or index % PAGE >= len(rows):
                return None
            if predicate(rows[index % PAGE]):
                return index
            index += step
        return None

    # -- moving ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self._total:
            clamped = max(0, min(new, self._total - 1))
            if clamped != new:
                self.cursor = clamped
                return
            self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self.current))
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_up(self) -> None:
        if self.cursor <= 0:
            self.post_message(self.PastTop())  # k stays put: a vi user's k never types
        else:
            self.cursor -= 1

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else self._total - 1

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self._total:
            self.cursor = index
            self.action_open()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total)
        self.call_after_refresh(self._scroll_cursor_into_view)  # a resize keeps it in view

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if not self.first_painted_at:
            self.first_painted_at = time.perf_counter()
        index = self.scroll_offset.y + y  # the rule Textual repaints by: round()
        width = self.scrollable_content_region.width
        post = self.row(index)
        if post is None:
            return Strip.blank(width, self.rich_style)
        text = self._row_text(post, width)
        style = self.rich_style
        if index == self.cursor:
            style += self.get_component_rich_style("post-list--cursor")
        segments = [
            Segment(s.text, style + s.style if s.style else style)
            for s in text.render(self.app.console)
        ]
        return Strip(segments).adjust_cell_length(width, style)

    def _row_text(self, post: PostSummary, width: int) -> Text:
        unread = self.get_component_rich_style("post-list--unread")
        date_style = self.get_component_rich_style("post-list--date")
        meta = self.get_component_rich_style("post-list--meta")
        right = Text()
        if post.comment_count:
            right.append(f" 💬{post.comment_count}", style=meta)
        if post.starred:
            right.append(" ★", style=meta)
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(" ● " if not post.read else "   ", style=meta)
        left.append(f"{local_date(post.published):%d %b %Y}  ", style=date_style)
        left.append(clean_label(post.title), style=unread if not post.read else Style())
        room = max(1, width - right.cell_len - 1)
        left.truncate(room, overflow="ellipsis", pad=True)
        left.append_text(right)
        return left
