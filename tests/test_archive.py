"""The archive on a real SQLite file: storing, listing, paging, counters, migrations,
corruption."""

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.archive.migrations import SCHEMA_VERSION
from eye_tui.errors import ArchiveCorruptError, ArchiveError, UsageError
from eye_tui.model import PostFilter
from eye_tui.text import slugify
from tests.old_archive import as_schema_9
from tests.stored_posts import START, post, store


def test_schema_version_and_wal(archive: Archive) -> None:
    with sqlite3.connect(archive.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_everything(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, post(1), post(2))
        archive.set_read(1)
    with Archive(path) as archive:
        assert archive.count_posts() == 2
        assert archive.get_post(1).summary.read  # type: ignore[union-attr]


def test_keyset_and_offset_paging_agree(archive: Archive) -> None:
    store(archive, *(post(n) for n in range(1, 101)))
    by_offset = [p.key for p in archive.list_posts(limit=30, offset=30)]
    first = archive.list_posts(limit=30)
    last = first[-1]
    after = (int(last.published.timestamp()), last.key)
    assert [p.key for p in archive.list_posts(limit=30, after=after)] == by_offset
    titles = [p.title for p in archive.list_posts(limit=3)]
    assert titles == ["Post 100", "Post 99", "Post 98"]


def test_pages_of_a_tag_list_at_any_offset_are_its_slices(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tag lists read a page's posts after walking the tag's index (not every post the
    offset skips), and a common word's first page asks the newest posts one by one: the
    pages are still the list's own slices, in date order."""
    from eye_tui.archive import listing

    monkeypatch.setattr(listing, "COMMON_FROM", 10)  # "parish" is in most posts: by date
    names = ["Police", "Enderby", "Recycling"]
    posts = [
        post(n, body=f"<p>The parish {'fete' if n % 4 else 'news'}{' harvest' * (n <= 20)}</p>",
             tags=tuple(name for i, name in enumerate(names) if n % (i + 2) == 0))
        for n in range(1, 61)
    ]  # fmt: skip
    store(archive, *posts)
    archive.set_read(12)
    archive.set_read(24)
    for post_filter in (
        PostFilter(tags=("police",)),
        PostFilter(tags=("police", "enderby")),
        PostFilter(tags=("police",), unread=True),
        PostFilter(tags=("enderby",), query="parish"),
        PostFilter(query="harvest"),  # in the oldest third only: the newest are no help
    ):
        expected = [
            p.id
            for p in sorted(posts, key=lambda p: p.published, reverse=True)
            if {slugify(t) for t in post_filter.tags} <= {t.slug for t in p.tags}
            and not (post_filter.unread and p.id in ("id-12", "id-24"))
            and post_filter.query in p.html
        ]
        assert [p.id for p in archive.list_posts(post_filter, limit=100)] == expected
        for offset in (0, 3, 7, len(expected) - 2):
            page = archive.list_posts(post_filter, limit=4, offset=offset)
            assert [p.id for p in page] == expected[offset : offset + 4], post_filter


def test_tags_combine_with_and_and_count(archive: Archive) -> None:
    store(
        archive,
        post(1, tags=("Police", "Enderby")),
        post(2, tags=("Police",)),
        post(3, tags=("Recycling", "Enderby")),
    )
    both = PostFilter(tags=("police", "Enderby"))
    assert [p.key for p in archive.list_posts(both)] == [1]
    assert archive.count_posts(both) == 1
    assert archive.count_posts(PostFilter(tags=("Unknown",))) == 0
    counts = {t.name: t.posts for t in archive.tag_counts()}
    assert counts == {"Police": 2, "Enderby": 2, "Recycling": 1}


def test_month_year_read_and_starred_filters(archive: Archive) -> None:
    store(archive, *(post(n) for n in range(1, 70)))  # 2 Jan 2014 .. 11 Mar 2014
    months = {m.month: m.posts for m in archive.month_counts()}
    assert months == {"2014-01": 30, "2014-02": 28, "2014-03": 11}
    assert archive.count_posts(PostFilter(month="2014-02")) == 28
    assert archive.count_posts(PostFilter(month="2014")) == 69
    archive.set_read(5)
    archive.set_starred(6)
    assert archive.count_posts(PostFilter(unread=True)) == 68
    assert [p.key for p in archive.list_posts(PostFilter(starred=True))] == [6]
    with pytest.raises(UsageError):
        archive.count_posts(PostFilter(month="March"))


def test_ui_state_round_trips(archive: Archive) -> None:
    archive.save_ui_state({"theme": "nord", "tags": ["police"]})
    assert archive.ui_state() == {"theme": "nord", "tags": ["police"]}


def test_a_file_that_is_not_sqlite_is_refused_and_kept(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "archive.sqlite3"
    path.write_bytes(b"my tax return, not a database" * 100)
    with pytest.raises(ArchiveCorruptError, match="--reset"):
        Archive(path)
    assert path.read_bytes().startswith(b"my tax return")
    with Archive(path, reset=True) as archive:
        assert archive.count_posts() == 0
    kept = list(data_dir.glob("archive.sqlite3.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"my tax return")


def test_a_damaged_sqlite_file_gives_a_clear_error(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, *(post(n) for n in range(1, 300)))
    raw = bytearray(path.read_bytes())
    raw[4096 * 1 : 4096 * 9] = b"\xff" * 4096 * 8  # wreck some pages, keep the header
    path.write_bytes(bytes(raw))
    with pytest.raises(ArchiveCorruptError, match="damaged"), Archive(path) as archive:
        archive.list_posts(limit=1000)
        archive.search(PostFilter(query="body"))


def test_unwritable_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if (locked / "probe").parent.stat().st_uid == 0 and __import__("os").geteuid() == 0:
            # root ignores permissions; a data dir below a *file* cannot be made by anyone.
            blocker = tmp_path / "a-file"
            blocker.write_text("x")
            target = blocker / "data" / "archive.sqlite3"
        else:
            target = locked / "data" / "archive.sqlite3"
        with pytest.raises(ArchiveError, match="cannot create the data folder"):
            Archive(target)
    finally:
        locked.chmod(0o700)


def test_newer_schema_is_refused(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    Archive(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ArchiveError, match="newer eye-tui"):
        Archive(path)


def test_counters_follow_edits_and_match_a_recount(archive: Archive) -> None:
    store(
        archive,
        post(1, tags=("Police", "Enderby")),
        post(2, tags=("Police",)),
        post(40, tags=("Recycling",)),
    )
    # Post 1 is edited: it loses "Police" and moves to another month.
    moved = replace(
        post(1, tags=("Enderby", "Blaby")), title="Edited", published=START + timedelta(days=70)
    )
    store(archive, moved)
    with sqlite3.connect(archive.path) as db:
        recount = dict(
            db.execute(
                "SELECT t.name, count(*) FROM post_tags pt JOIN tags t USING (tag) GROUP BY t.name"
            )
        )
        months = dict(db.execute("SELECT month, count(*) FROM posts GROUP BY month"))
    assert (
        {t.name: t.posts for t in archive.tag_counts()}
        == recount
        == {"Police": 1, "Enderby": 1, "Blaby": 1, "Recycling": 1}
    )
    assert (
        {m.month: m.posts for m in archive.month_counts()}
        == months
        == {"2014-01": 1, "2014-02": 1, "2014-03": 1}
    )
    # The whole archive's count and the month counts agree, after a deletion too.
    assert archive.count_posts() == archive.status_counts()[0] == sum(months.values()) == 3
    with sqlite3.connect(archive.path) as db:  # nothing in eye-tui deletes a post; a tool may
        db.execute(
            "DELETE FROM post_tags WHERE post IN (SELECT key FROM posts WHERE month = ?)",
            ["2014-02"],
        )
        db.execute("DELETE FROM posts WHERE month = ?", ["2014-02"])
    assert archive.count_posts() == archive.status_counts()[0] == 2


def test_migration_from_schema_1_keeps_posts_and_fills_counters(data_dir: Path) -> None:
    from eye_tui.archive import migrations, schema

    path = data_dir / "archive.sqlite3"
    data_dir.mkdir(parents=True)
    with sqlite3.connect(path) as db:  # an archive as version 1 wrote it
        schema.register_functions(db)
        for statement in schema._statements(migrations.MIGRATIONS[0]):
            db.execute(statement)
        db.execute("PRAGMA user_version = 1")
    with sqlite3.connect(path) as db:
        schema.register_functions(db)
        db.execute(
            "INSERT INTO posts (id, title, published, month, html, fingerprint, "
            "first_seen) VALUES ('a', 'Old post', 1420070400, '2015-01', '<p>x</p>', "
            "'f', 0)"
        )
        db.execute("INSERT INTO tags (slug, name) VALUES ('police', 'Police')")
        db.execute("INSERT INTO post_tags VALUES (1, 1420070400, 1)")
    with Archive(path) as archive:
        assert [p.title for p in archive.list_posts()] == ["Old post"]
        assert archive.get_post(1).html == "<p>x</p>"  # type: ignore[union-attr]
        with sqlite3.connect(path) as db:  # schema 4 packed the body
            assert db.execute("SELECT typeof(html) FROM bodies").fetchone()[0] == "blob"
        assert [(t.name, t.posts) for t in archive.tag_counts()] == [("Police", 1)]
        assert [(m.month, m.posts) for m in archive.month_counts()] == [("2015-01", 1)]


def test_migration_decodes_names_stored_with_entities_once(data_dir: Path) -> None:
    """Archives filled before names were decoded at ingest hold "What&#8217;s On": the
    migration decodes titles, authors and tags once, merges a tag fetched since under
    its decoded name, and the search index finds the new titles."""
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        old = replace(
            post(
                1, title="Fish &amp; Chips at the What&#8217;s On night", tags=("What&#8217;s On",)
            ),
            author="Ann &amp; Bob",
        )
        store(archive, old, post(2, tags=("What’s On",)), post(3, title="AT&T &amp;amp; more"))
    as_schema_9(path, 5)  # as schema 5 left it
    with Archive(path) as archive:
        first = archive.get_post(1)
        assert first is not None
        assert first.summary.title == "Fish & Chips at the What’s On night"
        assert first.summary.author == "Ann & Bob" and first.summary.tags == ("What’s On",)
        assert archive.get_post(3).summary.title == "AT&T &amp; more"  # type: ignore[union-attr]
        assert [(t.name, t.slug, t.posts) for t in archive.tag_counts() if "On" in t.name] == [
            ("What’s On", "whats-on", 2)
        ]
        found = archive.list_posts(PostFilter(query="chips"))
        assert [p.key for p in found] == [1]
        # Post 1's old title has left the index; post 3 still says "&amp;" (decoded once).
        assert [p.key for p in archive.list_posts(PostFilter(query="amp"))] == [3]


def test_names_arrive_decoded_once_from_a_wordpress_feed() -> None:
    from eye_tui.feed import parse_feed

    document = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Enderby EYE</title><link>http://www.enderbyeye.co.uk</link>
<item><title>Fish &amp;amp; Chips &#8211; a review</title><guid>g1</guid>
<dc:creator><![CDATA[Ann &amp; Bob]]></dc:creator>
<category><![CDATA[What&#8217;s On]]></category><category>Food &amp; Drink</category>
<description>x</description></item></channel></rss>"""
    (item,) = parse_feed(document, fetched_at=START).posts
    assert item.title == "Fish & Chips – a review"
    assert item.author == "Ann & Bob"
    assert [tag.name for tag in item.tags] == ["What’s On", "Food & Drink"]
