"""A post printed by `eye-tui show` in a terminal: the lines the reading pane draws, in
the terminal's own colours, where Markdown would show every character the author typed
behind a backslash. Piped or with --markdown, `show` writes Markdown (cli.py)."""

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.style import Style
from rich.text import Text

from eye_tui.links import shown_url
from eye_tui.model import Comment, StoredPost
from eye_tui.render import render_body
from eye_tui.ui.post_layout import Block, layout
from eye_tui.ui.post_lines import Theme, body_blocks, comment_blocks, header_blocks

# Named colours: each terminal shows them in its own palette, as `ls` and `git` do.
THEME = Theme(
    title=Style(bold=True),
    meta=Style(dim=True),
    heading=Style(bold=True),
    quote=Style(italic=True),
    link=Style(underline=True),
    link_number=Style(color="yellow"),
    image=Style(color="green", italic=True),
    rule=Style(dim=True),
    code=Style(color="cyan"),
)
WIDEST = 100  # cells: lines of prose much longer than this are hard to follow


def print_post(post: StoredPost, comments: Sequence[Comment], file: TextIO) -> None:
    # Text only, never markup: Rich reads nothing in feed text as instructions.
    console = Console(file=file, highlight=False, markup=False, emoji=False)
    header = header_blocks(post, THEME)
    if post.summary.link:  # where to read it on the site (the reader's `o`)
        address = Text(shown_url(post.summary.link), style=THEME.meta)
        header.insert(len(header) - 1, Block(address, fold=True))
    blocks = [*header, *body_blocks(render_body(post.html, post.summary.link), THEME)]
    replies = [
        body_blocks(render_body(comment.html, comment.link or post.summary.link), THEME)
        for comment in comments
    ]
    blocks += comment_blocks(comments, replies, THEME, closed=post.comments_open is False)
    for line in layout(blocks, console, min(console.width, WIDEST)):
        console.print(line, crop=False, no_wrap=True)
