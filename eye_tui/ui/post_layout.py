"""Blocks of a post laid out at a width: wrapped lines with their prefixes on every line.

A block is styled text plus what goes before it: a quote's bar, a list item's bullet or
number, the indent that keeps a wrapped item's lines under its first word. Laying out
again at a new width is cheap, so the pane re-flows on resize without re-parsing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.style import Style
from rich.text import Text

from eye_tui.ui.picture_lines import MAX_ROWS, PictureCache, picture_lines

COLUMN_GAP = " │ "
MIN_COLUMN = 6


@dataclass
class Table:
    """A table of the post, its cells already styled."""

    rows: list[list[Text]]  # the first row is the header
    rule: Style = field(default_factory=Style)


@dataclass
class Block:
    """A paragraph, heading, list item, quote, table or picture of the post, to wrap."""

    text: Text = field(default_factory=Text)
    first: Text = field(default_factory=Text)  # before the first line
    rest: Text = field(default_factory=Text)  # before every wrapped line after it
    fold: bool = False  # code: long lines are cut into pieces, never re-flowed
    table: Table | None = None
    picture: Path | None = None  # a kept picture, drawn when its decoded copy is ready

    def texts(self) -> list[Text]:
        """Every piece of feed text in the block (for search highlights)."""
        if self.table is not None:
            return [cell for row in self.table.rows for cell in row]
        return [self.text]


def text_columns(room: int, text_width: int) -> int:
    """How wide a post's lines are laid out in `room` cells: no wider than the resident's
    text_width (0: the whole room; under 20 is read as 20)."""
    return min(room, max(20, text_width)) if text_width else room


def layout(
    blocks: Sequence[Block],
    console: Console,
    width: int,
    pictures: PictureCache | None = None,
    picture_rows: int = MAX_ROWS,
) -> list[Text]:
    width = max(width, 10)
    lines: list[Text] = []
    for block in blocks:
        room = max(4, width - max(block.first.cell_len, block.rest.cell_len))
        if block.picture is not None:
            image = pictures.get(block.picture) if pictures is not None else None
            if image is None:
                continue  # not decoded yet (or unreadable): the caption line stands alone
            body = picture_lines(image, room, picture_rows)
        elif block.table is not None:
            body = _table_lines(block.table, console, room)
        elif not block.text.plain:
            body = [Text()]
        elif block.fold:
            body = [
                piece
                for line in block.text.split("\n", allow_blank=True)
                for piece in line.wrap(console, room, overflow="fold", no_wrap=False)
            ]
        else:
            body = list(block.text.wrap(console, room, overflow="fold"))
        for index, line in enumerate(body):
            prefix = block.first if index == 0 else block.rest
            lines.append(Text.assemble(prefix, line) if prefix.plain else line)
    return lines


def _table_lines(table: Table, console: Console, room: int) -> list[Text]:
    columns = max(len(row) for row in table.rows)
    rows = [row + [Text()] * (columns - len(row)) for row in table.rows]
    widths = _column_widths(rows, room)
    if widths is None:
        return _cards(rows, console, room, table.rule)
    lines: list[Text] = []
    for number, row in enumerate(rows):
        cells = [list(cell.wrap(console, widths[i], overflow="fold")) for i, cell in enumerate(row)]
        for depth in range(max(len(cell) for cell in cells)):
            line = Text()
            for i, cell in enumerate(cells):
                if i:
                    line.append(COLUMN_GAP, style=table.rule)
                piece = cell[depth] if depth < len(cell) else Text()
                line.append_text(piece)
                if i < columns - 1:
                    line.append(" " * max(0, widths[i] - piece.cell_len))
            lines.append(line)
        if number == 0:
            rule = "─┼─".join("─" * w for w in widths)
            lines.append(Text(rule, style=table.rule))
    return lines


def _column_widths(rows: list[list[Text]], room: int) -> list[int] | None:
    """Widths that fit `room`: natural ones if they fit, else shrunk toward each
    column's longest word; None when even that is too wide (shown as cards)."""
    columns = len(rows[0])
    room -= len(COLUMN_GAP) * (columns - 1)
    natural = [max(row[i].cell_len for row in rows) for i in range(columns)]
    if sum(natural) <= room:
        return natural
    least = [
        min(natural[i], max(MIN_COLUMN, min(15, _longest_word(rows, i)))) for i in range(columns)
    ]
    if sum(least) > room:
        return None
    spare = room - sum(least)
    wanted = [natural[i] - least[i] for i in range(columns)]
    total = sum(wanted) or 1
    widths = [least[i] + spare * wanted[i] // total for i in range(columns)]
    return widths


def _longest_word(rows: list[list[Text]], column: int) -> int:
    return max((len(word) for row in rows for word in row[column].plain.split()), default=1)


def _cards(rows: list[list[Text]], console: Console, room: int, rule: Style) -> list[Text]:
    """A table too wide for the pane: each row as 'Header: value' lines."""
    header, *body = rows
    lines: list[Text] = []
    for row in body:
        for name, cell in zip(header, row, strict=True):
            line = Text.assemble(name.copy(), (": ", rule), cell)
            line.stylize("bold", 0, name.cell_len)
            lines.extend(line.wrap(console, room, overflow="fold"))
        lines.append(Text("─" * min(room, 20), style=rule))
    return lines
