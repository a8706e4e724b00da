"""The reading pane's renderer: Markdown from render.py -> styled, wrapped lines.

Textual's Markdown widget builds a widget per block and took seconds on long posts; this
styles each Markdown line with a few rules and wraps it with Rich, which is fast enough to
paint a 200 KB post, and it only ever builds Text from plain strings (no markup parsing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from rich.text import Text

from eye_tui.model import Comment, StoredPost
from eye_tui.text import clean_label, clean_text, local_time

if TYPE_CHECKING:
    from eye_tui.render import RenderedBody

# Inline Markdown that html2text writes: **bold**, _italic_, [text][n] links.
_INLINE = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*|(?<!\w)_(?P<em>[^_\n]+?)_(?!\w)"
    r"|\[(?P<text>[^\]\n]*)\]\[(?P<n>\d{1,4})\]"
)
_REFERENCE = re.compile(r"^ {3}\[(\d+)\]: (.*)$")
_IMAGE = re.compile(r"^\[Image(: [^\]]*)?\]")


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


def header_lines(post: StoredPost, theme: Theme) -> list[Text]:
    summary = post.summary
    lines = [Text(clean_label(summary.title), style=theme.title)]
    byline = local_time(summary.published)
    if summary.author:
        byline += f"  ·  {clean_label(summary.author)}"
    if summary.comment_count:
        byline += f"  ·  {summary.comment_count} comment{'s' * (summary.comment_count != 1)}"
    lines.append(Text(byline, style=theme.meta))
    if summary.tags:
        tags = Text("Tags: ", style=theme.meta)
        for index, tag in enumerate(summary.tags):
            if index:
                tags.append(", ", style=theme.meta)
            # Clicking a tag filters by it. The action names the tag by its place in
            # the post's list: no feed text ever goes into an action string.
            start = len(tags)
            tags.append(clean_label(tag), style=theme.link)
            click = Style.from_meta({"@click": f"screen.filter_by_post_tag({index})"})
            tags.stylize(click, start, len(tags))
        lines.append(tags)
    lines.append(Text(""))
    return lines


def body_lines(body: RenderedBody, theme: Theme) -> list[Text]:
    lines: list[Text] = []
    for raw in clean_text(body.markdown).split("\n"):
        lines.append(_style_line(raw, theme))
    if not body.complete:
        lines += [Text(""), Text("… loading the rest of this post …", style=theme.meta)]
    return lines


def comment_lines(
    comments: Sequence[Comment], rendered: Iterable[RenderedBody], theme: Theme
) -> list[Text]:
    if not comments:
        return []
    lines = [
        Text(""),
        Text("─" * 20, style=theme.rule),
        Text(f"Comments ({len(comments)})", style=theme.heading),
        Text(""),
    ]
    for comment, body in zip(comments, rendered, strict=True):
        who = Text(clean_label(comment.author) or "Anonymous", style=theme.title)
        who.append(f"  ·  {local_time(comment.published, with_day=False)}", style=theme.meta)
        lines += [who, *body_lines(body, theme), Text("")]
    return lines


def wrap(lines: Sequence[Text], console: Console, width: int) -> list[Text]:
    """Soft-wrap every line to `width` cells, keeping indentation of list items."""
    wrapped: list[Text] = []
    for line in lines:
        if not line.plain:
            wrapped.append(line)
            continue
        wrapped.extend(line.wrap(console, max(width, 10), overflow="fold"))
    return wrapped


def _style_line(raw: str, theme: Theme) -> Text:
    reference = _REFERENCE.match(raw)
    if reference:
        text = Text(f"  [{reference[1]}] ", style=theme.link_number)
        text.append(reference[2], style=theme.meta)
        return text
    if raw.startswith("#"):
        return Text(raw.lstrip("#").strip(), style=theme.heading)
    if raw.startswith(">"):
        text = Text("▌ ", style=theme.rule)
        text.append_text(_inline(raw.lstrip("> ").rstrip(), theme, base=theme.quote))
        return text
    if _IMAGE.match(raw):
        return _inline(raw, theme, base=theme.image)
    if raw.strip() in ("* * *", "---", "___"):
        return Text("─" * 20, style=theme.rule)
    return _inline(raw, theme)


def _inline(raw: str, theme: Theme, base: Style | None = None) -> Text:
    text = Text(style=base or "")
    position = 0
    for match in _INLINE.finditer(raw):
        text.append(raw[position : match.start()])
        if match["bold"] is not None:
            text.append(match["bold"], style="bold")
        elif match["em"] is not None:
            text.append(match["em"], style="italic")
        else:
            label = match["text"]
            if _IMAGE.match(f"[{label}]"):  # a linked picture keeps its placeholder brackets
                label = f"[{label}]"
            text.append(label, style=theme.link)
            text.append(f"[{match['n']}]", style=theme.link_number)
        position = match.end()
    text.append(raw[position:])
    return text
