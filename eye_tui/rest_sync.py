"""Refreshing through WordPress's REST API, once rest_found.py has found that it works.

The feed walks in sync.py stay for every other site. Here: news and edits since the last
sync (`modified_after`), the whole history oldest first (`orderby=id&order=asc`, so a new
post never shifts the pages already walked) with the site's own total for the progress
bar, the names behind term/author/picture ids, and comments with their threads.
"""

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from eye_tui import rest
from eye_tui.archive import Archive
from eye_tui.archive.state import REST_HISTORY_COMPLETE
from eye_tui.errors import EyeError, FetchError, NotAFeedError
from eye_tui.model import SyncReport, Validators, utc_now
from eye_tui.net import Fetched, Fetcher
from eye_tui.rest_found import ACCEPT, remembered_api
from eye_tui.rest_pages import PageReader, ReadPage, read_page, ready_posts

# What the archive remembers of the walks (meta keys; rest_found.py: of the API itself).
SINCE_KEY = "rest_modified_after"  # the newest `modified_gmt` stored
HISTORY_PAGE_KEY = "rest_history_page"  # the next page of the oldest-first walk
HISTORY_DONE_KEY = REST_HISTORY_COMPLETE
TOTAL_KEY = "rest_posts_on_site"  # X-WP-Total, as last heard
COMMENTS_PAGE_KEY = "rest_comments_page"
IN_FLIGHT = 4
FIRST_PAGE = 10


class RestUnavailable(EyeError):
    """The site's API does not work (now): the feed is read instead."""


