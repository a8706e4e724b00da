"""The site as WordPress serves it: REST API discovery, fallback, backfill, refresh,
identity across paths, sections apart from tags, authors, featured pictures, summaries,
threaded comments. Against the tests' site with its REST API (tests/site_rest.py)."""

import json
import threading
import time
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eye_tui import rest, rest_found, rest_sync
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import Cancelled
from eye_tui.feed import MAX_EXCERPT
from eye_tui.model import PostFilter, SyncReport
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from eye_tui.text import plain_start
from tests.conftest import CliRun
from tests.site import SitePost, WordPressSite, answer, make_posts, no_post_pages


def wordpress_posts(count: int) -> list[SitePost]:
    """Posts as a WordPress site files them: a section each, tags, two authors."""
    posts = make_posts(count)
    for post in posts:
        post.categories = ["News"] if post.number % 2 else ["Civic"]
        post.author = "Ann Smith" if post.number % 3 else "Bob Jones"
    return posts


@pytest.fixture
def rest_site() -> "WordPressSite":
    site = WordPressSite(wordpress_posts(250))
    site.rest = "on"
    with site:
        yield site


@pytest.fixture
def rest_settings(rest_site: WordPressSite, data_dir: Path) -> Settings:
    from eye_tui.config import load_settings

    return load_settings(feed=rest_site.url, data_dir=str(data_dir))


def api_paths(site: WordPressSite) -> list[str]:
    return [p for p in site.paths() if p.startswith("/wp-json/")]


def query_of(path: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}


# -- finding the API, and falling back ---------------------------------------------------


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
    rest_site.posts.insert(0, _new_post(rest_site, 251))
    Sync(archive, rest_settings).refresh()
    assert rest_found.remembered_api(archive) is not None
    assert report.notice == ""  # the probe's failure is not news to the resident


