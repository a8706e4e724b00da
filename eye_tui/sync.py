"""Bringing the archive up to date: the newest posts, the whole history, the comments.

A refresh walks the feed's pages (`?paged=N`) newest first and stops as soon as a page
brings nothing new. A backfill (`--all`) walks on to the end of the history, fetching up
to four pages at once, and remembers how far it got so an interrupted one resumes.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import FetchError
from eye_tui.feed import ParsedFeed, parse_comments, parse_feed
from eye_tui.model import SyncReport, utc_now
from eye_tui.net import Fetched, Fetcher, Validators, is_local, read_local

ProgressCallback = Callable[[SyncReport], None]
BACKFILL_CONNECTIONS = 4
_NEXT_PAGE = "backfill_next_page"
_HISTORY_COMPLETE = "history_complete"


def page_url(feed_url: str, page: int) -> str:
    """The WordPress URL of page N of a feed (page 1 is the feed itself)."""
    if page == 1:
        return feed_url
    parts = urlsplit(feed_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "paged"]
    query.append(("paged", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


class Sync:
    """One refresh of one archive from one feed. Create a new one for each refresh."""

    def __init__(self, archive: Archive, settings: Settings,
                 progress: ProgressCallback | None = None) -> None:
        self.archive = archive
        self.settings = settings
        self.report = SyncReport()
        self._progress = progress or (lambda report: None)

    def refresh(self, *, all_pages: bool = False, comments: bool = False) -> SyncReport:
        feed = self.settings.feed_url
        if is_local(feed):
            self._ingest_local(feed)
        else:
            with self._fetcher() as fetcher:
                self._walk_newest(fetcher, feed)
                if all_pages and self.archive.get_meta(_HISTORY_COMPLETE) != "1":
                    self._backfill(fetcher, feed)
                if comments:
                    self._fetch_all_comments(fetcher)
        self.archive.mark_refreshed()
        self._say("done")
        return self.report

    def fetch_comments(self, post_key: int, url: str) -> int:
        """Fetch one post's comments (the reader's `c`). Returns how many were new."""
        with self._fetcher() as fetcher:
            return self._fetch_comments(fetcher, post_key, url)

    # -- the walks ---------------------------------------------------------------------

    def _walk_newest(self, fetcher: Fetcher, feed: str) -> None:
        """Pages 1, 2, ... until one brings nothing new or changed."""
        page = 1
        while page <= self.settings.max_pages:
            self._say(f"page {page}")
            fetched = self._get(fetcher, page_url(feed, page))
            if fetched.status == 404 and page == 1:
                raise FetchError(f"the feed {feed} was not found (HTTP 404)")
            if fetched.status != 200:
                return
            parsed = self._parse(fetched)
            if not parsed.posts:
                return
            if not self._store(fetched, parsed):
                return
            page += 1

    def _backfill(self, fetcher: Fetcher, feed: str) -> None:
        """Walk the rest of the history, resuming where an interrupted backfill stopped."""
        page = int(self.archive.get_meta(_NEXT_PAGE) or 2)
        with ThreadPoolExecutor(BACKFILL_CONNECTIONS) as pool:
            while page <= self.settings.max_pages:
                fetcher.restart_deadline()
                batch = range(page, min(page + BACKFILL_CONNECTIONS, self.settings.max_pages + 1))
                self._say(f"history page {page}")
                urls = [page_url(feed, number) for number in batch]
                # Validators are read here: the archive's connection stays on this thread.
                asks = [(url, self.archive.validators_for(url)) for url in urls]
                results = pool.map(lambda ask: fetcher.get(*ask), asks)
                for number, fetched in zip(batch, results, strict=True):
                    self._count_request(fetched)
                    if fetched.status == 404:
                        return self._history_complete()
                    if fetched.status == 200:
                        parsed = self._parse(fetched)
                        if not parsed.posts:
                            return self._history_complete()
                        self._store(fetched, parsed)
                    # 304: we stored this page before; the history goes on past it.
                    self.archive.set_meta(_NEXT_PAGE, str(number + 1))
                page = batch[-1] + 1
        return None

    def _history_complete(self) -> None:
        self.archive.set_meta(_HISTORY_COMPLETE, "1")
        self.archive.set_meta(_NEXT_PAGE, None)

    def _fetch_all_comments(self, fetcher: Fetcher) -> None:
        for post_key, url in self.archive.posts_with_comments():
            self._say("comments")
            self._fetch_comments(fetcher, post_key, url)

    def _fetch_comments(self, fetcher: Fetcher, post_key: int, url: str) -> int:
        if is_local(url):
            return 0  # a feed file names no comment feeds we could reach
        fetched = self._get(fetcher, url)
        if fetched.status != 200:
            return 0
        comments = parse_comments(fetched.body, source=url, content_type=fetched.content_type,
                                  fetched_at=utc_now())
        new = self.archive.store_comments(post_key, url, comments, fetched.validators,
                                          fetched.wire_bytes)
        self.report.comments += new
        return new

    def _ingest_local(self, path: str) -> None:
        self._say("reading file")
        data = read_local(path, self.settings.max_download_bytes)
        fetched = Fetched(path, 200, data, "", Validators(), 0)
        self._store(fetched, self._parse(fetched))

    # -- steps -------------------------------------------------------------------------

    def _fetcher(self) -> Fetcher:
        s = self.settings
        return Fetcher(connect_timeout=s.connect_timeout, read_timeout=s.read_timeout,
                       deadline_seconds=s.refresh_deadline, max_bytes=s.max_download_bytes,
                       retries=s.retries)

    def _get(self, fetcher: Fetcher, url: str) -> Fetched:
        fetched = fetcher.get(url, self.archive.validators_for(url))
        self._count_request(fetched)
        return fetched

    def _count_request(self, fetched: Fetched) -> None:
        self.report.requests += 1
        self.report.not_modified += fetched.status == 304
        self.report.bytes += fetched.wire_bytes

    def _parse(self, fetched: Fetched) -> ParsedFeed:
        return parse_feed(fetched.body, source=fetched.url, content_type=fetched.content_type,
                          fetched_at=utc_now())

    def _store(self, fetched: Fetched, parsed: ParsedFeed) -> bool:
        """Store a page; True if it brought anything new or changed."""
        counts = self.archive.store_document(fetched.url, parsed.posts, fetched.validators,
                                             fetched.wire_bytes)
        self.report.pages += 1
        self.report.new += counts.new
        self.report.updated += counts.updated
        self._say(self.report.phase)
        return bool(counts.new or counts.updated)

    def _say(self, phase: str) -> None:
        self.report.phase = phase
        self._progress(self.report)
