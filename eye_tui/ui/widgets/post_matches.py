"""The reading pane's search matches: the search's words marked, the match the resident
is at (kept when the post is laid out again), and n / N from match to match."""

from __future__ import annotations

import re
from dataclasses import replace

from rich.style import Style
from textual.scroll_view import ScrollView

from eye_tui.model import StoredPost
from eye_tui.ui.post_layout import Block


class MatchMoves(ScrollView):
    """The part of PostReader that knows where the search's matches are."""

    MATCH_CONTEXT = 2  # lines shown above a match the pane moves to
    post: StoredPost | None
    _highlight: re.Pattern[str] | None  # the search's words, marked
    _marks_held: bool  # the pane still shows the marks of an earlier search
    _match_lines: list[int]  # wrapped lines holding a match
    _match_index: int | None  # the match the resident is at
    _match_jump: str | None  # "first"/"last": where a new post opens

    # PostReader provides these.

    def _rebuild(self, reset_scroll: bool) -> None:
        raise NotImplementedError

    def _update_position(self) -> None:
        raise NotImplementedError

    def set_highlight(self, pattern: re.Pattern[str] | None, redraw: bool = True) -> None:
        """Mark the search's words; a changed search moves the pane to its first match.
        `redraw=False` while keys are coming, or another post is about to be shown:
        redrawing this one (a 200 KB post takes a tenth of a second) would only hold up
        the next key. draw_held_marks() draws them once the keys stop."""
        if (pattern and pattern.pattern) == (self._highlight and self._highlight.pattern):
            return
        self._highlight = pattern
        self._match_jump = "first" if pattern is not None else None
        if self.post is not None and redraw:
            self._rebuild(reset_scroll=False)
        else:
            self._marks_held = self.post is not None
        self._update_position()

    def draw_held_marks(self) -> None:
        if self._marks_held:
            self._rebuild(reset_scroll=False)

    def open_at_match(self, where: str) -> None:
        """The next post shown opens at its "first" or "last" match."""
        self._match_jump = where

    def scroll_to_match(self, step: int) -> bool:
        """Move to the next (1) or previous (-1) match; False when there is none."""
        lines = self._match_lines
        if not lines:
            return False
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        index = self._match_index
        if index is not None and self._match_in_view():
            wanted = index + step
        elif step > 0:  # from what the pane shows: the first match from its top down
            wanted = next((n for n, line in enumerate(lines) if line >= top), len(lines))
        else:
            wanted = max((n for n, line in enumerate(lines) if line < bottom), default=-1)
        if not 0 <= wanted < len(lines):
            return False
        self._go_to_match(wanted)
        return True

    def _go_to_match(self, index: int) -> None:
        if not self._match_lines:
            return
        self._match_index = index % len(self._match_lines)
        line = self._match_lines[self._match_index]
        self.scroll_to(y=max(0, line - self.MATCH_CONTEXT), animate=False)
        self._update_position()

    def _in_view(self, line: int) -> bool:
        top = self.scroll_offset.y
        return top <= line < top + self.scrollable_content_region.height

    def _match_in_view(self) -> bool:
        index = self._match_index
        return index is not None and self._in_view(self._match_lines[index])

    def _keep_match(self, before: list[int]) -> None:
        """The lines were laid out again (the whole post after its first pass, or a
        resize): the resident stays at the match they were at, and if it was in view,
        the pane follows it to its new line."""
        index = self._match_index
        if index is None or index >= min(len(before), len(self._match_lines)):
            self._match_index = None
            return
        if before[index] != self._match_lines[index] and self._in_view(before[index]):
            self.call_after_refresh(self._go_to_match, index)


def highlighted(block: Block, pattern: re.Pattern[str], style: Style) -> Block:
    """A copy of the block with the search's words marked (the cached one stays clean)."""
    marked = replace(block, text=block.text.copy())
    if block.table is not None:
        rows = [[cell.copy() for cell in row] for row in block.table.rows]
        marked.table = replace(block.table, rows=rows)
    for text in marked.texts():
        text.highlight_regex(pattern, style)
    return marked
