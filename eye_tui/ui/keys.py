"""Every key of the main screen, in one place: the help screen, the command palette and
the README's key table (checked by a test) are all built from or against this list.

The actions themselves live in the screen's parts (ui/screens/).
"""

from textual.binding import Binding, BindingType

MAIN_SCREEN_KEYS: list[BindingType] = [
    Binding("question_mark", "help", "Help"),
    Binding("slash", "search", "Search"),
    Binding("t", "focus_tags", "Tags"),
    Binding("a", "focus_archive", "Archive"),
    Binding("U", "toggle_unread", "Unread only", show=False),
    Binding("S", "toggle_starred", "Starred only", show=False),
    Binding("x", "clear_filters", "Clear filters", show=False),
    # While searching, n / N go from match to match (as in less and vim); else n is
    # the next unread post, as in newsboat.
    Binding("n", "next_match(1)", "Next match (searching)"),
    Binding("N", "next_match(-1)", "Previous match (searching)", show=False),
    Binding("n", "next_unread", "Next unread"),
    Binding("J", "next_post(1)", "Next post", show=False),
    Binding("K", "next_post(-1)", "Previous post", show=False),
    Binding("p", "previous_unread", "Previous unread", show=False),
    Binding("space,pagedown", "page_down", "Scroll post", key_display="Space"),
    Binding(
        "shift+space,pageup",
        "page_up",
        "Scroll post back",
        show=False,
        key_display="Shift+Space",
    ),
    Binding("m", "toggle_read", "Read/unread", show=False),
    Binding("A", "mark_all_read", "Mark all read", show=False),
    Binding("z", "undo_mark_all", "Undo mark all read", show=False),
    Binding("s", "toggle_star", "Star", show=False),
    Binding("o", "open_in_browser", "Open in browser", show=False),
    Binding("y", "copy_address", "Copy the post's address", show=False),
    Binding("u", "show_links", "Links", show=False),  # the footer is full at 80 columns
    Binding(
        "backspace",
        "back",
        "Back to the post a link came from",
        show=False,
        key_display="Backspace",
    ),
    *(Binding(str(n), f"open_link({n})", f"Open link {n}", show=False) for n in range(1, 10)),
    Binding("c", "comments", "Comments", show=False),
    Binding("i", "fetch_pictures", "Keep this post's pictures", show=False),
    Binding("v", "view_pictures", "See this post's pictures full size", show=False),
    Binding("R", "refresh", "Refresh"),
    Binding("H", "fetch_history", "Fetch the whole history", show=False),
    Binding("f", "toggle_full_reader", "Full-screen post", show=False),
    Binding("b", "toggle_sidebar", "Sidebar", show=False),
    Binding("d", "open_sample", "Open the sample", show=False),
    Binding("escape", "escape", "Back", show=False),
    Binding("q", "app.quit", "Quit"),
]
