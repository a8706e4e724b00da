"""The one door for feed text into the UI: plain strings become Rich Text, never markup.

`Text(...)` does not parse "[bold]" or "[@click=...]"; `clean_text` removes control
characters on the way, so neither markup nor escape sequences in a feed can act.
"""

from rich.style import Style
from rich.text import Text

from eye_tui.text import clean_label, clean_text


def plain(value: str, style: str | Style = "") -> Text:
    """Untrusted multi-line text as inert Rich Text."""
    return Text(clean_text(value), style=style, end="")


def label(value: str, style: str | Style = "") -> Text:
    """Untrusted one-line text (title, tag, author) as inert Rich Text."""
    return Text(clean_label(value), style=style, end="", no_wrap=True, overflow="ellipsis")
