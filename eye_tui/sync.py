"""Bringing the archive up to date: the newest posts, the whole history, the comments.

A refresh walks the feed's pages (`?paged=N`) newest first and stops as soon as a page
brings nothing new. A backfill (`--all`) walks on to the end of the history, fetching up
to four pages at once, and remembers how far it got so an interrupted one resumes.
"""

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eye_tui.archive import Archive, StoreCounts
from eye_tui.config import Settings
from eye_tui.errors import FetchError
from eye_tui.feed import ParsedFeed, parse_comments, parse_feed
from eye_tui.model import SyncReport, Validators, utc_now
from eye_tui.net import Fetched, Fetcher, is_local, read_local

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

    def __init__(
        self, archive: Archive, settings: Settings, progress: ProgressCallback | None = None
    ) -> None:
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
                self._walk(fetcher, feed, 1, backfill=False)
                if all_pages and self.archive.get_meta(_HISTORY_COMPLETE) != "1":
                    resume_at = int(self.archive.get_meta(_NEXT_PAGE) or 2)
                    self._walk(fetcher, feed, resume_at, backfill=True)
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

    def _walk(self, fetcher: Fetcher, feed: str, page: int, *, backfill: bool) -> None:
        """Fetch pages from `page` on, storing each in order as it comes.

        A refresh stops at the first page that brings nothing new or changed; a backfill
        goes on to the end. While pages bring only new posts (a first run, a backfill), up
        to four requests stay in flight, a new one starting as each answer arrives; else
        one, so an ordinary refresh costs no extra request.
        """
        pool = ThreadPoolExecutor(BACKFILL_CONNECTIONS)
        in_flight: deque[tuple[int, Future[Fetched]]] = deque()
        next_page, width = page, BACKFILL_CONNECTIONS if backfill else 1
        full_page = 0  # the most posts a page has held: a shorter page is likely the last
        try:
            while True:
                while len(in_flight) < width and next_page <= self.settings.max_pages:
                    url = page_url(feed, next_page)
                    # Validators are read here: the archive's connection stays on this thread.
                    asked = pool.submit(fetcher.get, url, self.archive.validators_for(url))
                    in_flight.append((next_page, asked))
                    next_page += 1
                if not in_flight:
                    return None
                number, asked = in_flight.popleft()
                self._say(f"page {number}")
                if backfill:
                    fetcher.restart_deadline()  # a long history gets a deadline per page
                fetched = asked.result()
                self._count_request(fetched)
                if fetched.status == 404:
                    if number == 1:
                        raise FetchError(f"the feed {feed} was not found (HTTP 404)")
                    return self._history_complete()
                if fetched.status == 304:  # stored before, unchanged since
                    if not backfill:
                        return None
                    self._note_history_progress(number)
                    continue
                parsed = self._parse(fetched)
                if not parsed.posts:
                    return self._history_complete() if number > 1 else None
                counts = self._store(fetched, parsed)
                self._note_history_progress(number)
                if not backfill and not (counts.new or counts.updated):
                    return None
                full_page = max(full_page, len(parsed.posts))
                looks_last = len(parsed.posts) < full_page
                all_new = counts.new == len(parsed.posts)
                width = 1 if looks_last else BACKFILL_CONNECTIONS if (backfill or all_new) else 1
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _note_history_progress(self, page: int) -> None:
        """Pages 1..page are stored: a later backfill need not fetch them again."""
        if self.archive.get_meta(_HISTORY_COMPLETE) == "1":
            return
        if page + 1 > int(self.archive.get_meta(_NEXT_PAGE) or 2):
            self.archive.set_meta(_NEXT_PAGE, str(page + 1))

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
        comments = parse_comments(
            fetched.body, source=url, content_type=fetched.content_type, fetched_at=utc_now()
        )
        new = self.archive.store_comments(
            post_key, url, comments, fetched.validators, fetched.wire_bytes
        )
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
        return Fetcher(
            connect_timeout=s.connect_timeout,
            read_timeout=s.read_timeout,
            deadline_seconds=s.refresh_deadline,
            max_bytes=s.max_download_bytes,
            retries=s.retries,
        )

    def _get(self, fetcher: Fetcher, url: str) -> Fetched:
        fetched = fetcher.get(url, self.archive.validators_for(url))
        self._count_request(fetched)
        return fetched

    def _count_request(self, fetched: Fetched) -> None:
        self.report.requests += 1
        self.report.not_modified += fetched.status == 304
        self.report.bytes += fetched.wire_bytes

    def _parse(self, fetched: Fetched) -> ParsedFeed:
        return parse_feed(
            fetched.body,
            source=fetched.url,
            content_type=fetched.content_type,
            fetched_at=utc_now(),
        )

    def _store(self, fetched: Fetched, parsed: ParsedFeed) -> StoreCounts:
        """Store a page and count what it brought."""
        counts = self.archive.store_document(
            fetched.url, parsed.posts, fetched.validators, fetched.wire_bytes
        )
        self.report.pages += 1
        self.report.new += counts.new
        self.report.updated += counts.updated
        self._say(self.report.phase)
        return counts

    def _say(self, phase: str) -> None:
        self.report.phase = phase
        self._progress(self.report)
