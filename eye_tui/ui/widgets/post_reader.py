"""The reading pane: a post's header, body, links and comments as wrapped lines.

A long post paints from a quick first pass (its first few KB) at once; the whole body is
rendered in a thread and swapped in, so opening a 200 KB post never freezes the screen.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

if TYPE_CHECKING:
    from eye_tui.render import RenderedBody

from eye_tui.model import Comment, StoredPost
from eye_tui.ui import post_lines
from eye_tui.ui.picture_lines import MAX_ROWS, PictureCache
from eye_tui.ui.post_layout import Block, layout, text_columns
from eye_tui.ui.post_lines import Theme
from eye_tui.ui.widgets.post_matches import MatchMoves, highlighted


class PostReader(MatchMoves, can_focus=True):
    BINDINGS = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]
    COMPONENT_CLASSES = {
        "post-reader--title",
        "post-reader--meta",
        "post-reader--heading",
        "post-reader--quote",
        "post-reader--link",
        "post-reader--number",
        "post-reader--image",
        "post-reader--rule",
        "post-reader--match",
        "post-reader--code",
    }
    DEFAULT_CSS = """
    PostReader { background: $surface; padding: 0 2; }
    PostReader > .post-reader--title { text-style: bold; color: $text-primary; }
    PostReader > .post-reader--meta { color: $text-muted; }
    PostReader > .post-reader--heading { text-style: bold; color: $text-secondary; }
    PostReader > .post-reader--quote { text-style: italic; }
    PostReader > .post-reader--link { color: $text-accent; text-style: underline; }
    PostReader > .post-reader--number { color: $text-warning; }
    PostReader > .post-reader--image { color: $text-success; text-style: italic; }
    PostReader > .post-reader--rule { color: $primary; }
    PostReader > .post-reader--match { text-style: bold reverse; }
    PostReader > .post-reader--code { color: $text-success; background: $boost; }
    """

    class Rendered(Message):
        """The whole post is on screen (after the quick pass, the full one)."""

        def __init__(self, key: int, complete: bool) -> None:
            super().__init__()
            self.key = key
            self.complete = complete

    # Where the pane is in the post: "Top", "40%", "End", or "" when it all fits; while
    # searching, which match is current too ("40% · match 2 of 5").
    position: reactive[str] = reactive("")

    def __init__(self, *, id: str | None = None, text_width: int = 0) -> None:
        super().__init__(id=id)
        # Lines no longer than this, however wide the pane (0: the pane's width).
        self.text_width = text_width
        self.post: StoredPost | None = None
        self.links: tuple[str, ...] = ()
        self._comments: Sequence[Comment] = ()
        self._body: RenderedBody | None = None
        self._comment_blocks: list[list[Block]] = []
        self._body_blocks: list[Block] | None = None  # the body parsed, for self._body
        self._placeholder: list[Text] = []
        self._lines: list[Text] = []
        self._wrapped_width = -1
        self._wrapped_rows = -1
        self._has_pictures = False
        self._render_generation = 0  # bumped per background render; older ones are moot
        # Kept pictures for a post's picture addresses (set by the screen; none by default).
        self.kept_pictures: Callable[[Sequence[str]], dict[str, Path]] = lambda urls: {}
        self.pictures = PictureCache()
        # perf_counter() when lines of the current post were first drawn (for benchmarks)
        self.first_painted_at = 0.0
        self._highlight: re.Pattern[str] | None = None  # the search's words, marked
        self._marks_held = False  # the pane still shows the marks of an earlier search
        self._match_lines: list[int] = []  # wrapped lines holding a match
        self._match_index: int | None = None  # the match the resident is at
        self._match_jump: str | None = None  # "first"/"last": where a new post opens

    # -- content -----------------------------------------------------------------------

    def show_post(self, post: StoredPost, comments: Sequence[Comment] = ()) -> None:
        """Paint the post now; render the rest of a long one in the background."""
        from eye_tui.render import render_body, render_body_quick  # html2text, on first use

        same_post = self.post is not None and self.post.summary.key == post.summary.key
        same_body = same_post and self.post is not None and self.post.html == post.html
        self.post, self._comments = post, comments
        if not same_post:
            self.first_painted_at = 0.0
            self._match_index = None
            if self._highlight is not None and self._match_jump is None:
                self._match_jump = "first"  # a search result opens at what was found
        theme = self._theme()
        self._comment_blocks = [
            post_lines.body_blocks(render_body(c.html, c.link or post.summary.link), theme)
            for c in comments
        ]
        if not (same_body and self._body and self._body.complete):
            self._body = render_body_quick(post.html, post.summary.link)
            self._body_blocks = None
            self.links = self._body.links
        self._rebuild(reset_scroll=not same_post)
        if not self._body.complete:
            # After the quick pass is on screen: the full render shares the interpreter,
            # and started at once it would delay that first paint.
            self.call_after_refresh(self._render_full, post)
        else:
            self.post_message(self.Rendered(post.summary.key, True))

    def show_message(self, lines: Sequence[Text]) -> None:
        """Show a note instead of a post (nothing selected, empty list...)."""
        self.post, self._body, self.links = None, None, ()
        self._placeholder = list(lines)
        self._rebuild(reset_scroll=True)

    def _render_full(self, post: StoredPost) -> None:
        # A daemon thread of our own, not a Textual worker: those run in the default
        # executor, which Python joins at exit, so quitting waited for a huge post.
        self._render_generation += 1
        threading.Thread(
            target=self._render_full_in_thread,
            args=(post, self._theme(), self._render_generation),
            name="eye-tui render",
            daemon=True,
        ).start()

    def _render_full_in_thread(self, post: StoredPost, theme: Theme, generation: int) -> None:
        from eye_tui.render import render_body

        # Parsed into blocks here too: a 200 KB post's Markdown is a lot to parse on
        # the thread that paints.
        body = render_body(post.html, post.summary.link)
        blocks = post_lines.body_blocks(body, theme)
        if generation != self._render_generation:
            return  # the reader moved on meanwhile
        with suppress(RuntimeError):  # the app has quit while this post was rendering
            self.app.call_from_thread(self._full_body_ready, post.summary.key, body, blocks)

    def _pictures_decoded(self) -> None:
        """From the decoding thread: lay the post out again, pictures included."""
        with suppress(RuntimeError):  # the app has quit meanwhile
            self.app.call_from_thread(self._relayout)

    def _rows(self) -> int:
        """A picture's most lines: the pane's height less a line, and the caption with it
        (at 80x24 a picture fits on one screen), 18 at most."""
        return max(4, min(MAX_ROWS, self.scrollable_content_region.height - 2))

    @property
    def body_pictures(self) -> tuple[str, ...]:
        """The addresses of the open post's pictures, as numbered in its text."""
        return self._body.pictures if self._body is not None else ()

    @property
    def body_picture_labels(self) -> tuple[str, ...]:
        """Each picture's "Image n: caption", in the same order."""
        return self._body.picture_labels if self._body is not None else ()

    def redraw_pictures(self) -> None:
        """Pictures were kept since the post was drawn: draw it again with them."""
        self._rebuild(reset_scroll=False)

    def _relayout(self) -> None:
        self._wrapped_width = -1
        self._wrap()
        self.refresh()

    def _full_body_ready(self, key: int, body: RenderedBody, blocks: list[Block]) -> None:
        if self.post is None or self.post.summary.key != key:
            return  # the reader moved on to another post meanwhile
        self._body, self._body_blocks, self.links = body, blocks, body.links
        self._rebuild(reset_scroll=False)
        self.post_message(self.Rendered(key, True))

    # -- layout ------------------------------------------------------------------------

    def _theme(self) -> Theme:
        style = self.get_component_rich_style
        return Theme(
            title=style("post-reader--title"),
            meta=style("post-reader--meta"),
            heading=style("post-reader--heading"),
            quote=style("post-reader--quote"),
            link=style("post-reader--link"),
            link_number=style("post-reader--number"),
            image=style("post-reader--image"),
            rule=style("post-reader--rule"),
            code=style("post-reader--code"),
        )

    def _rebuild(self, reset_scroll: bool) -> None:
        self._marks_held = False
        theme = self._theme()
        self._comments_at: int | None = None
        if self.post is None or self._body is None:
            source = [Block(line) for line in self._placeholder]
        else:
            if self._body_blocks is None:
                self._body_blocks = post_lines.body_blocks(self._body, theme)
            kept = self.kept_pictures(self._body.pictures) if self._body.pictures else {}
            body = post_lines.with_pictures(self._body_blocks, self._body.pictures, kept)
            if kept:
                self.pictures.prepare(kept.values(), then=self._pictures_decoded)
            source = [*post_lines.header_blocks(self.post, theme), *body]
            if self._comments:
                self._comments_at = len(source)
            closed = self.post.comments_open is False
            source += post_lines.comment_blocks(self._comments, self._comment_blocks, theme, closed)
            if self._highlight is not None:
                marked = self.get_component_rich_style("post-reader--match")
                source = [highlighted(block, self._highlight, marked) for block in source]
        self._source = source
        self._has_pictures = any(block.picture is not None for block in source)
        self._wrapped_width = -1
        self._wrap()
        if reset_scroll:
            self.scroll_to(0, 0, animate=False)
        if self._match_jump and self._match_lines:
            where, self._match_jump = self._match_jump, None
            # After the layout: until then the new height does not allow the scroll.
            self.call_after_refresh(self._go_to_match, 0 if where == "first" else -1)
        elif self._match_jump and self._body is not None and self._body.complete:
            self._match_jump = None  # the whole post is here and nothing in it matches
        self.refresh()

    def _wrap(self) -> None:
        width = text_columns(max(10, self.scrollable_content_region.width), self.text_width)
        # Pictures are sized to the pane's height too; text only to its width.
        rows = self._rows() if self._has_pictures else -1
        if width == self._wrapped_width and rows == self._wrapped_rows:
            return
        place = self._reading_place()
        self._wrapped_rows = rows
        self._lines = layout(
            getattr(self, "_source", []), self.app.console, width, self.pictures, rows
        )
        if place is not None:
            self.call_after_refresh(self.scroll_to, y=_line_at(self._lines, *place), animate=False)
        self._wrapped_width = width
        pattern = self._highlight if self.post is not None else None
        before = self._match_lines
        self._match_lines = (
            [n for n, line in enumerate(self._lines) if pattern.search(line.plain)]
            if pattern is not None
            else []
        )
        if self._match_lines != before:
            self._keep_match(before)
        self.virtual_size = Size(width, len(self._lines))

    def _reading_place(self) -> tuple[int, bool] | None:
        """The same post about to be laid out again (a resize): where the resident is, as
        the letters above the pane's top (wrapping moves spaces and breaks, never letters)
        and whether its top line has words. None for a new post, or a match in view,
        which _keep_match follows instead."""
        top = self.scroll_offset.y
        if self._wrapped_width == -1 or not 0 < top < len(self._lines) or self._match_in_view():
            return None
        return _letters(self._lines[:top]), _letters(self._lines[top : top + 1]) > 0

    def on_resize(self) -> None:
        self._wrap()
        self._update_position()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._update_position()

    def watch_virtual_size(self) -> None:
        self._update_position()

    def _update_position(self) -> None:
        top, end = self.scroll_offset.y, self.max_scroll_y
        if self.post is None or end <= 0:
            place = ""
        elif top <= 0:
            place = "Top"
        elif top >= end:
            place = "End"
        else:
            place = f"{100 * top // end}%"
        if self.post is not None and self._highlight is not None:
            count = len(self._match_lines)
            if self._match_index is not None:
                found = f"match {self._match_index + 1} of {count}"
            else:
                found = f"{count} match{'es' * (count != 1)}" if count else "no match here"
            place = f"{place} · {found}" if place else found
        self.position = place

    def scroll_to_comments(self) -> bool:
        """Bring the comments' heading to the top of the pane; False if there are none."""
        if self._comments_at is None:
            return False
        self._wrap()
        before = layout(
            self._source[: self._comments_at],
            self.app.console,
            self._wrapped_width,
            self.pictures,
            self._rows(),
        )
        # Forced: a post shorter than the pane has no scrollbar until the next layout,
        # and Textual refuses a scroll without one, so the comments stayed out of view.
        self.scroll_to(y=len(before) + 1, animate=False, force=True)  # to the rule
        return True

    def render_line(self, y: int) -> Strip:
        if not self.first_painted_at:
            self.first_painted_at = time.perf_counter()
        self._wrap()
        index = self.scroll_offset.y + y  # the rule Textual repaints by: round()
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        segments = [
            Segment(s.text, base + s.style if s.style else base)
            for s in self._lines[index].render(self.app.console)
            if s.text != "\n"
        ]
        if (spare := width - self._wrapped_width) > 1 and self.screen.has_class("-full-reader"):
            segments.insert(0, Segment(" " * (spare // 2), base))  # the post alone: centred
        return Strip(segments).adjust_cell_length(width, base)

    @property
    def link_labels(self) -> tuple[str, ...]:
        """The words of each link, as numbered in `links`."""
        return self._body.link_labels if self._body is not None else ()

    @property
    def plain_text(self) -> str:
        """What the pane shows, as text (for tests and copying)."""
        return "\n".join(line.plain for line in self._lines)


def _letters(lines: Sequence[Text]) -> int:
    return sum(len(line.plain) - line.plain.count(" ") for line in lines)


def _line_at(lines: Sequence[Text], letters: int, at_text: bool) -> int:
    """The first line with `letters` letters above it; past a gap between paragraphs when
    the resident's top line had words."""
    line, seen = 0, 0
    while line < len(lines) and seen < letters:
        seen += _letters(lines[line : line + 1])
        line += 1
    while at_text and line < len(lines) and not _letters(lines[line : line + 1]):
        line += 1
    return line


def note(*lines: str, style: str | Style = "") -> list[Text]:
    """Our own messages for the pane, as Text: nothing in them is read as markup."""
    return [Text(line, style=style) for line in lines]
