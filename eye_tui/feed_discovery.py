"""A web page given where a feed was wanted: the feed the page names.

People give a site's address (`enderbyeye.co.uk`) or a post's, not the feed's. WordPress,
like most sites, names its feeds in each page's head: `<link rel="alternate"
type="application/rss+xml">`, the site's own feed first, then its comments feed and, on a
post's page, that post's comments. A theme that names none still has the feed beside
the API that WordPress names in every answer's `Link` header.
"""

import contextlib
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from eye_tui.errors import NotAFeedError
from eye_tui.feed import is_web, looks_like_html
from eye_tui.net import Fetched
from eye_tui.rest import api_from_link_header

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# A page's head is near its start; a page of several MB is not read whole for it.
HEAD_LIMIT = 512 * 1024


def feed_instead(asked: str, page: Fetched, archive_feed: str | None) -> str | None:
    """The feed to read in place of `asked`, if what came is a web page that names one;
    NotAFeedError, saying where a WordPress site's would be, if it names none. Never in
    place of the feed the archive already reads: a Wi-Fi login page served in
    its stead must not lead the archive to another site."""
    if asked == archive_feed:
        return None
    named = feed_named_by(page.body, page.content_type, page.url, page.headers.get("link", ""))
    if named is None and _is_web_page(page.body, page.content_type):
        site = urlsplit(asked)
        guess = f"{site.scheme}://{site.netloc}/feed/"
        # A feed's own address answered with a page: a login page? feed.py says so.
        if "feed" not in (site.path + site.query).lower():
            raise NotAFeedError(
                f"{asked} is a web page, and it names no feed "
                f"(a WordPress site's would be at {guess})"
            )
    return None if named in (asked, page.url) else named


def feed_named_by(
    body: bytes, content_type: str, page_url: str, link_header: str = ""
) -> str | None:
    """The web address of the site's feed this web page names, or None (not a web page,
    or one that names none but comment feeds)."""
    if not _is_web_page(body, content_type):
        return None
    finder = _FeedLinks()
    # html.parser's answer to "<![foo[" is AssertionError: the links before it stand.
    with contextlib.suppress(AssertionError):
        finder.feed(body[:HEAD_LIMIT].decode("utf-8", errors="replace"))
    for href in finder.feeds:
        try:
            address = urljoin(page_url, href)
            if is_web(address) and not _is_comments_feed(address):
                return address
        except ValueError:  # "http://[::1": not an address at all
            continue
    api = api_from_link_header(link_header, page_url)
    if api is not None and urlsplit(api).path.endswith("/wp-json/"):
        return api.removesuffix("wp-json/") + "feed/"
    return None


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {name: (value or "").strip() for name, value in attrs}
        kind = values.get("type", "").split(";", 1)[0].strip().lower()
        rels = values.get("rel", "").lower().split()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.feeds.append(values["href"])


# A feed by its root element, whatever type its server gives it (RSS sent as text/html
# is common).
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")


def _is_web_page(body: bytes, content_type: str) -> bool:
    if _FEED_ROOT.search(body[:2048].lower()):
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    return looks_like_html(body) or kind in ("text/html", "application/xhtml+xml")


def _is_comments_feed(address: str) -> bool:
    # WordPress: /comments/feed/, ?feed=comments-rss2, and a post's own …/post/feed/
    # (which only a post's page names, after the site's).
    parts = urlsplit(address)
    return "comments" in parts.path.lower() or "comments" in parts.query.lower()
