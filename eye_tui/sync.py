"""Bringing the archive up to date: the newest posts, the whole history, the comments.

A refresh walks the feed's pages (`?paged=N`) newest first and stops as soon as a page
brings nothing new. Then, while the archive's history is not yet whole (a first fetch that
was stopped, a quit mid-way), it resumes the backfill where the last one stopped and walks
on to the end, up to four pages at once. Every page is committed as it arrives, so a stop
at any moment keeps everything before it and the next refresh carries on.
"""

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eye_tui import reading_ahead, rest_found, rest_sync
from eye_tui.archive import Archive
from eye_tui.archive.storing import StoreCounts
from eye_tui.asked_to_wait import remember_wait, respect_wait
from eye_tui.config import Settings
from eye_tui.errors import ArchiveError, AskedToWait, FetchError, NotAFeedError
from eye_tui.feed import ParsedFeed, parse_feed
from eye_tui.feed_address import FeedAddress
from eye_tui.model import SyncReport, Validators, utc_now
from eye_tui.net import Fetched, Fetcher, is_local, read_local
from eye_tui.sites import remember_title

if TYPE_CHECKING:
    from eye_tui.files import KeepReport

ProgressCallback = Callable[[SyncReport], None]
LOCAL_FILE_LIMIT = 200 * 1024 * 1024
BACKFILL_CONNECTIONS = 4


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
        self.address = FeedAddress(archive, settings)
        self.report = SyncReport()
        self._progress = progress or (lambda report: None)
        self._fetcher_now: Fetcher | None = None
        self._cancelled = False
        self._api_found: str | None = None  # the site's API, seen beside its feed

    @property
    def settings(self) -> Settings:
        """This refresh's settings, the feed where it has been found to be."""
        return self.address.settings

    def refresh(
        self, *, all_pages: bool = False, comments: bool = False, manual: bool = True
    ) -> SyncReport:
        """New posts first; then older ones while the history is unfinished (always with
        `all_pages`, else when the `auto_backfill` setting allows); then comments.

        A site that asked us to wait (Retry-After) is not asked again before then by an
        automatic refresh (`manual=False`); a manual one asks anyway, and says so."""
        if notice := respect_wait(self.archive, manual):
            self.report.notice = notice
        try:
            report = self._refresh(all_pages, comments)
        except AskedToWait as asked:
            remember_wait(self.archive, asked)
            raise
        remember_wait(self.archive, None)
        if report.new or report.updated:
            self.archive.tidy_search_index()
        return report

    def _refresh(self, all_pages: bool, comments: bool) -> SyncReport:
        if self.archive.read_only:  # say so before a single byte is downloaded
            raise ArchiveError(
                f"the archive {self.archive.path} is read-only here: it can be read, not refreshed"
            )
        feed = self.settings.feed_url
        # The archive remembers its feed once the feed has answered: a mistyped address
        # must not become the archive's site.
        if is_local(feed):
            self._ingest_local(feed)
            self.address.remember()
            self.archive.mark_refreshed()
        else:
            with self.open_fetcher() as fetcher:
                backfill = all_pages or self.settings.auto_backfill
                api = None if self.address.another_site else rest_found.remembered_api(self.archive)
                if api is None or not self._by_rest(fetcher, api, backfill, comments):
                    self._by_feed(fetcher, feed, backfill, comments)
                self.report.note_received(fetcher.watchdog.received_total)
        self._say("done")
        return self.report

    def _by_feed(self, fetcher: Fetcher, feed: str, backfill: bool, comments: bool) -> None:
        self._walk(fetcher, feed, 1, backfill=False, metered=not backfill)
        feed = self.settings.feed_url  # the feed a web page named, or where it moved to
        self.address.remember()
        self.archive.mark_refreshed()  # the news is in, whatever the history does
        if self._api_found and self._by_rest(fetcher, self._api_found, backfill, comments):
            return  # found the site's API beside its feed: it takes over from here
        self._fill_summaries(fetcher)
        if backfill and not self.history_complete():
            # One page of overlap: a post deleted on the site since shifts the
            # pages up, and storing a page twice costs nothing.
            resume_at = max(2, (self.archive.history()[1] or 2) - 1)
            self._say("older posts")
            self._walk(fetcher, feed, resume_at, backfill=True)
        if comments:
            self._fetch_all_comments(fetcher)

    def _by_rest(self, fetcher: Fetcher, api: str, backfill: bool, comments: bool) -> bool:
        """Refresh through the site's API; False (remembered) when it does not work."""
        walk = self.rest_walk(api)
        try:
            walk.newest(fetcher)
            rest_found.remember_working(self.archive, api)
            self.address.remember()
            self.archive.mark_refreshed()
            if backfill and not walk.history_complete():
                self._say("older posts")
                walk.history(fetcher)
            if comments:
                walk.all_comments(fetcher)
        except (rest_sync.RestUnavailable, NotAFeedError) as error:
            rest_found.remember_missing(self.archive, str(error))
            # RestUnavailable says what the API does ("locked (it asks for a login)"); an
            # error reading its answers is a whole sentence about it already.
            unavailable = isinstance(error, rest_sync.RestUnavailable)
            why = f"the site's API {error}" if unavailable else str(error)
            self.report.notice = f"{why}: reading its feed instead"
            return False
        return True

    def _finds_api(self, fetcher: Fetcher, feed: str, first: Fetched) -> bool:
        self._api_found = rest_found.api_in_sight(
            self.archive, fetcher, feed, first, self.count_request
        )
        return self._api_found is not None

    def _fill_summaries(self, fetcher: Fetcher) -> None:
        """Posts the feed gave only as summaries get their whole text from their own page."""
        from eye_tui.full_text import fetch_full_texts

        fetch_full_texts(self.archive, fetcher, self.count_request)

    def history_complete(self) -> bool:
        return self.archive.history()[0]  # by the feed's pages or the API's

    def cancel(self) -> None:
        """Stop the refresh from any thread: downloads end at once, stored pages stay."""
        self._cancelled = True
        if self._fetcher_now is not None:
            self._fetcher_now.cancel()

    def fetch_pictures(
        self,
        post_keys: Sequence[int],
        budget_bytes: int | None = None,
        progress: "Callable[[KeepReport], None] | None" = None,
    ) -> "KeepReport":
        """Keep the pictures of these posts (in this order) for offline reading, within
        `budget_bytes` (the pictures_budget_mb setting when None)."""
        from eye_tui.keeping import keep_pictures

        return keep_pictures(self, post_keys, budget_bytes, progress)

    def fetch_documents(
        self, post_keys: Sequence[int], only: str | None = None, by_hand: bool = False
    ) -> "KeepReport":
        """Save the documents these posts link to on their own site (or just `only`),
        within the documents_budget_mb setting."""
        from eye_tui.keeping import keep_documents

        return keep_documents(self, post_keys, only, by_hand)

    def fetch_comments(self, post_key: int, url: str) -> int:
        """Fetch one post's comments (the reader's `c`). Returns how many were new."""
        from eye_tui.comments_sync import comments_of_post

        return comments_of_post(self, post_key, url)

    def rest_walk(self, api: str) -> rest_sync.RestSync:
        """A walk of the site's API that counts and reports into this refresh."""
        return rest_sync.RestSync(self.archive, api, self.report, self.count_request, self._say)

    # -- the walks ---------------------------------------------------------------------

    def _walk(
        self, fetcher: Fetcher, feed: str, page: int, *, backfill: bool, metered: bool = False
    ) -> None:
        """Fetch pages from `page` on, storing each in order as it comes.

        A refresh stops at the first page that brings nothing new or changed; a backfill
        goes on to the end. While pages bring only new posts (a first run, a backfill), up
        to four requests stay in flight, a new one starting as each answer arrives; else
        one, so an ordinary refresh costs no extra request. A first run asks for more than
        one page at a time only once two full pages show the history is long: a feed of
        one page costs two requests, not five. On a metered link (auto_backfill off) the
        news ends at the first page holding a post stored before, and a first fetch with
        its first page, as the API's first sync brings ten: the history waits for H.
        """
        pool = ThreadPoolExecutor(BACKFILL_CONNECTIONS)
        in_flight: deque[tuple[int, Future[Fetched]]] = deque()
        next_page, width = page, BACKFILL_CONNECTIONS if backfill else 1
        full_page = 0  # the most posts a page has held: a shorter page is likely the last
        full_pages = 0  # pages of that many posts so far
        previous_ids: list[str] = []
        first_fetch = False
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
                self.report.page = number
                self._say(self.report.phase)
                fetched = asked.result()
                self.count_request(fetched)
                if fetched.status == 404:
                    if number == 1:
                        raise FetchError(f"the feed {feed} was not found (HTTP 404)")
                    return self._history_complete()
                if fetched.status == 304:  # stored before, unchanged since
                    if not backfill:
                        if number == 1:
                            self.address.answered(feed)
                            feed = self.address.follow_move(fetched)
                            self._finds_api(fetcher, feed, fetched)
                        return None
                    self._note_history_progress(number)
                    continue
                if number == 1 and not backfill and (named := self.address.instead(fetched)):
                    feed, next_page = named, 1  # nothing else is in flight for page 1
                    continue
                if number == 1:
                    self.address.answered(feed)  # another site's: its history forgotten
                    # None of this site's history walked yet: a new archive, another site.
                    first_fetch = metered and self.archive.history() == (False, None)
                    remember_title(self.archive, fetched.body)
                    if not backfill:
                        feed = self.address.follow_move(fetched)
                # A first page may name the site's API, which does the rest better (and
                # brings these same posts with their sections): asked before storing.
                asks_api = number == 1 and not backfill
                long = reading_ahead.is_long(fetched)
                if long and asks_api and self._finds_api(fetcher, feed, fetched):
                    return None
                stored = reading_ahead.store_while_reading(self.archive, fetched) if long else None
                if stored is None:
                    parsed = self._parse(fetched)
                    ids = [post.id for post in parsed.posts]
                else:
                    ids = stored.ids
                if not ids:
                    return self._history_complete() if number > 1 else None
                if ids == previous_ids:  # the site ignores ?paged: there is only one page
                    return self._history_complete()
                previous_ids = ids
                if stored is not None:
                    counts = stored.counts
                    self._count_stored(counts, fetched.wire_bytes)
                else:
                    if asks_api and not long and self._finds_api(fetcher, feed, fetched):
                        return None
                    counts = self._store(fetched, parsed)
                if number == 1 and not backfill:  # its posts are in: a stop must resume here
                    self.address.remember()
                self._note_history_progress(number)
                if not backfill and not (counts.new or counts.updated):
                    return None
                if first_fetch or (metered and counts.new < len(ids)):
                    return None  # the rest is history, fetched when asked for
                full_page = max(full_page, len(ids))
                looks_last = len(ids) < full_page
                full_pages += not looks_last
                all_new = counts.new == len(ids)
                long_history = backfill or full_pages >= 2
                wide = not looks_last and long_history and (backfill or all_new)
                width = BACKFILL_CONNECTIONS if wide else 1
        except BaseException:
            # Ctrl+C, a quit, an error: end the downloads in flight rather than wait for
            # them (on a slow link that could take a minute). Stored pages stay.
            fetcher.cancel()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _note_history_progress(self, page: int) -> None:
        self.archive.note_history_page(page)

    def _history_complete(self) -> None:
        self.archive.mark_history_complete()

    def _fetch_all_comments(self, fetcher: Fetcher) -> None:
        from eye_tui.comments_sync import from_comment_feed

        for post_key, url in self.archive.posts_with_comments():
            self._say("comments")
            from_comment_feed(self, fetcher, post_key, url)

    def _ingest_local(self, path: str) -> None:
        self._say("reading file")
        # A file on disk is not a stranger's download: only memory bounds it (a
        # 10,000-post feed is about 50 MB), not the network's cap.
        data = read_local(path, max(self.settings.max_download_bytes, LOCAL_FILE_LIMIT))
        fetched = Fetched(path, 200, data, "", Validators(), 0)
        self.address.answered(path)
        remember_title(self.archive, data)
        stored = reading_ahead.store_while_reading(self.archive, fetched)
        if stored is not None:
            self._count_stored(stored.counts, 0)
        else:
            self._store(fetched, self._parse(fetched))
        self._history_complete()  # a file holds all there is: no older pages to fetch

    # -- steps -------------------------------------------------------------------------

    def open_fetcher(self, max_bytes: int | None = None) -> Fetcher:
        s = self.settings
        fetcher = Fetcher(
            connect_timeout=s.connect_timeout,
            read_timeout=s.read_timeout,
            stall_window=s.stall_window,
            min_rate=s.min_rate,
            max_bytes=s.max_download_bytes if max_bytes is None else max_bytes,
            retries=s.retries,
            on_bytes=self._bytes_arrived,
        )
        self._fetcher_now = fetcher
        if self._cancelled:
            fetcher.cancel()
        return fetcher

    def count_request(self, fetched: Fetched) -> None:
        self.report.requests += 1
        self.report.not_modified += fetched.status == 304
        self.report.bytes += fetched.wire_bytes

    def _parse(self, fetched: Fetched) -> ParsedFeed:
        return parse_feed(
            fetched.body,
            source=fetched.url,
            content_type=fetched.content_type,
            fetched_at=utc_now(),
            # A long one read whole was declined part-way by the fast reader: not again.
            wordpress_first=not reading_ahead.is_long(fetched),
        )

    def _store(self, fetched: Fetched, parsed: ParsedFeed) -> StoreCounts:
        """Store a page and count what it brought."""
        validators = fetched.validators
        if parsed.damaged:
            # Its complete posts are kept, but the document is not remembered as read:
            # the next refresh asks for it whole instead of hearing "not modified".
            validators = Validators()
            self.report.notice = parsed.damaged
        counts = self.archive.store_document(
            fetched.kept_as, parsed.posts, validators, fetched.wire_bytes
        )
        self._count_stored(counts, fetched.wire_bytes)
        return counts

    def _count_stored(self, counts: StoreCounts, wire_bytes: int) -> None:
        self.report.page_stored(wire_bytes)
        self.report.new += counts.new
        self.report.updated += counts.updated
        self._say(self.report.phase)

    def _bytes_arrived(self, total: int, to_come: int | None, silent: float) -> None:
        """Live progress between pages, from the download's watchdog."""
        if self.report.heard(total, to_come, silent):
            self._progress(self.report)

    def _say(self, phase: str) -> None:
        self.report.phase = phase
        self._progress(self.report)
