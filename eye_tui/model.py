"""The site's things as plain, immutable values: posts, tags, comments, filters."""

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Tag:
    """A WordPress tag or category as it appears on a post."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Post:
    """One post as parsed from a feed, cleaned and normalised."""

    id: str
    link: str
    title: str
    author: str
    published: datetime
    updated: datetime | None
    tags: tuple[Tag, ...]
    html: str
    excerpt: str
    comments_url: str = ""
    comment_count: int = 0
    # True when the feed's date was missing or unreadable and the fetch time stands in.
    date_is_guess: bool = False
    # From the REST API, which tells sections (categories) from tags; a feed merges both
    # into `tags` and leaves `categories` empty.
    categories: tuple[Tag, ...] = ()
    wp_id: int | None = None  # WordPress's own number for the post, when known
    comments_open: bool | None = None  # None: the site did not say
    # The feed carried only the site's summary (its "Summary" setting), not the post.
    is_summary: bool = False
    from_rest: bool = False


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader's comment on a post, from the post's comment feed or the REST API."""

    id: str
    author: str
    published: datetime
    html: str
    link: str = ""
    parent: str = ""  # the id of the comment this one answers; "" for a new thread
    depth: int = 0  # replies deep in its thread, as read back from the archive


@dataclass(frozen=True, slots=True)
class PostSummary:
    """What the post list shows for one stored post."""

    key: int  # the archive's own number for the post: short and stable on this machine
    id: str
    title: str
    link: str
    published: datetime
    tags: tuple[str, ...]
    read: bool
    starred: bool
    comment_count: int
    author: str = ""
    categories: tuple[str, ...] = ()  # the site's sections, when the API said which

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "id": self.id,
            "title": self.title,
            "link": self.link,
            "author": self.author,
            "published": self.published.isoformat(),
            "tags": list(self.tags),
            "categories": list(self.categories),
            "read": self.read,
            "starred": self.starred,
            "comments": self.comment_count,
        }


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A whole stored post, for the reading pane."""

    summary: PostSummary
    html: str
    excerpt: str
    updated: datetime | None
    comments_url: str
    date_is_guess: bool
    wp_id: int | None = None
    comments_open: bool | None = None
    is_summary: bool = False  # only the site's summary could be had: not the whole post


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result: the post and a short snippet around the match."""

    post: PostSummary
    snippet: str


@dataclass(frozen=True, slots=True)
class UnreadPlace:
    """Where the next unread post stands in a list; `wrapped`: found only by going on
    round the list's end (the last row to the first, or the first to the last)."""

    position: int
    key: int
    wrapped: bool


@dataclass(frozen=True, slots=True)
class PostFilter:
    """Which posts to list. Every part narrows the list; the empty filter lists all."""

    tags: tuple[str, ...] = ()  # tag slugs, combined with AND
    month: str | None = None  # "YYYY-MM", or "YYYY" for a whole year
    unread: bool = False
    starred: bool = False
    query: str = ""  # full-text search words

    @property
    def is_empty(self) -> bool:
        return self == PostFilter()


# How the API's featured picture opens a post's body (rest.py writes it; the archive
# knows it is not the author's words).
FEATURED_PICTURE = '<figure class="wp-block-image featured-image">'


def author_words(html: str) -> str:
    """A body without the featured picture the API puts above it: what the author wrote."""
    if html.startswith(FEATURED_PICTURE):
        return html[html.find("</figure>") + len("</figure>") :]
    return html


# How a filter names a section (a WordPress category), beside plain tag slugs.
SECTION_PREFIX = "category:"


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag (or a section of the site) with how many posts carry it."""

    name: str
    slug: str
    posts: int
    kind: str = "tag"  # "tag", or "category" (a section of the site)

    @property
    def key(self) -> str:
        """How a filter names it: the slug, or "category:<slug>" for a section."""
        return self.slug if self.kind == "tag" else SECTION_PREFIX + self.slug


@dataclass(frozen=True, slots=True)
class MonthCount:
    """A month of the archive with how many posts it holds."""

    month: str  # "YYYY-MM"
    posts: int

    @property
    def year(self) -> str:
        return self.month[:4]


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server told us last time, to ask "has it changed?" next time."""

    etag: str | None = None
    last_modified: str | None = None


# Seconds a site asked for a page may say nothing before the status line says so.
QUIET_SAID = 3


