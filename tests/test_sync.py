"""Refresh, backfill and comments against the loopback WordPress site."""

import sqlite3
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import FetchError
from eye_tui.model import PostFilter, SyncReport
from eye_tui.sync import Sync, page_url
from tests.site import SitePost, WordPressSite, make_posts


def data_version(archive: Archive) -> int:
    """SQLite's counter of commits made by *other* connections."""
    with sqlite3.connect(archive.path) as probe:
        return probe.execute("PRAGMA data_version").fetchone()[0]


def test_page_url_adds_paged_and_keeps_other_parameters() -> None:
    assert page_url("http://x/feed/", 1) == "http://x/feed/"
    assert page_url("http://x/feed/", 3) == "http://x/feed/?paged=3"
    assert page_url("http://x/?feed=rss2&paged=9", 2) == "http://x/?feed=rss2&paged=2"


def test_first_refresh_stores_every_new_page(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    report = Sync(archive, settings).refresh()
    # All 25 posts are new, so the walk goes on until page 4 answers 404. After an all-new
    # page up to four requests are in flight, so a few pages past the end may be asked.
    assert report.new == 25 and report.pages == 3
    assert site.paths()[0] == "/feed/"
    assert {"/feed/?paged=2", "/feed/?paged=3", "/feed/?paged=4"} <= set(site.paths())
    assert len(site.paths()) <= 3 + 4
    newest = archive.list_posts(limit=1)[0]
    assert newest.title == "Village news item 25"
    assert set(newest.tags) == {"Leicestershire", "Police"}
    assert archive.info().last_refresh is not None
    assert archive.info().bytes_downloaded == report.bytes > 0


def test_unchanged_refresh_is_one_304_with_no_writes(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    site.requests.clear()
    bytes_before = archive.info().bytes_downloaded
    version = data_version(archive)
    report = Sync(archive, settings).refresh(all_pages=False)
    assert [r.status for r in site.requests] == [304]
    assert site.requests[0].headers.get("If-None-Match")
    assert report.bytes == 0 and report.not_modified == 1
    # Only the "last refresh" time is written: no post, validator or byte counter changes.
    assert archive.info().bytes_downloaded == bytes_before
    assert data_version(archive) - version <= 1


def test_requests_ask_for_gzip_and_say_who_we_are(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    headers = site.requests[0].headers
    assert "gzip" in headers["Accept-Encoding"]
    assert headers["User-Agent"].startswith("eye-tui/")


def test_new_posts_appear_and_the_walk_stops_at_a_known_page(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    site.posts[:0] = make_posts(28)[:3]  # numbers 28, 27, 26: newer than any stored
    site.requests.clear()
    report = Sync(archive, settings).refresh()
    assert report.new == 3
    # Page 1 brought new posts; page 2 only known ones, so the walk stops there.
    assert site.paths() == ["/feed/", "/feed/?paged=2"]
    assert archive.count_posts() == 28


def test_edited_post_updates_in_place_and_keeps_read_and_star(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    key = archive.list_posts(limit=1)[0].key
    archive.set_read(key)
    archive.set_starred(key)
    site.posts[0].title = "Village news item 25 (corrected)"
    site.posts[0].html = "<p>Corrected story about the Enderby bypass.</p>"
    report = Sync(archive, settings).refresh()
    assert (report.new, report.updated) == (0, 1)
    post = archive.get_post(key)
    assert post is not None
    assert post.summary.title.endswith("(corrected)") and "bypass" in post.html
    assert post.summary.read and post.summary.starred
    assert archive.count_posts() == 25
    # Search sees the new words and has forgotten the old ones.
    assert [p.key for p in archive.list_posts(PostFilter(query="bypass"))] == [key]
    assert archive.list_posts(PostFilter(query="paragraph item 25")) == []


def test_posts_gone_from_the_feed_stay_in_the_archive(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    Sync(archive, settings).refresh()
    site.posts[:] = site.posts[:5]
    Sync(archive, settings).refresh()
    assert archive.count_posts() == 25


def test_full_backfill_walks_to_the_end_and_remembers_it(archive: Archive, data_dir) -> None:
    with WordPressSite(make_posts(95), per_page=10) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        # A normal refresh of a known archive stops at page 1 ...
        site.posts = site.posts[60:]  # only the oldest 35 exist at first
        Sync(archive, settings).refresh()
        assert archive.count_posts() == 35
        site.posts = make_posts(95)
        report = Sync(archive, settings).refresh(all_pages=True)
        assert archive.count_posts() == 95
        assert report.new == 60
        assert archive.get_meta("history_complete") == "1"
        # With the history complete, --all is as cheap as a refresh.
        site.requests.clear()
        Sync(archive, settings).refresh(all_pages=True)
        assert site.paths() == ["/feed/"]


def test_interrupted_backfill_resumes_where_it_stopped(archive: Archive, data_dir) -> None:
    with WordPressSite(make_posts(120), per_page=10) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir, retries=0)

        def page_7_fails(handler: BaseHTTPRequestHandler) -> bool:
            if handler.path.endswith("paged=7"):
                handler.send_response(503)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return True
            return False

        site.fault = page_7_fails
        with pytest.raises(FetchError, match="HTTP 503"):
            Sync(archive, settings).refresh(all_pages=True)
        stored = archive.count_posts()
        assert 60 <= stored < 120  # pages up to 6 landed whole
        assert archive.get_meta("backfill_next_page") == "7"

        site.fault = None
        site.requests.clear()
        Sync(archive, settings).refresh(all_pages=True)
        assert archive.count_posts() == 120
        fetched_pages = [p for p in site.paths() if "paged=" in p]
        assert "/feed/?paged=7" in fetched_pages
        assert not {"/feed/?paged=3", "/feed/?paged=4", "/feed/?paged=5"} & set(fetched_pages)


def test_backfill_fetches_in_parallel_but_a_refresh_asks_one_page_at_a_time(
    archive: Archive, data_dir: Path
) -> None:
    with WordPressSite(make_posts(200), per_page=10, latency=0.05) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        Sync(archive, settings).refresh(all_pages=True)
        assert archive.count_posts() == 200
        assert site.max_active >= 2  # pages overlapped
        site.max_active = 0
        site.posts[0].title = "Edited"
        report = Sync(archive, settings).refresh()
        assert report.updated == 1 and site.max_active == 1


def test_comments_are_fetched_for_posts_that_have_them(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    site.posts[1].comments = [
        ("Mary", "<p>Thanks for this!</p>"),
        ("Dev", "<p>When is the meeting?</p>"),
    ]
    report = Sync(archive, settings).refresh(comments=True)
    assert report.comments == 2
    key = archive.list_posts(PostFilter(query="item 24"), limit=1)[0].key
    comments = archive.comments_for(key)
    assert [c.author for c in comments] == ["Mary", "Dev"]
    assert "meeting" in comments[1].html
    # Second time: the comment feed answers 304 and nothing is duplicated.
    site.requests.clear()
    assert Sync(archive, settings).refresh(comments=True).comments == 0
    comment_requests = [r for r in site.requests if r.path.endswith("/post-24/feed/")]
    assert [r.status for r in comment_requests] == [304]
    assert archive.info().comments == 2


def test_progress_callback_reports_pages_and_counts(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    seen: list[tuple[str, int, int, int]] = []

    lines: list[str] = []

    def progress(report: SyncReport) -> None:
        seen.append((report.phase, report.page, report.pages, report.new))
        lines.append(report.progress_line())

    report = Sync(archive, settings, progress).refresh()
    assert ("new posts", 2, 1, 10) in seen  # asking for page 2, page 1 stored
    assert seen[-1] == ("done", 4, 3, 25)  # page 4 answered 404: the end
    assert lines[0] == "Fetching new posts, page 1: waiting for the site…"  # not "0 B/s"
    assert any(line.startswith("Fetching new posts, page 2: 10 new · ") for line in lines)
    assert lines[-1].startswith("Done: 25 new · ") and "page" not in lines[-1]
    assert report.bytes > 0 and report.received > report.bytes


def test_time_left_falls_as_the_last_pages_come_in_together() -> None:
    """Four pages in flight on a slow link all end at once: until then no page is
    stored, and time left from pages alone grew (15 s, then 27 s, for 4 s left). It
    counts the bytes to come, each page the size of the last stored in this phase."""
    report = SyncReport(page=2, pages_total=4)
    report.started -= 6  # six seconds in
    report.page_stored(13_600)  # the feed's first page of ten: not the walk's size
    report.phase = "older posts"
    report.received, report.rate = 150_000, 50_000.0
    assert report.seconds_left == pytest.approx(6 / 1 * 3, rel=0.01)  # no walk page: by pages
    report.page_stored(125_000)  # the API's page of a hundred
    left = []
    for coming in (30_000, 90_000, 150_000, 206_000):  # pages 3 and 4 arriving together
        report.received = 13_600 + 125_000 + coming
        left.append(report.seconds_left)
    assert left[0] == pytest.approx((2 * 125_000 - 30_000) / 50_000)
    assert left == sorted(left, reverse=True) and left[-1] < 1
    assert report.progress_line().endswith("· 50% · about 1 s left")  # never "0 s"
    report.rate = 0.0  # stalled: no rate to go by
    assert report.seconds_left == pytest.approx(report.elapsed / 2 * 2, rel=0.01)


def test_the_rate_is_timed_from_the_first_bytes_not_from_asking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Waiting for a far site's first byte is latency, not bandwidth: counted in, the
    first rate read 100 B/s on a 7 KB/s link, and "posts in about 4 min" for 20 s."""
    from types import SimpleNamespace

    from eye_tui import model

    clock = [100.0]
    monkeypatch.setattr(model, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    report = SyncReport(page=1, started=100.0)  # asked at 100 s
    clock[0] = 103.0  # three seconds until the site's first bytes (its headers)
    report.note_received(300)
    assert report.progress_line() == "Fetching new posts, page 1: 0 new · 300 B"  # no "B/s"
    clock[0] = 104.0
    report.note_received(300 + 7_000)
    assert report.rate == pytest.approx(7_000)


def test_before_any_page_is_stored_the_line_says_when_posts_will_be_in() -> None:
    report = SyncReport(page=1)
    report.received, report.rate, report.to_come = 20_000, 5_000.0, 150_000
    assert report.progress_line().endswith("· 19.5 KB · 4.9 KB/s · posts in about 30 s")
    report.to_come = 900_000  # three minutes to come, said in minutes
    assert report.progress_line().endswith("· posts in about 3 min")
    report.to_come = 10  # never "0 s": the posts are still to be stored
    assert report.progress_line().endswith("· posts in about 1 s")
    report.to_come = None  # a size the site did not declare: no guess
    assert "posts in" not in report.progress_line()
    report.to_come, report.rate = 150_000, 0.0  # no rate yet: no guess
    assert "posts in" not in report.progress_line()
    report.rate = 5_000.0
    report.page_stored(60_000)  # posts are in: the list shows them, nothing to promise
    assert "posts in" not in report.progress_line()


def test_local_feed_file_is_a_feed(tmp_path, archive: Archive, data_dir) -> None:
    from tests.site import rss_document, rss_item

    posts = [
        SitePost(
            1,
            "From a file",
            "<p>Offline</p>",
            ["Enderby"],
            make_posts(1)[0].published + timedelta(days=3),
        )
    ]
    path = tmp_path / "feed.xml"
    path.write_text(rss_document(rss_item(posts[0], "http://example")), encoding="utf-8")
    for feed in (str(path), path.as_uri()):
        Sync(archive, replace(Settings(), feed_url=feed, data_dir=data_dir)).refresh()
    assert [p.title for p in archive.list_posts()] == ["From a file"]


def test_a_tag_feed_is_a_feed_too(site: WordPressSite, archive: Archive, data_dir) -> None:
    settings = Settings(feed_url=f"{site.base}/tag/police/feed/", data_dir=data_dir)
    report = Sync(archive, settings).refresh()
    police = [p for p in site.posts if "Police" in p.tags]
    assert report.new == len(police) == archive.count_posts()
    assert any("paged=2" in path for path in site.paths())  # it pages like the main feed
    assert all("Police" in p.tags for p in archive.list_posts(limit=100))


def test_a_feed_file_is_its_whole_history(tmp_path: Path, archive: Archive, data_dir: Path) -> None:
    from tests.site import rss_document, rss_item

    feed = tmp_path / "feed.xml"
    feed.write_text(rss_document("".join(rss_item(p, "http://x") for p in make_posts(3))))
    Sync(archive, Settings(feed_url=str(feed), data_dir=data_dir)).refresh()
    assert archive.count_posts() == 3 and archive.history() == (True, None)


def test_a_first_refresh_of_a_one_page_feed_makes_two_requests_not_five(
    archive: Archive, data_dir: Path
) -> None:
    with WordPressSite(make_posts(8), per_page=10) as site:
        Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh()
        assert site.paths() == ["/feed/", "/feed/?paged=2"]  # the second says "no more"
    with WordPressSite(make_posts(95), per_page=10) as site:
        report = Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh()
        assert report.new == 95
        speculative = [r for r in site.requests if r.status == 404]
        assert len(speculative) <= 4  # past the end, once the history was known to be long


def test_a_local_feed_file_is_not_held_to_the_download_cap(
    archive: Archive, data_dir: Path, tmp_path: Path
) -> None:
    from tests.site import rss_document, rss_item

    posts = make_posts(400)
    for post in posts:
        post.html = "<p>" + "Minutes of the parish council. " * 150 + "</p>"
    path = tmp_path / "archive-export.xml"
    path.write_text(rss_document("".join(rss_item(p, "http://example") for p in posts)))
    assert path.stat().st_size > 1024 * 1024
    settings = Settings(feed_url=str(path), data_dir=data_dir, max_download_bytes=1024 * 1024)
    report = Sync(archive, settings).refresh()
    assert report.new == 400


def test_a_refresh_that_stores_page_after_page_leaves_the_search_index_whole(
    archive: Archive, data_dir: Path
) -> None:
    """Each page stored adds a piece to the search index; the refresh merges them once
    they are many (searches look a word up in every piece)."""
    from eye_tui.config import load_settings

    archive._db.execute("INSERT INTO post_search (post_search, rank) VALUES ('automerge', 0)")
    archive._db.commit()
    with WordPressSite(make_posts(25), per_page=2) as site:
        settings = load_settings(feed=site.url, data_dir=str(data_dir))
        report = Sync(archive, settings).refresh(all_pages=True)
    assert report.new == 25 and report.pages == 13
    segments = archive._db.execute("SELECT count(DISTINCT segid) FROM post_search_idx").fetchone()
    assert segments[0] == 1
    assert len(archive.search(PostFilter(query="village"), limit=50)) == 25


def test_the_archive_learns_its_sites_name_from_the_feed(
    site: WordPressSite, archive: Archive, settings: Settings, tmp_path: Path
) -> None:
    from eye_tui.sites import title_of
    from tests.site import rss_document, rss_item

    assert title_of(archive) == "Enderby EYE"  # nothing read yet: the default site
    site.title = "Blaby District Council news"
    Sync(archive, settings).refresh()
    assert title_of(archive) == "Blaby District Council news"
    site.title = "Blaby & Whetstone news"  # renamed on the site: the next full page says so
    site.posts.append(make_posts(26)[25])
    Sync(archive, settings).refresh()
    assert title_of(archive) == "Blaby & Whetstone news"
    # A feed file names its site too.
    path = tmp_path / "feed.xml"
    document = rss_document(rss_item(make_posts(1)[0], "http://example"), "Narborough EYE")
    path.write_text(document, encoding="utf-8")
    Sync(archive, replace(settings, feed_url=str(path))).refresh()
    assert title_of(archive) == "Narborough EYE"
