"""Feed bytes -> cleaned, normalised posts and comments (feedparser does the XML).

Everything read here is untrusted: texts are cleaned of control characters, sizes are
capped, and a document that is not a feed becomes a NotAFeedError with a plain reason.
"""

import calendar
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import urljoin

from eye_tui import wordpress_rss
from eye_tui.attached import attached_html
from eye_tui.errors import NotAFeedError
from eye_tui.feed_names import author_of, name_in, tags_of, title_of
from eye_tui.model import Comment, Post
from eye_tui.text import clean_body, clean_label, clean_text, html_to_plain, plain_start

MAX_TITLE = 500
MAX_LINK = 2000
MAX_BODY = 2 * 1024 * 1024  # characters of HTML kept per post; a larger body is cut
MAX_EXCERPT = 2000
# A date more than a day ahead of our clock is wrong, not news from the future.
FUTURE_SLACK = timedelta(days=1)
_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|channel)\b", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
# No community-news post is older than the web itself: earlier dates (year 1, or a bare
# epoch number that feedparser reads as the year 1447) are unknown, not history.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_TRUNCATED_NOTE = "<p><em>[eye-tui: this post was cut short: it is too large to keep]</em></p>"
_DECLARED_ENCODING = re.compile(rb"""encoding=["'][^"']{1,40}["']""")
_SHORT_LINK = re.compile(r"^https?://[^?#]+/\?p=(\d{1,12})$")
_ROOT_CLOSERS = (b"</rss>", b"</feed>", b"</rdf:RDF>", b"</RDF>")
_FEED_TYPES = ("application/atom+xml", "application/rss+xml")


class _Parsed(dict[str, Any]):
    """What the WordPress reader read, in the shape of feedparser's result."""

    def __init__(self, values: dict[str, Any], entries: list[dict[str, Any]]) -> None:
        super().__init__(values)
        self.entries = entries


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str
    posts: tuple[Post, ...]
    damaged: str = ""  # what is wrong with a document read all the same; "" if nothing


def parse_feed(
    data: bytes,
    *,
    source: str = "",
    content_type: str = "",
    fetched_at: datetime,
    wordpress_first: bool = True,
) -> ParsedFeed:
    """Parse one feed document into posts, newest first as the feed lists them.

    WordPress's own RSS is read by wordpress_rss.py, everything else (and everything when
    `wordpress_first` is False, as the tests compare the two) by feedparser."""
    parsed = _parse(data, source, content_type, wordpress_first)
    channel = parsed.get("feed", {})
    site = _site(channel.get("link"), source)
    # Items with no guid are known by their link, unless several share one (a real
    # site's news feed gives 99 items one link): then by link and title, never merged.
    links = Counter(clean_label(e.get("link"), MAX_LINK) for e in parsed.entries)
    posts: dict[str, Post] = {}
    atom = str(parsed.get("version", "")).startswith("atom")
    writer = author_of(channel) if atom else ""  # an RSS channel's editor is no writer
    for entry in parsed.entries:
        post = _post_from_entry(entry, fetched_at, site, links, atom, writer)
        posts.setdefault(post.id, post)  # a duplicate id in one document: the first wins
    damaged = ""
    if parsed.get("bozo") and _lacks_only_its_end(data):
        damaged = "the feed's last closing tag is missing; every post in it was complete"
    return ParsedFeed(
        title=name_in(channel.get("title"), MAX_TITLE),
        link=clean_label(channel.get("link"), MAX_LINK),
        posts=tuple(posts.values()),
        damaged=damaged,
    )


