"""A WordPress-like site on 127.0.0.1 for tests and benchmarks.

It serves what eye-tui reads from the Enderby EYE: the paged RSS feed (`/feed/`,
`/feed/?paged=N`, 404 past the end), tag feeds (`/tag/<slug>/feed/`) and per-post comment
feeds, with ETag/Last-Modified (answering 304) and gzip. Tests change `site.posts` to
publish or edit, and set `site.fault` to make the server misbehave.
"""

import gzip
import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

BASE_DATE = datetime(2015, 1, 5, 9, 0, tzinfo=UTC)


@dataclass
class SitePost:
    number: int
    title: str
    html: str
    tags: list[str]
    published: datetime
    comments: list[tuple[str, str]] = field(default_factory=list)  # (author, html)
    guid: str | None = None
    # What the feed cannot tell apart (it merges both into <category>), the REST API can.
    categories: list[str] = field(default_factory=list)
    modified: datetime | None = None  # an edit; None: never edited
    author: str = "Enderby EYE"
    featured: tuple[str, str] | None = None  # (picture path, caption)
    comment_parents: dict[int, int] = field(default_factory=dict)  # reply index -> parent
    comments_open: bool = True

    @property
    def slug(self) -> str:
        return f"post-{self.number}"

    def link(self, base: str) -> str:
        return f"{base}/{self.published:%Y/%m/%d}/{self.slug}/"


def make_posts(
    count: int, tags: tuple[str, ...] = ("Enderby", "Police", "Blaby")
) -> list[SitePost]:
    """`count` posts, newest first: number `count` is the newest, one day apart."""
    posts = []
    for number in range(count, 0, -1):
        posts.append(
            SitePost(
                number=number,
                title=f"Village news item {number}",
                html=f"<p>Story number {number} from Enderby. <a href='/about/'>About</a></p>"
                f"<p>Second paragraph of item {number}.</p>",
                tags=[tags[number % len(tags)], "Leicestershire"],
                published=BASE_DATE + timedelta(days=number),
            )
        )
    return posts


def rss_document(items: str, title: str = "Enderby EYE", base: str = "http://example") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>{escape(title)}</title><link>{base}</link>
<description>Community news</description>
{items}
</channel></rss>
"""


def rss_item(post: SitePost, base: str, summary_only: bool = False) -> str:
    link = post.link(base)
    terms = [*post.categories, *post.tags]
    categories = "".join(f"<category><![CDATA[{term}]]></category>" for term in terms)
    # WordPress's "Summary" setting: an excerpt ending in [&#8230;] and no content:encoded.
    content = (
        ""
        if summary_only
        else f"<content:encoded><![CDATA[{post.html.replace(']]>', ']]]]><![CDATA[>')}]]>"
        "</content:encoded>"
    )
    description = summary_text(post) if summary_only else post.html[:200].replace("]]>", "")
    return f"""<item>
