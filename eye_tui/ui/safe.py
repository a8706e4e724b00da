"""The one door for feed text into the UI: plain strings become Rich Text, never markup.

`Text(...)` does not parse "[bold]" or "[@click=...]"; `clean_text` removes control
characters on the way, so neither markup nor escape sequences in a feed can act.
"""

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style as VisualStyle

from eye_tui.text import clean_label, clean_text


def plain(value: str, style: str | Style = "") -> Text:
    """Untrusted multi-line text as inert Rich Text."""
    return Text(clean_text(value), style=style, end="")


def label(value: str, style: str | Style = "") -> Text:
    """Untrusted one-line text (title, tag, author) as inert Rich Text."""
    return Text(clean_label(value), style=style, end="", no_wrap=True, overflow="ellipsis")


def content(value: str) -> Content:
    """Untrusted one-line text as Textual Content (which widgets such as the command
    palette would otherwise parse as markup when given a plain str)."""
    return Content(clean_label(value))


def highlighted(matcher: Matcher, value: str, style: VisualStyle | None) -> Content:
    """`value` as literal Content with the fuzzy match styled. (Textual's own
    Matcher.highlight parses its argument as markup: never give it feed text.)"""
    text = clean_label(value)
    shown = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if style is not None and not text[offset].isspace():
            shown = shown.stylize(style, offset, offset + 1)
    return shown