def posts_as_read(
    data: bytes, *, source: str = "", content_type: str = "", fetched_at: datetime
) -> Iterator[list[Post]]:
    """The posts of WordPress's RSS a part at a time, as the reader reaches them, so they
    can be stored while the rest is read: the same posts as `parse_feed` gives. Raises
    wordpress_rss.Declined (perhaps after some parts) where the document must be read
    whole: by feedparser, or for an item with no guid, whose id depends on the others."""
    if not data.strip() or _declares_entities(data):
        raise wordpress_rss.Declined("left to parse_feed, which says why")
    channel = wordpress_rss.WordPressFeed()
    seen: set[str] = set()
    site: str | None = None
    for entries in wordpress_rss.read_in_parts(data, content_type, channel):
        if site is None:
            site = _site(channel.link, source)
        posts = []
        for entry in entries:
            if not clean_label(entry.get("id"), MAX_LINK):
                raise wordpress_rss.Declined("a post with no guid")
            post = _post_from_entry(entry, fetched_at, site)
            if post.id not in seen:  # a duplicate id in one document: the first wins
                seen.add(post.id)
                posts.append(post)
        yield posts
    if site is not None and site != _site(channel.link, source):
        raise wordpress_rss.Declined("the channel's link came after its posts")


def _site(channel_link: object, source: str) -> str:
    """Relative post links are made absolute against the site (the channel's link, else
    the feed's own address), so every post can be opened."""
    link = clean_label(channel_link if isinstance(channel_link, str) else None)
    return next((u for u in (link, source) if is_web(u)), "")


def parse_comments(
    data: bytes, *, source: str = "", content_type: str = "", fetched_at: datetime
) -> tuple[Comment, ...]:
    """Parse a post's comment feed (an RSS feed whose items are comments)."""
    parsed = _parse(data, source, content_type)
    comments: dict[str, Comment] = {}
    for entry in parsed.entries:
        html = _body_html(entry)
        published, _ = _entry_date(entry, fetched_at)
        link = clean_label(entry.get("link"), MAX_LINK)
        comment_id = (
            clean_label(entry.get("id"), MAX_LINK) or link or _hash_id(entry.get("title", ""), html)
        )
        author = author_of(entry) or _comment_author_from_title(entry.get("title", ""))
        comments.setdefault(comment_id, Comment(comment_id, author, published, html, link))
    return tuple(sorted(comments.values(), key=lambda c: c.published))


def _parse(data: bytes, source: str, content_type: str, wordpress_first: bool = False) -> Any:
    where = source or "the feed"
    if not data.strip():
        raise NotAFeedError(f"{where} sent an empty document")
    if _declares_entities(data):
        raise NotAFeedError(
            f"{where} declares entities of its own, which can make a small feed expand to "
            "gigabytes; refused (no real feed needs them)"
        )
    if wordpress_first:
        # WordPress's own RSS, read fast; anything else it declines goes to feedparser.
        wordpress = wordpress_rss.read(data, content_type)
        if wordpress is not None:
            return _Parsed(
                {"feed": {"title": wordpress.title, "link": wordpress.link}, "bozo": 0},
                wordpress.entries,
            )
    headers = {"content-type": content_type} if content_type else {}
    parsed = _feedparser(data, headers, where)
    declared = _DECLARED_ENCODING.search(data[:200])
    if not parsed.get("version") and not parsed.entries and declared:
        # A wrong declared encoding (UTF-8 bytes that claim to be UTF-16, say) defeats the
        # parser; read it once more as the UTF-8 that nearly every feed really is.
        parsed = _feedparser(
            _DECLARED_ENCODING.sub(b'encoding="utf-8"', data, count=1),
            {"content-type": "application/xml; charset=utf-8"},
            where,
        )
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        if _looks_like_utf16(data):
            raise NotAFeedError(
                f"{where}: its text encoding could not be read (UTF-16 with no byte-order mark?)"
            )
        if looks_like_html(data):
            raise NotAFeedError(f"{where} is a web page, not a feed (a Wi-Fi login or error page?)")
        raise NotAFeedError(f"{where} is not an RSS or Atom feed")
    if (
        parsed.get("bozo")
        and _is_truncated(data, parsed.get("bozo_exception"))
        and not _lacks_only_its_end(data)
    ):
        raise NotAFeedError(f"{where} was cut off before its end; nothing was changed")
    return parsed


