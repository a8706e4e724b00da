"""The site's REST API found, walked and left: discovery from the feed, falling back to
the feed when the API is locked, stops or times out, the history walked oldest first, and
news by modified_after. Against the tests' site with its REST API (tests/site_rest.py)."""

import json
import threading
import time
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from eye_tui import rest_found, rest_sync
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import Cancelled
from eye_tui.model import PostFilter, SyncReport
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import WordPressSite, answer
from tests.wordpress_site import api_paths, newer_post, query_of, wordpress_posts


def test_the_api_named_by_the_feed_takes_over_after_its_first_page(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    report = Sync(archive, rest_settings).refresh(all_pages=True)
    paths = rest_site.paths()
    assert paths[0] == "/feed/" and "/feed/?paged=2" not in paths  # the feed's page 1 only
    assert archive.count_posts() == 250 and report.new == 250
    posts_asked = [query_of(p) for p in paths if p.startswith("/wp-json/wp/v2/posts?")]
    assert all(int(q["per_page"]) <= 100 for q in posts_asked)
    assert all("content" in q.get("_fields", "") for q in posts_asked if q["per_page"] != "1")
    assert rest_sync.source_facts(archive, False) == {
        "source": "rest",
        "history_complete": True,
        "posts_on_site": 250,
    }
    # The feed would have taken 25 requests of 10 posts; the API takes far fewer.
    assert len(paths) <= 10


def test_an_api_found_beside_a_feed_that_names_wordpress(archive: Archive, data_dir: Path) -> None:
    from eye_tui.config import load_settings

    with WordPressSite(wordpress_posts(30)) as site:
        site.rest = "hidden"  # no Link header, but the feed's generator is WordPress
        Sync(archive, load_settings(feed=site.url, data_dir=str(data_dir))).refresh()
        assert "/wp-json/wp/v2/posts?per_page=1&_fields=id" in site.paths()
        assert rest_found.remembered_api(archive) == site.base + "/wp-json/"


@pytest.mark.parametrize("target", ["http://[::1", "http://[not-ipv6]/wp-json/"])
def test_a_link_header_that_is_no_address_is_passed_over(
    target: str, site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """Found reading the feed-discovery code: urljoin raises ValueError on "[::1", and
    a feed whose Link header named one ended the refresh with Python's error."""
    document = (site.document_for("/feed/") or "").encode()

    def link(handler: BaseHTTPRequestHandler) -> bool:
        headers = {
            "Content-Type": "application/rss+xml",
            "Link": f'<{target}>; rel="https://api.w.org/"',
        }
        return answer(handler, 200, document, headers)

    site.fault = link
    Sync(archive, settings).refresh()
    assert archive.count_posts() == 10
    assert api_paths(site) == []


def test_a_feed_with_no_sign_of_wordpress_never_asks_for_an_api(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    Sync(archive, settings).refresh()
    assert api_paths(site) == []


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("locked", "locked"),
        ("html", "web page"),
        ("off", "switched off"),  # the feed names WordPress; /wp-json/ answers 404
    ],
)
def test_a_locked_or_blocked_api_falls_back_to_the_feed_and_rests_a_day(
    mode: str, reason: str, rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    rest_site.rest, rest_site.names_wordpress = mode, True
    report = Sync(archive, rest_settings).refresh(all_pages=True)
    assert archive.count_posts() == 250  # every post, through the feed
    assert "/feed/?paged=25" in rest_site.paths()
    assert api_paths(rest_site) == ["/wp-json/wp/v2/posts?per_page=1&_fields=id"]
    assert rest_sync.source_facts(archive, True)["source"] == "feed"
    assert reason in (archive.get_meta(rest_found.MISSING_KEY) or "")
    rest_site.requests.clear()
    Sync(archive, rest_settings).refresh()
    assert api_paths(rest_site) == []  # not asked again at every refresh
    # A day later it is asked again, and taken up once it works.
    archive.set_meta(rest_found.MISSING_KEY, f"{int(time.time()) - 2 * 86400} {reason}")
    rest_site.rest = "on"
    rest_site.posts.insert(0, newer_post(rest_site, 251))
    Sync(archive, rest_settings).refresh()
    assert rest_found.remembered_api(archive) is not None
    assert report.notice == ""  # the probe's failure is not news to the resident


def test_an_api_that_stops_working_hands_back_to_the_feed_in_the_same_refresh(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    Sync(archive, rest_settings).refresh(all_pages=True)
    rest_site.rest = "locked"
    rest_site.posts.insert(0, newer_post(rest_site, 251))
    report = Sync(archive, rest_settings).refresh()
    assert report.new == 1 and archive.count_posts() == 251
    assert "locked" in report.notice and "feed" in report.notice
    assert rest_found.remembered_api(archive) is None


def test_an_api_that_stops_working_mid_history_hands_back_to_the_feed(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    def odd_second_page(handler: BaseHTTPRequestHandler) -> bool:
        """The history walk's page 2 answered with a JSON object, not posts."""
        query = query_of(handler.path)
        if query.get("orderby") != "id" or query.get("page") != "2":
            return False
        body = json.dumps({"code": "odd", "posts": "elsewhere"}).encode()
        return answer(handler, 200, body, {"Content-Type": "application/json; charset=UTF-8"})

    rest_site.fault = odd_second_page
    report = Sync(archive, rest_settings).refresh(all_pages=True)
    # Not "stopped": the pages asked for ahead are dropped, and the feed carries on.
    assert report.notice == (
        "the site's API sent something other than a list of posts: reading its feed instead"
    )
    assert rest_found.remembered_api(archive) is None
    titles = [p.title for p in archive.list_posts(limit=300)]
    assert len(titles) == 250 == len(set(titles))


def test_a_history_page_cut_off_once_is_asked_again_and_the_api_kept(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    """A flaky link breaks the download of the history's page 2 part-way, once: it is
    asked for again, and the walk goes on by the API to the end."""
    cut: list[str] = []

    def cut_second_page_once(handler: BaseHTTPRequestHandler) -> bool:
        query = query_of(handler.path)
        if cut or query.get("orderby") != "id" or query.get("page") != "2":
            return False
        cut.append(handler.path)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", "50000")
        handler.end_headers()
        handler.wfile.write(b'[{"id": 1, "title": {"rendered": "cut')
        handler.close_connection = True
        return True

    rest_site.fault = cut_second_page_once
    report = Sync(archive, rest_settings).refresh(all_pages=True)
    assert cut and not report.notice
    assert rest_found.remembered_api(archive) is not None
    titles = [p.title for p in archive.list_posts(limit=300)]
    assert len(titles) == 250 == len(set(titles))


def test_an_api_that_times_out_is_remembered_as_missing(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    def hang_the_api(handler: BaseHTTPRequestHandler) -> bool:
        if handler.path.startswith("/wp-json/"):
            time.sleep(3)
            return True
        return False

    rest_site.fault = hang_the_api
    quick = replace(rest_settings, read_timeout=0.5, retries=0)
    Sync(archive, quick).refresh()
    assert archive.count_posts() == 250  # every post, through the feed
    assert rest_found.remembered_api(archive) is None
    assert archive.get_meta(rest_found.MISSING_KEY)


def test_backfill_walks_oldest_first_with_the_sites_total_and_resumes(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    bars: list[tuple[int, int | None]] = []  # (pages stored, pages in all) as shown
    calls = 0

    def stop_after_one_history_page(report: SyncReport) -> None:
        nonlocal calls
        if report.phase == "older posts" and report.pages >= 2:
            calls += 1
            sync.cancel()

    sync = Sync(archive, rest_settings, stop_after_one_history_page)
    with pytest.raises(Cancelled):
        sync.refresh(all_pages=True)
    kept = archive.count_posts()
    assert 100 <= kept < 250 and not Sync(archive, rest_settings).history_complete()
    rest_site.requests.clear()
    report = Sync(archive, rest_settings, lambda r: bars.append((r.pages, r.pages_total))).refresh(
        all_pages=True
    )
    assert archive.count_posts() == 250
    history = [query_of(p) for p in api_paths(rest_site) if "orderby=id" in p]
    assert history and all(q["order"] == "asc" for q in history)
    assert "page" in history[0] and int(history[0]["page"]) >= 1
    # The bar knows its end from the site's X-WP-TotalPages, and reaches it exactly.
    known = [(done, total) for done, total in bars if total]
    assert known and known[-1][0] == known[-1][1] and all(d <= t for d, t in known)
    assert report.phase == "done"


def test_a_history_page_is_stored_while_the_next_is_still_coming(
    rest_site: WordPressSite, data_dir: Path, rest_settings: Settings
) -> None:
    """On a slow link the page read before is stored before the next has arrived, so
    the list grows page by page rather than all at once at the end."""
    release = threading.Event()

    def hold_history_page_2(handler: BaseHTTPRequestHandler) -> bool:
        query = query_of(handler.path)
        if query.get("orderby") == "id" and query.get("page") == "2":
            release.wait(30)
        return False  # then served as usual

    rest_site.fault = hold_history_page_2
    failures: list[BaseException] = []

    def walk() -> None:
        try:
            with Archive(archive_path(data_dir)) as own:
                Sync(own, rest_settings).refresh(all_pages=True)
        except BaseException as error:  # told to the test below
            failures.append(error)

    walker = threading.Thread(target=walk)
    walker.start()
    try:
        with Archive(archive_path(data_dir)) as archive:
            deadline = time.monotonic() + 15  # only stops a hang
            while archive.count_posts() < 100 and time.monotonic() < deadline:
                time.sleep(0.02)
            held = archive.count_posts()
    finally:
        release.set()
        walker.join()
    assert not failures and held >= 100  # page 1 in the archive while page 2 was held
    with Archive(archive_path(data_dir)) as archive:
        assert archive.count_posts() == 250


def test_past_the_last_page_is_the_end_of_the_history(archive: Archive, data_dir: Path) -> None:
    from eye_tui.config import load_settings

    with WordPressSite(wordpress_posts(200)) as site:  # exactly two pages of 100
        site.rest = "on"
        settings = load_settings(feed=site.url, data_dir=str(data_dir))
        Sync(archive, settings).refresh(all_pages=True)
        assert archive.count_posts() == 200
        assert rest_sync.source_facts(archive, False)["history_complete"]


def test_a_pages_names_are_asked_for_once_beside_the_next_page_and_every_post_has_them(
    archive: Archive, data_dir: Path
) -> None:
    from eye_tui.config import load_settings

    posts = wordpress_posts(250)
    for post in posts:  # a tag per twenty posts: neighbouring pages of 100 share one
        post.tags = [f"Week {post.number // 20}"]
    with WordPressSite(posts) as site:
        site.rest = "on"
        settings = load_settings(feed=site.url, data_dir=str(data_dir))
        Sync(archive, settings).refresh(all_pages=True)
        tag_ids = [
            tag_id
            for path in api_paths(site)
            if path.startswith("/wp-json/wp/v2/tags")
            for tag_id in query_of(path)["include"].split(",")
        ]
    assert tag_ids and len(tag_ids) == len(set(tag_ids))  # none asked for twice
    stored = archive.list_posts(limit=300)
    assert len(stored) == 250
    assert all(p.tags == (f"Week {int(p.title.rsplit(' ', 1)[1]) // 20}",) for p in stored)


def test_news_and_edits_come_by_modified_after_and_an_unchanged_site_costs_one_request(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    Sync(archive, rest_settings).refresh(all_pages=True)
    oldest = archive.list_posts(PostFilter(), limit=300)[-1]
    archive.set_read(oldest.key)
    archive.set_starred(oldest.key)
    # An old post edited, and a new one: both arrive, the edit in place.
    rest_site.posts[-1].html = "<p>Corrected: the fete is on Sunday.</p>"
    rest_site.posts[-1].modified = rest_site.posts[0].published + timedelta(days=2)
    rest_site.posts.insert(0, newer_post(rest_site, 251))
    rest_site.requests.clear()
    report = Sync(archive, rest_settings).refresh()
    assert (report.new, report.updated) == (1, 1)
    assert all("modified_after" in p for p in api_paths(rest_site) if "/posts?" in p)
    edited = archive.get_post(oldest.key)
    assert edited is not None and "Sunday" in edited.html
    assert edited.summary.read and edited.summary.starred
    # Unchanged: one request each time, and the second is a 304 with no body.
    Sync(archive, rest_settings).refresh()
    rest_site.requests.clear()
    report = Sync(archive, rest_settings).refresh()
    assert [(r.status, r.body_bytes) for r in rest_site.requests] == [(304, 0)]
    assert report.requests == 1 and report.new == 0


def test_wordpress_before_5_7_ignores_modified_after_and_news_still_arrives(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    Sync(archive, rest_settings).refresh(all_pages=True)
    rest_site.rest_before_5_7 = True
    rest_site.posts.insert(0, newer_post(rest_site, 251))
    rest_site.requests.clear()
    report = Sync(archive, rest_settings).refresh()
    assert report.new == 1 and archive.count_posts() == 251
    asked = [p for p in api_paths(rest_site) if "/posts?" in p]
    assert len(asked) <= 2  # not a walk of the whole site
