"""Whole posts for a feed that carries only summaries (WordPress's "Summary" setting).

Such a feed's item is the first words and "[…]": the archive would hold a teaser, not the
news. Each such post's own page is fetched once and the theme's entry content taken from
it (`.entry-content`, the class every WordPress theme since 2010 uses, else `article`);
where that fails the post stays marked as a summary, and the pane says so.
"""

from collections.abc import Callable

from eye_tui import html_tree
from eye_tui.archive import Archive
from eye_tui.errors import EyeError
from eye_tui.net import Fetched, Fetcher

# Class names themes give the element holding a post's text, most specific first.
CONTENT_CLASSES = ("entry-content", "post-content", "td-post-content", "article-content")
PER_REFRESH = 200  # pages fetched in one refresh: the rest follow on the next


def fetch_full_texts(archive: Archive, fetcher: Fetcher, count: Callable[[Fetched], None]) -> int:
    """Fill in the text of stored summaries from their pages. Returns how many."""
    filled = 0
    for key, link in archive.summaries(PER_REFRESH):
        try:
            fetched = fetcher.get(link, same_host=True)
        except EyeError:
            continue  # a page that cannot be had now: the summary stays, marked
        count(fetched)
        if fetched.status != 200 or "html" not in fetched.content_type.lower():
            continue
        text = entry_content(fetched.body.decode("utf-8", "replace"))
        if text:
            archive.fill_summary(key, text, fetched.wire_bytes)
            filled += 1
    return filled


def entry_content(page: str) -> str:
    """The inner HTML of the page's post text, or "" when the page has no such element."""
    root = html_tree.parse(page)
    found = None
    for wanted in CONTENT_CLASSES:
        found = next((e for e in root.elements() if wanted in e.classes()), None)
        if found is not None:
            break
    if found is None:
        found = next((e for e in root.elements() if e.tag == "article"), None)
    if found is None or not found.text():
        return ""
    holder = html_tree.Element("#root", children=list(found.children))
    return html_tree.serialize(holder).strip()
