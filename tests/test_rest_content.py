"""What the REST API brings: one identity for a post whichever path it came by, sections
apart from tags, authors, featured pictures, whole text for summary feeds, threaded
comments, and hostile answers refused in one line."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eye_tui import rest, rest_found
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.feed import MAX_EXCERPT
from eye_tui.model import PostFilter
from eye_tui.sync import Sync
from eye_tui.text import plain_start
from tests.conftest import CliRun
from tests.site import WordPressSite, no_post_pages
from tests.wordpress_site import newer_post


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
    rest_site.posts.insert(0, newer_post(rest_site, 251))
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


def test_a_post_edited_on_the_site_keeps_the_comment_count_the_archive_knows(
    rest_site: WordPressSite, archive: Archive, rest_settings: Settings
) -> None:
    """The API gives no comment count: a post brought again by an edit, or a site's
    feed giving way to its API, wiped the 💬 count its comments or its feed had given."""
    rest_site.rest = "off"
    post = rest_site.posts[0]
    post.comments = [("Ann", "<p>First!</p>"), ("Bob", "<p>Second</p>")]
    Sync(archive, rest_settings).refresh(all_pages=True)
    key = archive.list_posts(limit=1)[0].key
    assert archive.list_posts(limit=1)[0].comment_count == 2  # from the feed
    rest_site.rest = "on"
    archive.set_meta(rest_found.MISSING_KEY, None)
    sync = Sync(archive, rest_settings)
    sync.refresh(all_pages=True)
    assert archive.list_posts(limit=1)[0].comment_count == 2
    post.comments.append(("Cy", "<p>Third</p>"))
    assert sync.fetch_comments(key, "") == 3
    post.html = "<p>Corrected: the fete is on Sunday.</p>"
    post.modified = post.published + timedelta(days=2)
    Sync(archive, rest_settings).refresh()
    edited = archive.get_post(key)
    assert edited is not None and "Sunday" in edited.html
    assert edited.summary.comment_count == 3


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


def test_a_title_the_api_gives_as_html_reads_as_the_feed_gives_it() -> None:
    from eye_tui.model import utc_now
    from eye_tui.rest import parse_posts

    rendered = "Caf<em>&#233;</em> &#8211; open<br />late &amp; <b>busy</b>"
    body = json.dumps([{"id": 9, "title": {"rendered": rendered}}]).encode()
    (found,) = parse_posts(body, utc_now())
    # WordPress's feed strips the tags from the same title: "Café – open late & busy".
    assert found.post.title == "Caf\u00e9 \u2013 open late & busy"


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