@dataclass(slots=True)
class SyncReport:
    """What a refresh did, built up as it goes and handed to the progress callback."""

    phase: str = "new posts"  # "new posts", "older posts", "comments", "reading file", "done"
    page: int = 0  # the feed page being fetched now
    pages: int = 0  # pages stored
    new: int = 0
    updated: int = 0
    comments: int = 0
    bytes: int = 0
    requests: int = 0
    not_modified: int = 0
    pages_total: int | None = None  # when the site says how many pages there are
    notice: str = ""  # something the resident should hear about this refresh
    started: float = field(default_factory=time.monotonic)
    received: int = 0  # bytes read so far, headers included, counted as they arrive
    rate: float = 0.0  # bytes a second, smoothed over the last few seconds
    to_come: int | None = None  # body bytes the pages on their way still have to bring
    silent: float = 0.0  # seconds the site has said nothing while asked
    _rate_mark: tuple[float, int] | None = None
    stored_bytes: int = 0  # bytes of the pages stored
    # The last page stored with a body, and its phase: the size of the pages to come.
    _page_size: tuple[str, int] | None = None

    def page_stored(self, wire_bytes: int) -> None:
        self.pages += 1
        self.stored_bytes += wire_bytes
        if wire_bytes:
            self._page_size = (self.phase, wire_bytes)

    def heard(self, total: int, to_come: int | None, silent: float) -> bool:
        """The watchdog's tick: bytes read so far, body bytes to come, seconds of silence.
        True when the progress line has news: bytes came, or a silence long enough to
        say went on a second longer (or ended)."""
        was_said = self.silent >= QUIET_SAID
        new_second = int(silent) != int(self.silent)
        self.silent = silent
        if total != self.received:
            self.note_received(total, to_come)
            return True
        return new_second and (was_said or silent >= QUIET_SAID)

    def note_received(self, total: int, to_come: int | None = None) -> None:
        """The live byte count (from the download's watchdog): updates the rate."""
        self.to_come = to_come
        now = time.monotonic()
        if self._rate_mark is None:
            # The clock starts at the first bytes: waiting for a far site to answer is
            # latency, and counted in it made a 7 KB/s link read as 100 B/s.
            self._rate_mark = (now, total)
        elif now - self._rate_mark[0] >= 0.5:
            then, before = self._rate_mark
            current = (total - before) / (now - then)
            self.rate = current if not self.rate else 0.6 * self.rate + 0.4 * current
            self._rate_mark = (now, total)
        self.received = total

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def progress_line(self) -> str:
        """'Fetching older posts, page 12: 110 new · 340.0 KB · 6.2 KB/s · 40% · 1 min left'."""
        from eye_tui.text import human_size, terminal_safe

        if self.phase == "done":
            return f"Done: {self.new:,} new · {human_size(self.received)}"
        if not self.page:  # a local feed file: no pages, no rate
            return f"Reading the feed file: {self.new:,} new"
        quiet = int(self.silent) if self.silent >= QUIET_SAID else 0
        if not (self.received or self.pages):  # asked, nothing back yet: not "0 B · 0 B/s"
            waiting = (
                f"Fetching {terminal_safe(self.phase)}, page {self.page}: waiting for the site…"
            )
            return f"{waiting} {quiet} s" if quiet else waiting
        line = (
            f"Fetching {terminal_safe(self.phase)}, page {self.page}: {self.new:,} new · "
            f"{human_size(self.received)}"
        )
        if quiet:  # a frozen count, a rate and a time left from before would mislead
            return f"{line} · no answer for {quiet} s"
        if self.rate > 0:  # none until two readings: not "0 B/s"
            line += f" · {human_size(int(self.rate))}/s"
        if self.pages_total:
            line += f" · {100 * self.pages // self.pages_total}%"
        if self.seconds_left is not None:
            line += f" · about {_time_to_go(self.seconds_left)} left"
        elif not self.pages and self.to_come is not None and self.rate > 0:
            # Nothing stored yet, so nothing to show: say when the first posts will be in.
            line += f" · posts in about {_time_to_go(self.to_come / self.rate)}"
        return line

    @property
    def seconds_left(self) -> float | None:
        """Time left, when the total is known: the bytes still to come (each page to go
        the size of the last stored in this phase, less what has come of them) at the
        current rate. By pages alone, pages downloading together on a slow link added
        time until they all ended at once; that is left for when there is no rate."""
        if not self.pages_total or not self.pages:
            return None
        to_go = max(0, self.pages_total - self.pages)
        if self.rate > 0 and self._page_size and self._page_size[0] == self.phase:
            coming = max(0, self.received - self.stored_bytes)
            return max(0, to_go * self._page_size[1] - coming) / self.rate
        return self.elapsed / self.pages * to_go


def _time_to_go(seconds: float) -> str:
    """'2 min' or '40 s': rounded up, one second at least, since once the last bytes are
    in the pages are still to be stored."""
    minutes, whole = divmod(max(1, math.ceil(seconds)), 60)
    return f"{minutes} min" if minutes else f"{whole} s"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