def test_an_api_that_stops_working_hands_back_to_the_feed_in_the_same_refresh(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    Sync(archive, rest_settings).refresh(all_pages=True)
    rest_site.rest = "locked"
    rest_site.posts.insert(0, _new_post(rest_site, 251))
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


# -- backfill and refresh ------------------------------------------------------------------


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
    rest_site.posts.insert(0, _new_post(rest_site, 251))
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
    rest_site.posts.insert(0, _new_post(rest_site, 251))
    rest_site.requests.clear()
    report = Sync(archive, rest_settings).refresh()
    assert report.new == 1 and archive.count_posts() == 251
    asked = [p for p in api_paths(rest_site) if "/posts?" in p]
    assert len(asked) <= 2  # not a walk of the whole site


# -- one post, one identity ------------------------------------------------------------------


def test_switching_from_feed_to_api_and_back_never_duplicates_or_forgets(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    rest_site.rest = "off"
    Sync(archive, rest_settings).refresh(all_pages=True)
    assert archive.count_posts() == 250
    first = archive.list_posts(limit=1)[0]
    archive.set_read(first.key)
    archive.set_starred(first.key)
    # The site switches its API on: it is found, and every post is read again through it.
    rest_site.rest = "on"
    archive.set_meta(rest_found.MISSING_KEY, None)
    rest_site.posts.insert(0, _new_post(rest_site, 251))
    Sync(archive, rest_settings).refresh(all_pages=True)
    assert archive.count_posts() == 251
    again = archive.get_post(first.key)
    assert again is not None and again.summary.read and again.summary.starred
    assert again.summary.categories == ("Civic",) if first.key % 2 == 0 else True
    assert again.wp_id == 250
    # And back: the API locked, the feed read again; the API's sections stay.
    rest_site.rest = "locked"
    rest_site.posts[0].title = "Edited on the feed"
    Sync(archive, rest_settings).refresh()
    assert archive.count_posts() == 251
    newest = archive.list_posts(limit=1)[0]
    assert newest.title == "Edited on the feed" and newest.categories


def test_an_older_archive_learns_wordpress_ids_and_the_api_adds_to_it(
    rest_site: WordPressSite, data_dir: Path, rest_settings: Settings
) -> None:
    from eye_tui.paths import archive_path
    from tests.old_archive import as_schema_9

    rest_site.rest = "off"
    with Archive(archive_path(data_dir)) as archive:
        Sync(archive, rest_settings).refresh(all_pages=True)
        archive.set_read(archive.list_posts(limit=1)[0].key)
    as_schema_9(archive_path(data_dir))
    with Archive(archive_path(data_dir)) as archive:
        assert archive.count_posts() == 250
        key = archive.post_key_for_wp_id(250)  # from its "?p=250" guid
        assert key is not None
        rest_site.rest = "on"
        Sync(archive, rest_settings).refresh(all_pages=True)
        assert archive.count_posts() == 250
        post = archive.get_post(key)
        assert post is not None and post.summary.read and post.summary.categories == ("Civic",)


# -- sections, tags, authors, pictures -------------------------------------------------------


def test_sections_and_tags_are_apart_with_counts_and_filters_combine(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings, capsys, data_dir: Path
) -> None:
    rest_site.posts[0].tags.append("Civic")  # a name that is a section and a tag
    Sync(archive, rest_settings).refresh(all_pages=True)
    counts = {(t.kind, t.name): t.posts for t in archive.tag_counts()}
    assert counts[("category", "News")] == 125 and counts[("category", "Civic")] == 125
    assert counts[("tag", "Civic")] == 1
    assert counts[("tag", "Police")] == 84
    assert archive.tag_counts()[0].kind == "category"  # sections first
    both = archive.list_posts(PostFilter(tags=("category:news", "police")), limit=300)
    assert both and all("News" in p.categories and "Police" in p.tags for p in both)
    cli = CliRun(capsys, data_dir, rest_site.url)
    listed = cli.json("list", "--category", "News", "--tag", "Police", "--limit", "300")
    assert len(listed) == len(both) and listed[0]["categories"] == ["News"]
    kinds = {(t["name"], t["kind"]) for t in cli.json("tags")}
    assert ("Civic", "category") in kinds and ("Civic", "tag") in kinds
    info = cli.json("info")
    assert (info["source"], info["history_complete"], info["posts_on_site"]) == ("rest", True, 250)
    assert cli.json("search", "Story", "--category", "Civic")[0]["categories"] == ["Civic"]


def test_authors_by_name_and_the_featured_picture_with_its_caption(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    rest_site.posts[0].featured = ("/wp-content/uploads/fete.jpg", "The fete & the band")
    Sync(archive, rest_settings).refresh()
    newest = archive.list_posts(limit=2)
    assert {p.author for p in newest} == {"Ann Smith", "Bob Jones"}
    post = archive.get_post(newest[0].key)
    assert post is not None
    assert "/wp-content/uploads/fete.jpg" in post.html
    assert "<figcaption>The fete &amp; the band</figcaption>" in post.html


# -- summaries --------------------------------------------------------------------------------


def test_a_summary_feed_gets_the_whole_text_from_the_posts_page(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    site.summary_only = True
    site.posts[0].html = "<p>The whole story of the fete, every word.</p><p>The end.</p>"
    Sync(archive, settings).refresh()
    post = archive.get_post(archive.list_posts(limit=1)[0].key)
    assert post is not None and not post.is_summary
    assert "every word" in post.html and "The end." in post.html
    assert "[…]" not in post.html and "Recent posts" not in post.html  # not the sidebar
    assert archive.list_posts(PostFilter(query="fete"), limit=5)  # and searchable


def test_a_summary_whose_page_cannot_be_had_stays_marked(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    site.summary_only = True
    site.fault = no_post_pages
    Sync(archive, settings).refresh()
    post = archive.get_post(archive.list_posts(limit=1)[0].key)
    assert post is not None and post.is_summary


def test_a_summary_feed_on_a_site_with_its_api_reads_the_api(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    rest_site.summary_only = True
    Sync(archive, rest_settings).refresh()
    post = archive.get_post(archive.list_posts(limit=1)[0].key)
    assert post is not None and not post.is_summary
    assert "Second paragraph" in post.html


# -- comments ------------------------------------------------------------------------------


def test_comments_come_threaded_through_the_api(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings, capsys, data_dir: Path
) -> None:
    post = rest_site.posts[0]
    post.comments = [("Ann", "<p>First!</p>"), ("Bob", "<p>Reply to Ann</p>"), ("Cy", "<p>New</p>")]
    post.comment_parents = {1: 0}
    rest_site.posts[1].comments_open = False
    sync = Sync(archive, rest_settings)
    sync.refresh(all_pages=True)
    key = archive.post_key_for_wp_id(post.number)
    assert key is not None
    assert sync.fetch_comments(key, "") == 3
    stored = archive.comments_for(key)
    assert [(c.author, c.depth) for c in stored] == [("Ann", 0), ("Bob", 1), ("Cy", 0)]
    assert any("/wp-json/wp/v2/comments?post=250" in p for p in rest_site.paths())
    closed = archive.get_post(archive.post_key_for_wp_id(249) or 0)
    assert closed is not None and closed.comments_open is False
    # refresh --comments walks the site's comments, a hundred a request.
    rest_site.posts[5].comments = [("Dee", "<p>Hello</p>")]
    rest_site.requests.clear()
    code, _out, _ = CliRun(capsys, data_dir, rest_site.url)("refresh", "--comments")
    assert code == 0
    other = archive.post_key_for_wp_id(rest_site.posts[5].number)
    assert other is not None and [c.author for c in archive.comments_for(other)] == ["Dee"]
    assert any(p.startswith("/wp-json/wp/v2/comments?") for p in rest_site.paths())
    assert not any(p.endswith("/feed/") and p != "/feed/" for p in rest_site.paths())


def test_hostile_api_answers_are_skipped_or_refused_in_one_line(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    from eye_tui.model import utc_now
    from eye_tui.rest import parse_comments, parse_posts

    now = utc_now()
    odd = [1, "x", None, {"id": "7"}, {"id": True}, {"id": 3, "title": 5, "content": []}]
    assert [p.post.wp_id for p in parse_posts(json.dumps(odd).encode(), now)] == [3]
    assert parse_comments(b'{"code": "x"}', now) == []
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(Exception) as refused:
        parse_posts(deep, now)
    assert type(refused.value).__module__.startswith("eye_tui")
    loop = json.dumps(
        [
            {"id": 1, "parent": 2, "post": 250, "content": {"rendered": "a"}},
            {"id": 2, "parent": 1, "post": 250, "content": {"rendered": "b"}},
        ]
    ).encode()
    from eye_tui.archive.comments import threaded

    assert len(threaded(parse_comments(loop, now))) == 2  # a loop of replies: both kept


def _new_post(site: WordPressSite, number: int) -> SitePost:
    newest = max(p.published for p in site.posts)
    post = make_posts(1)[0]
    post.number, post.title = number, f"Village news item {number}"
    post.published = newest + timedelta(days=1)
    post.categories = ["News"]
    return post


_BODY_PIECES = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=60),
        st.sampled_from([" ", "\n", "<p>", "</p>", "&amp;", "<br/>", "<figure><img src='a.jpg'>"]),
    ),
    min_size=20,
    max_size=400,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(html=_BODY_PIECES)
# The 55th word cut by the short head, with more after it; few long words past the head.
@example(html="<p>" + "abcdefghijklm " * 54 + "x" * 60 + " more words</p>")
@example(html="<p>" + ("y" * 50 + " ") * 30 + "</p>")
def test_an_excerpt_made_from_a_short_head_is_the_one_made_from_a_long_one(html: str) -> None:
    # As it was made before: 55 words of the first 2,001 characters of plain text.
    words = plain_start(html[:20_000], MAX_EXCERPT + 1).split()
    more = " […]" if len(words) > rest.EXCERPT_WORDS else ""
    assert rest._excerpt(html) == (" ".join(words[: rest.EXCERPT_WORDS]) + more)[:MAX_EXCERPT]