def _feedparser(data: bytes, headers: dict[str, str], where: str) -> Any:
    # Bodies are kept as the site wrote them: feedparser's sanitiser would delete every
    # <iframe>, <video> and <audio>, and a post that *is* a video would show one line.
    # Nothing here ever runs HTML: render.py reads it (dropping scripts and styles), only
    # web and mail links are ever opened (links.py), and text reaches the screen as
    # plain Rich Text. Relative links are resolved by render.py against the post's own
    # URL, which is the right base; skipping feedparser's pass saves a quarter of the parse.
    import feedparser  # here, not at the top: the reader starts faster without it

    try:
        return feedparser.parse(
            data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as error:  # feedparser's own bugs on garbage input (found by fuzzing)
        raise NotAFeedError(
            f"{where} could not be read as a feed ({type(error).__name__})"
        ) from None


def _is_truncated(data: bytes, error: object) -> bool:
    """A well-formedness error with no closing root tag means the transfer stopped early.

    Taking the entries of such a document could replace a good stored post with half of it.
    """
    if error is None or "SAXParseException" not in type(error).__name__:
        return False
    tail = data[-512:].rstrip()
    return not any(closer in tail for closer in _ROOT_CLOSERS)


def _lacks_only_its_end(data: bytes) -> bool:
    """Everything is there but the root's closing tag (or its last ">"): after the last
    item, an RSS feed has closed its channel, an Atom feed has begun "</feed". A
    document cut anywhere before that stays refused."""
    tail = data[-512:].rstrip()
    if b"</channel>" in tail:
        rest = tail[tail.rfind(b"</channel>") + len(b"</channel>") :].strip()
        return rest != b"</rss>" and b"</rss>".startswith(rest)  # a whole end is no fault
    last_entry = tail.rfind(b"</entry>")
    if last_entry >= 0:
        rest = tail[last_entry + len(b"</entry>") :].strip()
        return rest != b"</feed>" and rest.startswith(b"</feed") and b"</feed>".startswith(rest)
    return False


def _declares_entities(data: bytes) -> bool:
    """A DOCTYPE with an internal subset, before the feed's root element. One 20 KB
    entity used 20,000 times expands to 400 MB in the parser; refusing the declaration
    costs nothing (an external DTD, as RSS 0.91 feeds name, is still accepted)."""
    root = _ROOT.search(data, 0, 1 << 20)
    prolog = data[: root.start() if root else 1 << 16]
    return bool(_INTERNAL_SUBSET.search(prolog)) or b"<!ENTITY" in prolog.upper()


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte zero at the start: UTF-16 text that did not say so."""
    head = data[:200]
    return len(head) >= 20 and (
        head[1::2].count(0) > 0.8 * len(head[1::2]) or (head[0::2].count(0) > 0.8 * len(head[0::2]))
    )


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head or b"<body" in head


def is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _post_from_entry(
    entry: Any,
    fetched_at: datetime,
    site: str = "",
    links: Counter[str] | None = None,
    atom: bool = False,
    writer: str = "",
) -> Post:
    title = title_of(entry, atom, MAX_TITLE)
    given_link = clean_label(entry.get("link"), MAX_LINK)
    link = _absolute(site, given_link)
    published, guessed = _entry_date(entry, fetched_at)
    # dict.get: feedparser maps a missing updated_parsed to published_parsed, with a warning.
    updated = _struct_to_datetime(dict.get(entry, "updated_parsed"))
    if updated is not None and (
        updated > fetched_at + FUTURE_SLACK or updated < EARLIEST or updated == published
    ):
        updated = None
    when = dict.get(entry, "published", "") or dict.get(entry, "updated", "")
    post_id = clean_label(entry.get("id"), MAX_LINK)  # clean_label trims the whitespace
    if not post_id and link and (links is None or links[given_link] <= 1):
        post_id = link
    elif not post_id:
        post_id = (link + "#" if link else "") + _hash_id(title, when)
    html = _body_html(entry)
    is_summary = _is_summary(entry, html)
    html += attached_html(entry.get("enclosures"), html)
    return Post(
        id=post_id,
        # Only a web address is a post's address: feedparser also offers a guid that is
        # none ("urn:…", Atom's "tag:…") as the link, and no browser could open it.
        link=link if is_web(link) else "",
        title=title or "(untitled)",
        author=author_of(entry, writer),
        published=published,
        updated=updated,
        tags=tags_of(entry.get("tags") or ()),
        html=html,
        excerpt=plain_start(clean_text(entry.get("summary", "")), MAX_EXCERPT),
        comments_url=clean_label(entry.get("wfw_commentrss"), MAX_LINK) or _replies_feed(entry),
        comment_count=_count(entry.get("slash_comments") or entry.get("thr_total")),
        date_is_guess=guessed,
        wp_id=_wordpress_number(post_id),
        is_summary=is_summary,
    )


def _wordpress_number(guid: str) -> int | None:
    """WordPress's own number for a post, from a guid like `https://site/?p=123`."""
    found = _SHORT_LINK.search(guid)
    return int(found.group(1)) if found else None


def _is_summary(entry: Any, html: str) -> bool:
    """The item carries the site's summary, not the post: WordPress's "Summary" feeds
    give no content:encoded and end the excerpt with "[…]" (or a "Continue reading")."""
    # Only the end is read: a whole body made plain would cost a tenth of the ingest.
    tail = html_to_plain(html[-600:])[-200:].rstrip(" →»").rstrip()
    cut = tail.endswith(("[…]", "[...]", "Continue reading", "Read more"))
    if not entry.get("content"):
        return cut
    # content:encoded holding the excerpt all the same: short, and cut.
    return cut and len(html) < 4000 and len(html_to_plain(html)) < 600


def _body_html(entry: Any) -> str:
    contents = entry.get("content") or ()
    detail = contents[0] if contents else (entry.get("summary_detail") or {})
    html = detail.get("value", "") if contents else entry.get("summary", "")
    if detail.get("type") == "text/plain":
        # Text content is text: "<tags>" in it is words, not an element to drop.
        html = "<p>" + escape(html).replace("\n", "<br>") + "</p>"
    base = detail.get("base") or ""
    if is_web(base) and ("href=" in html or "src=" in html):
        html = _resolved(html, base)  # xml:base: relative addresses mean it, not the post
    html = clean_body(html)
    if len(html) > MAX_BODY:
        html = html[:MAX_BODY] + _TRUNCATED_NOTE
    return html


def _absolute(site: str, link: str) -> str:
    if not link or is_web(link) or not site:
        return link
    try:
        return clean_label(urljoin(site, link), MAX_LINK)
    except ValueError:
        return link


def _resolved(html: str, base: str) -> str:
    from feedparser.urls import resolve_relative_uris

    try:
        return str(resolve_relative_uris(html, base, "utf-8", "text/html"))
    except Exception:  # feedparser's resolver on broken markup: keep the body as it was
        return html


def _comment_author_from_title(title: str) -> str:
    # WordPress titles comment items "By: Name"; some feeds give no author otherwise.
    title = clean_label(title, MAX_TITLE)
    return title.split(":", 1)[1].strip() if title.lower().startswith("by:") else ""


def _entry_date(entry: Any, fetched_at: datetime) -> tuple[datetime, bool]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        when = _struct_to_datetime(dict.get(entry, key))
        if when is not None:
            if when > fetched_at + FUTURE_SLACK or when < EARLIEST:
                return fetched_at, True  # unknown: shown as "date guessed"
            return when, False
    return fetched_at, True


def _struct_to_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _replies_feed(entry: Any) -> str:
    """Atom's comment feed for a post (Blogger's, RFC 4685): a "replies" link to a feed."""
    for link in entry.get("links") or ():
        if link.get("rel") == "replies" and link.get("type") in _FEED_TYPES:
            url = clean_label(link.get("href"), MAX_LINK)
            if is_web(url):
                return url
    return ""


def _count(value: Any) -> int:
    try:
        return max(0, min(int(str(value).strip()), 10**7))
    except (TypeError, ValueError):
        return 0


def _hash_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
    return "urn:eye-tui:" + digest[:32]
