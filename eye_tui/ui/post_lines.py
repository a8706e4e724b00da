"""The reading pane's content: a post's header, body, links and comments as Blocks.

The body's Markdown is read by a real parser (post_blocks.py); post_layout.py wraps the
blocks at the pane's width. Feed text only ever becomes Rich Text from plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from eye_tui.links import shown_url
from eye_tui.model import Comment, StoredPost
from eye_tui.text import clean_label, clean_text, local_time
from eye_tui.ui.post_blocks import Theme, markdown_blocks
from eye_tui.ui.post_layout import Block

if TYPE_CHECKING:
    from eye_tui.render import RenderedBody

__all__ = ["Block", "Theme", "body_blocks", "comment_blocks", "header_blocks", "with_pictures"]


def header_blocks(post: StoredPost, theme: Theme) -> list[Block]:
    summary = post.summary
    blocks = [Block(Text(clean_label(summary.title), style=theme.title))]
    byline = local_time(summary.published)
    if summary.author:
        byline += f"  ·  {clean_label(summary.author)}"
    if summary.comment_count:
        byline += f"  ·  {summary.comment_count} comment{'s' * (summary.comment_count != 1)}"
    blocks.append(Block(Text(byline, style=theme.meta)))
    if summary.categories:  # as the site says it: "Posted in News · Tagged Police, Blaby"
        terms = _term_links(
            Text("Posted in ", style=theme.meta), summary.categories, "section", theme
        )
        if summary.tags:
            terms.append("  ·  Tagged ", style=theme.meta)
            terms = _term_links(terms, summary.tags, "tag", theme)
        blocks.append(Block(terms))
    elif summary.tags:
        blocks.append(
            Block(_term_links(Text("Tags: ", style=theme.meta), summary.tags, "tag", theme))
        )
    if post.is_summary:
        note = "Only the site's summary of this post could be fetched: o opens the whole post."
        blocks.append(Block(Text(note, style=theme.meta)))
    blocks.append(Block())
    return blocks


def _term_links(line: Text, names: Sequence[str], kind: str, theme: Theme) -> Text:
    """Names that filter the list when clicked. The action names each by its place in
    the post's list: no feed text ever goes into an action string."""
    for index, name in enumerate(names):
        if index:
            line.append(", ", style=theme.meta)
        start = len(line)
        line.append(clean_label(name), style=theme.link)
        click = Style.from_meta({"@click": f"screen.filter_by_post_{kind}({index})"})
        line.stylize(click, start, len(line))
    return line


def body_blocks(body: RenderedBody, theme: Theme) -> list[Block]:
    """The body, then its numbered links: each number stays with its address."""
    blocks = markdown_blocks(clean_text(body.markdown), len(body.links), theme)
    if body.links:
        blocks += [Block(), Block(Text("Links", style=theme.heading))]
        for number, url in enumerate(body.links, start=1):
            marker = Text(f"[{number}] ", style=theme.link_number)
            blocks.append(
                Block(
                    Text(shown_url(url), style=theme.meta),  # a lookalike host as punycode
                    first=marker,
                    rest=Text(" " * len(marker)),
                )
            )
    if not body.complete:
        blocks += [Block(), Block(Text("… loading the rest of this post …", style=theme.meta))]
    return blocks


_PLACEHOLDER = re.compile(r"^\[Image (\d+)")


def with_pictures(
    blocks: Sequence[Block], addresses: Sequence[str], kept: dict[str, Path]
) -> list[Block]:
    """Each kept picture drawn above its placeholder, which stays as its caption."""
    if not kept:
        return list(blocks)
    shown: list[Block] = []
    for block in blocks:
        found = _PLACEHOLDER.match(block.text.plain)
        number = int(found[1]) if found else 0
        url = addresses[number - 1] if 0 < number <= len(addresses) else ""
        if url in kept:
            shown.append(Block(picture=kept[url], first=block.first, rest=block.rest))
            block = replace(block, first=block.rest)  # a gallery's bullet goes with the picture
        shown.append(block)
    return shown


MAX_INDENT = 5  # thread levels shown by indenting; deeper replies line up with the fifth


def comment_blocks(
    comments: Sequence[Comment],
    rendered: Iterable[Sequence[Block]],
    theme: Theme,
    closed: bool = False,
) -> list[Block]:
    """The comments, each reply indented under the comment it answers."""
    closing = [Block(Text("Comments are closed.", style=theme.meta))] if closed else []
    if not comments:
        return [Block(), *closing] if closing else []
    blocks = [
        Block(),
        Block(Text("─" * 20, style=theme.rule)),
        Block(Text(f"Comments ({len(comments)})", style=theme.heading)),
        Block(),
    ]
    for comment, body in zip(comments, rendered, strict=True):
        depth = min(comment.depth, MAX_INDENT)
        who = Text(clean_label(comment.author) or "Anonymous", style=theme.title)
        who.append(f"  ·  {local_time(comment.published, with_day=False)}", style=theme.meta)
        if depth:
            who = Text("↳ ", style=theme.meta) + who
        pad = Text("  " * depth + ("│ " if depth else ""), style=theme.rule)
        lines = [Block(who), *body]
        blocks += [_indented(block, pad, depth) for block in lines]
        blocks.append(Block())
    return [*blocks, *closing]


def _indented(block: Block, pad: Text, depth: int) -> Block:
    if not depth:
        return block
    lead = Text("  " * depth)
    first = (lead if block.text.plain.startswith("↳") else pad) + block.first
    return replace(block, first=first, rest=pad + block.rest)
