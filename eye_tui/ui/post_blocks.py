"""A post's Markdown (from render.py) read by a real parser into styled blocks.

markdown-it-py (installed with Textual) parses; this turns its tokens into Blocks for
post_layout.py: headings, paragraphs with bold, italic, links and their numbers, nested
and numbered lists, quotes, code and tables. Text only ever becomes Rich Text from
plain strings, so nothing from a feed is read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from eye_tui.ui.post_layout import Block, Table

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# html2text's reference list ("   [3]: http://…") is replaced by definitions of our own,
# "[3]: #3": a link's number is then its address, whatever the real address holds.
_REFERENCES = re.compile(r"^ {3}\[\d+\]: .*$", re.MULTILINE)
_PICTURE = re.compile(r"^Image( \d+)?(: |$)")


@dataclass(frozen=True)
class Theme:
    """Styles for the reading pane, taken from the app's theme variables."""

    title: Style
    meta: Style
    heading: Style
    quote: Style
    link: Style
    link_number: Style
    image: Style
    rule: Style
    code: Style


@dataclass
class _Container:
    """A list or quote being read: the prefixes its lines take."""

    first: Text
    rest: Text
    pending: bool = True  # the marker (bullet, number) is still to be shown
    ordered: bool = False
    number: int = 1


def markdown_blocks(markdown: str, link_count: int, theme: Theme) -> list[Block]:
    source = _REFERENCES.sub("", markdown)
    source += "\n\n" + "".join(f"[{n}]: #{n}\n" for n in range(1, link_count + 1))
    return _Reader(theme).read(_parser().parse(source))


@cache
def _parser() -> MarkdownIt:
    """Built on the first post opened, not at start-up (the list paints first)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


class _Reader:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.blocks: list[Block] = []
        self.stack: list[_Container] = []
        self.lists: list[_Container] = []
        self.table: list[list[Text]] | None = None
        self.heading: Style | None = None

    def read(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            handler = getattr(self, f"_{token.type}", None)
            if handler is not None:
                handler(token)
        while self.blocks and not self.blocks[-1].text.plain and self.blocks[-1].table is None:
            self.blocks.pop()
        return self.blocks

    # -- containers --------------------------------------------------------------------

    def _blockquote_open(self, token: Token) -> None:
        self._gap()
        bar = Text("▌ ", style=self.theme.rule)
        self.stack.append(_Container(bar, bar.copy()))

    def _blockquote_close(self, token: Token) -> None:
        self.stack.pop()

    def _bullet_list_open(self, token: Token) -> None:
        self._list_open(ordered=False, start=1)

    def _ordered_list_open(self, token: Token) -> None:
        start = token.attrs.get("start", 1)
        self._list_open(ordered=True, start=int(start) if isinstance(start, int) else 1)

    def _list_open(self, ordered: bool, start: int) -> None:
        if not self.lists:
            self._gap()
        self.lists.append(_Container(Text(), Text(), ordered=ordered, number=start))

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        owner = self.lists[-1]
        if owner.ordered and token.info.isdigit():  # as written: a countdown counts down
            owner.number = int(token.info)
        marker = f"{owner.number}. " if owner.ordered else "• "
        owner.number += 1
        self.stack.append(_Container(Text(marker, style=self.theme.meta), Text(" " * len(marker))))

    def _list_item_close(self, token: Token) -> None:
        self.stack.pop()

    # -- leaves ------------------------------------------------------------------------

    def _paragraph_open(self, token: Token) -> None:
        if not token.hidden:  # a tight list's items follow one another with no gap
            self._gap()

    def _heading_open(self, token: Token) -> None:
        self._gap()
        self.heading = self.theme.heading

    def _heading_close(self, token: Token) -> None:
        self.heading = None

    def _inline(self, token: Token) -> None:
        text = self._inline_text(token.children or [])
        if self.table is not None:
            self.table[-1].append(text)
            return
        if self.heading is not None:
            text.stylize(self.heading)
        elif text.plain.startswith("[Image"):  # a picture with no address to open
            text.stylize(self.theme.image)
        self._add(Block(text))

    def _code_block(self, token: Token) -> None:
        self._gap()
        code = Text(token.content.rstrip("\n"), style=self.theme.code)
        self._add(Block(code, fold=True))
        indent = Text("  ")  # set off from the prose around it
        self.blocks[-1].first = Text.assemble(self.blocks[-1].first, indent)
        self.blocks[-1].rest = Text.assemble(self.blocks[-1].rest, indent)

    _fence = _code_block

    def _hr(self, token: Token) -> None:
        self._gap()
        self._add(Block(Text("─" * 20, style=self.theme.rule)))

    def _table_open(self, token: Token) -> None:
        self._gap()
        self.table = []

    def _tr_open(self, token: Token) -> None:
        if self.table is not None:
            self.table.append([])

    def _table_close(self, token: Token) -> None:
        rows, self.table = self.table or [], None
        if rows:
            for cell in rows[0]:
                cell.stylize("bold")
            self._add(Block(table=Table(rows, rule=self.theme.rule)))

    # -- inline ------------------------------------------------------------------------

    def _inline_text(self, children: list[Token]) -> Text:
        theme = self.theme
        text = Text()
        styles: list[Style] = []
        link_number: str | None = None
        link_start = 0
        for child in children:
            style = Style.combine(styles) if styles else None
            kind = child.type
            if kind == "text":
                text.append(child.content, style=style)
            elif kind == "code_inline":
                text.append(child.content, style=theme.code)
            elif kind == "softbreak":
                text.append(" ", style=style)
            elif kind == "hardbreak":
                text.append("\n")
            elif kind in ("strong_open", "em_open", "s_open"):
                styles.append(Style(bold=True) if kind == "strong_open" else Style(italic=True))
                if kind == "s_open":
                    styles[-1] = Style(strike=True)
            elif kind in ("strong_close", "em_close", "s_close") and styles:
                styles.pop()
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                link_number = href[1:] if href[1:].isdigit() else None
                styles.append(theme.link)
                link_start = len(text)
            elif kind == "link_close":
                if styles:
                    styles.pop()
                if _PICTURE.match(text.plain[link_start:]):
                    text.stylize(Style(underline=False), link_start, len(text))
                    text = _bracketed(text, link_start, theme.image)
                if link_number:
                    text.append(f"[{link_number}]", style=theme.link_number)
                link_number = None
            elif kind == "image":
                text.append(f"[Image: {child.content}]", style=theme.image)
        return text

    # -- placing blocks ----------------------------------------------------------------

    def _gap(self) -> None:
        """A blank line before a new block (none at the top, none twice)."""
        if self.blocks and (self.blocks[-1].text.plain or self.blocks[-1].table is not None):
            rest = Text.assemble(*(c.rest for c in self.stack if c.rest.plain.strip()))
            self.blocks.append(Block(Text(), first=rest, rest=rest))

    def _add(self, block: Block) -> None:
        block.first = Text.assemble(*(c.first if c.pending else c.rest for c in self.stack))
        block.rest = Text.assemble(*(c.rest for c in self.stack))
        for container in self.stack:
            container.pending = False
        self.blocks.append(block)


def _bracketed(text: Text, start: int, style: Style) -> Text:
    """A picture's placeholder keeps its brackets on screen: "[Image 3: caption]"."""
    before, inside = text[:start], text[start:]
    inside.stylize(style)
    return Text.assemble(before, ("[", style), inside, ("]", style))
