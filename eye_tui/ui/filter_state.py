"""How the reader's filter changes: plain functions from one PostFilter to the next.

The screen wires widgets to these; they hold every rule about the filter (toggling a tag,
choosing a month again clears it, dropping a chip, the saved-state round trip), so the
rules are tested without Textual.
"""

from collections.abc import Container
from dataclasses import replace

from eye_tui.model import PostFilter
from eye_tui.text import clean_label


def toggle_tag(current: PostFilter, slug: str) -> PostFilter:
    """Add a tag to the chosen ones (they combine), or drop it if it was chosen."""
    if slug in current.tags:
        return replace(current, tags=tuple(t for t in current.tags if t != slug))
    return replace(current, tags=(*current.tags, slug))


def choose_month(current: PostFilter, month: str) -> PostFilter:
    """Choose a year or month; choosing the same one again clears it."""
    return replace(current, month=None if current.month == month else month)


def drop(current: PostFilter, part: str, value: str = "") -> PostFilter:
    """What clicking a filter chip leaves: the filter without that part."""
    if part == "tag":
        return replace(current, tags=tuple(t for t in current.tags if t != value))
    cleared: dict[str, object] = {"query": "", "month": None, "unread": False, "starred": False}
    if part not in cleared:
        return current
    return replace(current, **{part: cleared[part]})  # type: ignore[arg-type]


def known_tags_only(current: PostFilter, known: Container[str]) -> PostFilter:
    """Forget chosen tags that are no longer in the archive."""
    return replace(current, tags=tuple(t for t in current.tags if t in known))


def to_saved(current: PostFilter, post_key: int | None) -> dict[str, object]:
    """What is remembered between runs (a search is not)."""
    return {
        "tags": list(current.tags),
        "month": current.month,
        "unread": current.unread,
        "starred": current.starred,
        "post": post_key,
    }


def from_saved(saved: dict[str, object]) -> PostFilter:
    """The remembered filter; anything malformed in the saved state is ignored."""
    tags, month = saved.get("tags"), saved.get("month")
    return PostFilter(
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        month=month if isinstance(month, str) else None,
        unread=saved.get("unread") is True,
        starred=saved.get("starred") is True,
    )


def nothing_found(current: PostFilter) -> tuple[str, str]:
    """What an empty list says, in the words of its filter, and what to do about it."""
    if current.query:
        typed = clean_label(current.query, max_length=60)
        if replace(current, query="").is_empty:
            return (
                f"Nothing in the archive matches “{typed}”.",
                "Fewer or other words may find it; Esc brings the list back.",
            )
        return (
            f"Nothing matches “{typed}” with these filters.",
            "Press x to clear them, or click a filter above to drop it.",
        )
    if current == PostFilter(starred=True):
        return ("No starred posts yet.", "Press s on a post to star it; S shows every post.")
    if current == PostFilter(unread=True):
        return ("Every post is read.", "Press U to show every post again.")
    return (
        "No posts match these filters.",
        "Press x to clear them, or click a filter above to drop it.",
    )
