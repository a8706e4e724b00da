"""A post printed by `eye-tui show` in a terminal: the lines the reading pane draws, in
the terminal's own colours, where Markdown would show every character the author typed
behind a backslash; through the pager, as git shows a commit, so a long post opens at its
top. Piped or with --markdown, `show` writes Markdown (cli.py)."""

import io
import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.style import Style
from rich.text import Text

from eye_tui.config import TEXT_WIDTH
from eye_tui.links import shown_url
from eye_tui.model import Comment, StoredPost
from eye_tui.render import render_body
from eye_tui.ui.post_layout import Block, layout, text_columns
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
# git's way with less: quit at once if it fits one screen, pass colours through, and leave
# the post on the screen afterwards.
LESS = "FRX"


def page_post(
    post: StoredPost, comments: Sequence[Comment], terminal: TextIO, text_width: int
) -> None:
    """The post drawn for `terminal` and shown through $PAGER (less if unset; "" or
    "cat": none), or printed straight to it when no pager is to be had."""
    pager = _pager()
    if pager is None:
        print_post(post, comments, terminal, text_width=text_width)
        return
    screen = Console(file=terminal)  # its width and colours (NO_COLOR is honoured)
    drawn = io.StringIO()
    print_post(
        post,
        comments,
        drawn,
        force_terminal=True,
        color_system=screen.color_system,
        no_color=screen.no_color,
        width=screen.width,
        text_width=text_width,
    )
    # Ctrl+C belongs to the pager while it runs (less ends a search with it), as in git.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        subprocess.run(pager, input=drawn.getvalue(), text=True, env=_pager_environment())
    except OSError:  # it could not be started after all: the post is not lost
        terminal.write(drawn.getvalue())
    finally:
        signal.signal(signal.SIGINT, interrupt)


def _pager() -> list[str] | None:
    command = shlex.split(os.environ.get("PAGER", "less"))
    if not command or command == ["cat"] or shutil.which(command[0]) is None:
        return None
    return command


def _pager_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.setdefault("LESS", LESS)
    return environment


def print_post(
    post: StoredPost,
    comments: Sequence[Comment],
    file: TextIO,
    text_width: int = TEXT_WIDTH,
    **console_options: Any,
) -> None:
    """The post as the reader draws it, lines no longer than `text_width` (the setting:
    prose much longer is hard to follow; 0: the terminal's width)."""
    # Text only, never markup: Rich reads nothing in feed text as instructions.
    console = Console(file=file, highlight=False, markup=False, emoji=False, **console_options)
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
    for line in layout(blocks, console, text_columns(console.width, text_width)):
        console.print(line, crop=False, no_wrap=True)