@dataclass(slots=True)
class RestSync:
    """One refresh's use of the API. `count` and `say` report to the refresh's progress."""

    archive: Archive
    api: str
    report: SyncReport
    count: Callable[[Fetched], None]
    say: Callable[[str], None]
    names: rest.Names = field(default_factory=rest.Names.empty, init=False)

    # -- news and edits ----------------------------------------------------------------

    def newest(self, fetcher: Fetcher) -> None:
        """New posts and edits since the last sync; the newest 100 on the first."""
        since = self.archive.get_meta(SINCE_KEY)
        if since is None:
            # Ten, as a feed's first page: on a slow link the news is readable at once,
            # and the history walk brings the rest (these ten again, at its very end).
            fetched, read = self._posts(
                fetcher, orderby="date", order="desc", page=1, per_page=FIRST_PAGE
            )
            self._store(fetcher, fetched, read)
            return
        page = 1
        while True:
            # The same address while nothing changes: a validator can answer 304.
            fetched, read = self._posts(
                fetcher, modified_after=since, orderby="modified", order="asc", page=page
            )
            posts = read.posts
            if fetched.status == 200 and not posts:  # nothing new: remember the answer
                self.archive.store_document(
                    fetched.kept_as, [], fetched.validators, fetched.wire_bytes
                )
            if fetched.status == 304 or not posts:
                return
            if any(p.modified and p.modified <= since for p in posts):
                # WordPress before 5.7 ignores modified_after: new posts by date instead.
                self._older_wordpress(fetcher, since)
                return
            self._store(fetcher, fetched, read)
            if len(posts) < rest.PER_PAGE:
                return
            page += 1

    def _older_wordpress(self, fetcher: Fetcher, since: str) -> None:
        fetched, read = self._posts(fetcher, orderby="modified", order="desc", page=1)
        changed = read.only(lambda post: post.modified > since)
        if changed.posts:
            self._store(fetcher, fetched, changed)

    # -- the whole history -------------------------------------------------------------

    def history_complete(self) -> bool:
        return self.archive.get_meta(HISTORY_DONE_KEY) == "1"

    def history(self, fetcher: Fetcher) -> None:
        """Every post, oldest first, from where the last walk stopped (one page of
        overlap: a post deleted since shifts the pages down). Four pages in flight; as
        each arrives its names are asked for, and it is read (in a child: rest_pages.py)
        while the page before it is stored: a round trip per page saved on a slow link,
        and both cores at work on a fast one. A page still downloading is not waited for
        to store the one before."""
        stored = self.archive.get_meta(HISTORY_PAGE_KEY) or "1"
        next_page = max(1, int(stored) - 1 if stored.isdigit() else 1)
        first_page, pages_before = next_page, self.report.pages
        last_page: int | None = None
        # One thread more than pages in flight: names are never queued behind pages.
        pool = ThreadPoolExecutor(IN_FLIGHT + 1)
        reader: PageReader | None = None
        in_flight: list[tuple[int, Future[Fetched]]] = []
        waiting: _Page | None = None  # read and its names asked for, not stored yet
        begun: dict[int, Callable[[], ReadPage]] = {}  # sent to be read before their turn

        def ask_more() -> None:
            nonlocal next_page
            while len(in_flight) < IN_FLIGHT and (last_page is None or next_page <= last_page):
                url = self._posts_url(orderby="id", order="asc", page=next_page)
                # Validators are read here: the archive's connection stays on this thread.
                asked = pool.submit(
                    fetcher.get, url, self.archive.validators_for(url), accept=ACCEPT
                )
                in_flight.append((next_page, asked))
                next_page += 1
                if last_page is None:  # the first answer says how many pages there are
                    break

        def read_ahead(reader: PageReader) -> None:
            """Pages downloaded already are sent to be read now, in their order, so the
            child reads on while this thread stores (it waited between pages before)."""
            for number, asked in in_flight:
                if not asked.done() or asked.cancelled() or asked.exception() is not None:
                    break
                answer = asked.result()
                if number not in begun and answer.status == 200:
                    begun[number] = reader.begin(answer.body, utc_now())

        try:
            ask_more()
            reader = PageReader()  # made while the first page downloads
            while True:
                ask_more()
                if not in_flight:
                    break
                fetcher.stop_if_cancelled()
                number, asked = in_flight.pop(0)
                if waiting is not None and not asked.done():
                    # The next page is still coming (a slow link): the one read before
                    # is stored now, so the list grows page by page meanwhile.
                    self._stored(waiting)
                    waiting = None
                self.report.page = number
                self.say("older posts")
                fetched = self._counted(asked.result())
                pages = fetched.headers.get("x-wp-totalpages", "")
                if fetched.status == 200 and pages.isdigit():
                    last_page = int(pages)
                    # The bar counts this refresh's pages: those before, and those to walk.
                    self.report.pages_total = pages_before + last_page - first_page + 1
                    ask_more()
                reading = begun.pop(number, None)
                if reading is None and fetched.status == 200:
                    reading = reader.begin(fetched.body, utc_now())
                # Its names asked for at once, and the page before stored while it is read.
                ids = rest.name_ids(fetched.body) if reading else []
                names = self._ask_names(fetcher, ids, pool, waiting)
                read_ahead(reader)
                self._stored(waiting)
                waiting = None
                read = reading() if reading else self._no_posts(fetched)
                if fetched.status == 304:  # stored before, unchanged since
                    self.archive.set_meta(HISTORY_PAGE_KEY, str(number + 1))
                    self.report.page_stored(0)  # in the archive all the same: the bar moves
                    self.say(self.report.phase)
                    continue
                if fetched.status == 400 or not read.posts:
                    break  # rest_post_invalid_page_number: past the end
                waiting = _Page(number, fetched, read, names)
            self._stored(waiting)
            self.archive.set_meta(HISTORY_DONE_KEY, "1")
        except (RestUnavailable, NotAFeedError):
            # The API stopped working: the pages asked for ahead are not wanted, and the
            # feed is read next with this same fetcher.
            fetcher.stop_downloads()
            raise
        except BaseException:
            fetcher.cancel()
            raise
        finally:
            if reader is not None:
                reader.close()
            pool.shutdown(wait=True, cancel_futures=True)

    def _stored(self, page: "_Page | None") -> None:
        """Store a page read before, once its names are in; the next walk starts after it."""
        if page is not None:
            self._learn_names(page.names)
            self._keep(page.fetched, page.read)
            self.archive.set_meta(HISTORY_PAGE_KEY, str(page.number + 1))

    # -- comments ----------------------------------------------------------------------

    def comments_of(self, fetcher: Fetcher, post_key: int, wp_id: int) -> int:
        """One post's comments, every page, threads kept. Returns how many were new."""
        new, page = 0, 1
        while True:
            url = rest.route(
                self.api, "comments", post=wp_id, per_page=rest.PER_PAGE, page=page,
                orderby="id", order="asc", _fields=rest.COMMENT_FIELDS,
            )  # fmt: skip
            fetched = self._get(fetcher, url)
            if fetched.status != 200:
                return new
            comments = rest.parse_comments(fetched.body, utc_now())
            new += self.archive.store_comments(
                post_key, url, comments, fetched.validators, fetched.wire_bytes
            )
            if len(comments) < rest.PER_PAGE:
                return new
            page += 1

    def all_comments(self, fetcher: Fetcher) -> None:
        """Every comment on the site, oldest first, resuming where the last walk ended:
        one request per hundred comments, not one per post."""
        stored = self.archive.get_meta(COMMENTS_PAGE_KEY) or "1"
        page = max(1, int(stored) if stored.isdigit() else 1)
        while True:
            self.say("comments")
            url = rest.route(
                self.api, "comments", per_page=rest.PER_PAGE, page=page, orderby="id",
                order="asc", _fields=rest.COMMENT_FIELDS + ",post",
            )  # fmt: skip
            fetched = self._get(fetcher, url)
            if fetched.status != 200:
                return
            by_post = rest.comments_by_post(fetched.body, utc_now())
            for wp_id, comments in by_post.items():
                key = self.archive.post_key_for_wp_id(wp_id, self.api)
                if key is not None:
                    self.report.comments += self.archive.store_comments(
                        key, url, comments, Validators(), 0
                    )
            self.archive.add_downloaded(fetched.wire_bytes)
            if sum(map(len, by_post.values())) < rest.PER_PAGE:
                return  # this page is not full: ask for it again next time
            page += 1
            self.archive.set_meta(COMMENTS_PAGE_KEY, str(page))

    # -- fetching and storing ------------------------------------------------------------

    def _posts_url(self, **query: object) -> str:
        query.setdefault("per_page", rest.PER_PAGE)
        return rest.route(self.api, "posts", _fields=rest.POST_FIELDS, **query)

    def _posts(self, fetcher: Fetcher, **query: object) -> tuple[Fetched, ReadPage]:
        fetched = self._get(fetcher, self._posts_url(**query))
        if fetched.status == 200:
            return fetched, read_page(fetched.body, utc_now())
        return fetched, self._no_posts(fetched)

    def _no_posts(self, fetched: Fetched) -> ReadPage:
        """What an answer other than 200 holds: nothing, when it is unchanged (304) or
        past the end; any other is not the API working."""
        past_the_end = fetched.status == 400 and rest.error_code(fetched.body).endswith(
            "invalid_page_number"
        )
        if fetched.status == 304 or past_the_end:
            return ReadPage([], [], [])
        raise RestUnavailable(
            rest.why_not_an_api(fetched.status, fetched.body, fetched.content_type)
            or f"answered HTTP {fetched.status}"
        )

    def _get(self, fetcher: Fetcher, url: str) -> Fetched:
        return self._counted(fetcher.get(url, self.archive.validators_for(url), accept=ACCEPT))

    def _counted(self, fetched: Fetched) -> Fetched:
        """Count an answer, check it is the API's, and note the site's post total."""
        url = fetched.url
        self.count(fetched)
        if fetched.status == 200:
            problem = rest.why_not_an_api(200, fetched.body, fetched.content_type)
            if problem:
                raise RestUnavailable(problem)
        total = fetched.headers.get("x-wp-total", "")
        known = "/posts" in url and total.isdigit() and "modified_after" not in url
        if known and self.archive.get_meta(TOTAL_KEY) != total:  # a write only on news
            self.archive.set_meta(TOTAL_KEY, total)
        return fetched

    def _store(self, fetcher: Fetcher, fetched: Fetched, read: ReadPage) -> None:
        """Learn the names these posts use (each endpoint asked at once), then store them."""
        with ThreadPoolExecutor(len(rest.NAME_FIELDS)) as pool:
            self._learn_names(self._ask_names(fetcher, [p.ids for p in read.posts], pool, None))
        self._keep(fetched, read)

    def _ask_names(
        self,
        fetcher: Fetcher,
        posts: list[rest.NameIds],
        pool: ThreadPoolExecutor,
        waiting: "_Page | None",
    ) -> list["_Names"]:
        """Ask for the names these posts use that are neither known nor being asked for
        by the `waiting` page: one request per endpoint."""
        asked: list[_Names] = []
        for endpoint, ids in rest.missing_names(posts, self.names).items():
            for other in waiting.names if waiting else ():
                if other.endpoint == endpoint:
                    ids -= other.ids
            if ids:
                url = rest.route(
                    self.api, endpoint, include=",".join(map(str, sorted(ids))),
                    per_page=rest.PER_PAGE, _fields=rest.NAME_FIELDS[endpoint],
                )  # fmt: skip
                asked.append(
                    _Names(endpoint, frozenset(ids), pool.submit(fetcher.get, url, accept=ACCEPT))
                )
        return asked

    def _learn_names(self, asked: list["_Names"]) -> None:
        for names in asked:
            try:
                answer = names.answer.result()
            except FetchError:
                continue  # a site may lock its users list: the posts come all the same
            self.count(answer)
            if answer.status == 200:
                with contextlib.suppress(NotAFeedError):
                    rest.learn_names(names.endpoint, answer.body, self.names)

    def _keep(self, fetched: Fetched, read: ReadPage) -> None:
        """Store posts whose names are known, with their page's validators."""
        counts = self.archive.store_document_in_parts(
            fetched.kept_as, [ready_posts(read, self.names)], fetched.validators, fetched.wire_bytes
        )
        self.report.page_stored(fetched.wire_bytes)
        self.report.new += counts.new
        self.report.updated += counts.updated
        newest = max((p.modified for p in read.posts), default="")
        since = self.archive.get_meta(SINCE_KEY) or ""
        if newest > since:
            self.archive.set_meta(SINCE_KEY, newest)
        self.say(self.report.phase)


@dataclass(frozen=True, slots=True)
class _Names:
    """One request for the names behind some ids (`categories`, `tags`, `users`, `media`)."""

    endpoint: str
    ids: frozenset[int]
    answer: "Future[Fetched]"


@dataclass(frozen=True, slots=True)
class _Page:
    """A page of the history walk, read, waiting for its names to be stored."""

    number: int
    fetched: Fetched
    read: ReadPage
    names: list[_Names]


def source_facts(archive: Archive, feed_history_complete: bool) -> dict[str, object]:
    """How the archive is filled, for `info`: "rest" or "feed", whether the whole
    history is stored, and how many posts the site says it has (None: not known)."""
    total = archive.get_meta(TOTAL_KEY) or ""
    return {
        "source": "rest" if remembered_api(archive) else "feed",
        "history_complete": feed_history_complete or archive.get_meta(HISTORY_DONE_KEY) == "1",
        "posts_on_site": int(total) if total.isdigit() else None,
    }