<title>{escape(post.title)}</title>
<link>{escape(link)}</link>
<pubDate>{format_datetime(post.published)}</pubDate>
<dc:creator><![CDATA[{post.author}]]></dc:creator>
{categories}
<guid isPermaLink="false">{escape(post.guid or f"{base}/?p={post.number}")}</guid>
<description><![CDATA[{description}]]></description>
{content}
<wfw:commentRss>{escape(link)}feed/</wfw:commentRss>
<slash:comments>{len(post.comments)}</slash:comments>
</item>"""


def summary_text(post: SitePost) -> str:
    """The excerpt WordPress writes for a summary: the first words, then [&#8230;]."""
    words = re.sub(r"<[^>]+>", " ", post.html).split()
    return " ".join(words[:12]) + " [&#8230;]"


def comment_document(post: SitePost, base: str) -> str:
    items = "".join(
        f"""<item><title>By: {escape(author)}</title>
<link>{escape(post.link(base))}#comment-{i}</link>
<dc:creator><![CDATA[{author}]]></dc:creator>
<pubDate>{format_datetime(post.published + timedelta(hours=i + 1))}</pubDate>
<guid isPermaLink="false">{base}/?p={post.number}#comment-{i}</guid>
<content:encoded><![CDATA[{html}]]></content:encoded></item>"""
        for i, (author, html) in enumerate(post.comments)
    )
    return rss_document(items, f"Comments on: {post.title}", base)


@dataclass
class Request:
    path: str
    status: int
    body_bytes: int
    headers: dict[str, str]


Fault = Callable[[BaseHTTPRequestHandler], bool]


class WordPressSite:
    """The site and its server. Use as a context manager; `url` is the feed URL."""

    def __init__(
        self,
        posts: list[SitePost] | None = None,
        per_page: int = 10,
        latency: float = 0.0,
        bandwidth: float = 0.0,
    ) -> None:
        self.posts = posts if posts is not None else make_posts(25)
        self.per_page = per_page
        self.latency = latency  # seconds added before each answer
        self.bandwidth = bandwidth  # bytes per second shared by all connections; 0: unlimited
        self._link_free_at = 0.0
        # Benchmarks set a dict here so the site serves each document from memory, as a
        # caching web server would, and its own work is not counted against the client.
        self.cache: dict[tuple[str, bool], bytes] | None = None
        self._rest_cache: dict[str, tuple[int, bytes, dict[str, str]] | None] = {}
        self.gzip = True
        # A fault handles the request itself and returns True, or returns False to pass.
        self.fault: Fault | None = None
        self.requests: list[Request] = []
        # Files the site serves as they are (pictures, documents): path -> (body, type).
        self.files: dict[str, tuple[bytes, str]] = {}
        # The REST API (see site_rest.py): "on", "hidden", "off", "locked" or "html".
        self.rest = "off"
        self.rest_before_5_7 = False  # the API ignores modified_after, as before 5.7
        self.names_wordpress = False  # the feed's <generator> says WordPress
        self.summary_only = False  # the feed carries excerpts only ("Summary" setting)
        self.title = "Enderby EYE"  # the feed's name for its site
        self.feed_links = True  # each page's head names the site's feeds (see site_pages.py)
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # Clients that hang up early (a test's fault, a cancelled refresh) are normal here.
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign, assignment]
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.url = f"{self.base}/feed/"

    def __enter__(self) -> "WordPressSite":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # -- what the site serves ----------------------------------------------------------

    def document_for(self, path: str) -> str | None:
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        page = int(query.get("paged", ["1"])[0])
        segments = [s for s in parts.path.split("/") if s]
        posts = sorted(self.posts, key=lambda p: p.published, reverse=True)
        if segments == ["feed"]:
            return self._page(posts, page)
        if len(segments) == 3 and segments[0] == "tag" and segments[2] == "feed":
            tagged = [p for p in posts if any(_slug(t) == segments[1] for t in p.tags)]
            return self._page(tagged, page)
        if segments and segments[-1] == "feed" and len(segments) == 5:
            for post in posts:
                if post.slug == segments[3]:
                    return comment_document(post, self.base)
        return None

    def _page(self, posts: list[SitePost], page: int) -> str | None:
        chunk = posts[(page - 1) * self.per_page : page * self.per_page]
        if page > 1 and not chunk:
            return None  # WordPress answers 404 past the last page
        items = "".join(rss_item(p, self.base, self.summary_only) for p in chunk)
        document = rss_document(items, self.title, base=self.base)
        if self.rest == "hidden" or self.names_wordpress:  # a WordPress feed names itself
            generator = "<generator>https://wordpress.org/?v=6.4.2</generator>"
            document = document.replace("<description>", generator + "<description>", 1)
        return document

    def rest_answer(self, path: str) -> "tuple[int, bytes, dict[str, str]] | None":
        """The API's answer, from memory when benchmarks set `cache` (as for the feed)."""
        from tests import site_rest

        if self.cache is None:
            return site_rest.answer(self, path)
        if path not in self._rest_cache:
            self._rest_cache[path] = site_rest.answer(self, path)
        cached = self._rest_cache[path]
        return None if cached is None else (cached[0], cached[1], dict(cached[2]))

    def post_page(self, path: str) -> bytes | None:
        """A post's own web page, its text in the theme's entry-content element; at `/`,
        the front page."""
        from tests import site_pages

        if path == "/":
            return site_pages.home_page(self)
        if "/feed" in path or not path.endswith("/"):
            return None
        for post in self.posts:
            if post.link(self.base) == self.base + path:
                return (
                    site_pages.head(self, post.title, post) + "<body><header>Enderby EYE</header>"
                    f'<article><h1 class="entry-title">{escape(post.title)}</h1>'
                    f'<div class="entry-content">{post.html}</div>'
                    '<footer class="entry-meta">Posted in News</footer></article>'
                    '<aside class="widget">Recent posts</aside></body></html>'
                ).encode()
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle's algorithm on, the body of
            # a small answer waited for the client's delayed ACK of the headers (40 ms on
            # Linux) on a kept-alive connection. Web servers set TCP_NODELAY; so does this.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    if site.latency:
                        time.sleep(site.latency)
                    if site.fault:
                        site._log(self, -1, 0)
                        if site.fault(self):
                            return
                        site.requests.pop()
                    self._serve()
                finally:
                    with site._lock:
                        site.active -= 1

            def _serve(self) -> None:
                if self.path in site.files:
                    content, kind = site.files[self.path]
                    self._send(200, content, kind)
                    return
                from tests import site_rest

                rest = site.rest_answer(self.path)
                if rest is not None:
                    status, content, headers = rest
                    kind = headers.pop("Content-Type")
                    self._send_cached(status, content, kind, headers)
                    return
                page = site.post_page(self.path)
                if page is not None:
                    self._send(200, page, "text/html; charset=UTF-8", site_rest.api_link(site))
                    return
                body = site._body_for(self.path)
                if body is None:
                    self._send(404, b"<html><body>Not found</body></html>", "text/html")
                    return
                self._send_cached(
                    200, body, "application/rss+xml; charset=UTF-8", site_rest.api_link(site)
                )

            def _send_cached(
                self, status: int, body: bytes, kind: str, headers: dict[str, str]
            ) -> None:
                """Answer with an ETag, and 304 when the client has this body already."""
                if status != 200:
                    self._send(status, body, kind, headers)
                    return
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                modified = format_datetime(BASE_DATE, usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", extra={"ETag": etag, "Last-Modified": modified})
                    return
                self._send(200, body, kind, {**headers, "ETag": etag, "Last-Modified": modified})

            def _send(
                self,
                status: int,
                body: bytes,
                content_type: str = "",
                extra: dict[str, str] | None = None,
            ) -> None:
                headers = dict(extra or {})
                if body and site.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = site._gzipped(self.path, body)
                    headers["Content-Encoding"] = "gzip"
                site._log(self, status, len(body))  # before answering: no race with asserts
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                site._write(self.wfile, body)

        return Handler

    def _body_for(self, path: str) -> bytes | None:
        if self.cache is not None and (path, False) in self.cache:
            return self.cache[(path, False)]
        document = self.document_for(path)
        body = None if document is None else document.encode("utf-8")
        if self.cache is not None and body is not None:
            self.cache[(path, False)] = body
        return body

    def _gzipped(self, path: str, body: bytes) -> bytes:
        if self.cache is not None and (path, True) in self.cache:
            return self.cache[(path, True)]
        packed = gzip.compress(body, 6)
        if self.cache is not None:
            self.cache[(path, True)] = packed
        return packed

    def _write(self, out: Any, body: bytes) -> None:
        """Write a body, at most `bandwidth` bytes a second across all connections."""
        if not self.bandwidth:
            out.write(body)
            return
        for start in range(0, len(body), 16384):
            chunk = body[start : start + 16384]
            with self._lock:  # one shared link: chunks queue up behind each other
                self._link_free_at = max(time.monotonic(), self._link_free_at) + (
                    len(chunk) / self.bandwidth
                )
                done_at = self._link_free_at
            time.sleep(max(0.0, done_at - time.monotonic()))
            out.write(chunk)

    def _log(self, handler: BaseHTTPRequestHandler, status: int, size: int) -> None:
        with self._lock:
            self.requests.append(Request(handler.path, status, size, dict(handler.headers)))


def answer(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> bool:
    """A fault's own answer: `status`, `headers` and the Content-Length, then `body`.
    True, which is what a fault returns once it has answered."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    return True


def no_post_pages(handler: BaseHTTPRequestHandler) -> bool:
    """A fault: every page but the feeds fails (503), as a site's pages behind a broken
    cache would; for summaries whose whole text cannot be had."""
    if "/feed" not in handler.path:
        handler.send_error(503)
        return True
    return False


def _slug(name: str) -> str:
    return "-".join(name.lower().split())
