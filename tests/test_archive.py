"""The archive on a real SQLite file: storing, listing, paging, search, corruption."""

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.archive.schema import SCHEMA_VERSION
from eye_tui.archive.search import MATCH_END, MATCH_START, fts_query
from eye_tui.errors import ArchiveCorruptError, ArchiveError, UsageError
from eye_tui.model import Post, PostFilter, Tag, Validators
from eye_tui.text import slugify
from tests.old_archive import as_schema_9

START = datetime(2014, 1, 1, tzinfo=UTC)


def post(n: int, title: str = "", body: str = "", tags: tuple[str, ...] = ("Enderby",)) -> Post:
    return Post(
        id=f"id-{n}",
        link=f"http://x/{n}/",
        title=title or f"Post {n}",
        author="EYE",
        published=START + timedelta(days=n),
        updated=None,
        tags=tuple(Tag(t, slugify(t)) for t in tags),
        html=body or f"<p>Body of post {n}</p>",
        excerpt="",
    )


def store(archive: Archive, *posts: Post) -> None:
    archive.store_document("http://x/feed/", posts, Validators(), 100)


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


def test_search_ranks_title_matches_first_and_marks_the_snippet(archive: Archive) -> None:
    store(
        archive,
        post(1, body="<p>The recycling centre in Whetstone is closing for a week.</p>"),
        post(2, title="Recycling consultation", body="<p>Have your say.</p>"),
        post(3, body="<p>Nothing relevant at all.</p>"),
    )
    hits = archive.search(PostFilter(query="recycling"))
    assert [h.post.key for h in hits] == [2, 1]
    snippet = hits[1].snippet
    assert f"{MATCH_START}recycling{MATCH_END}" in snippet
    # Prefix search follows typing; markup is never indexed.
    assert [h.post.key for h in archive.search(PostFilter(query="Whet"))] == [1]
    assert archive.search(PostFilter(query="strong")) == []


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced',
        "NEAR(",
        "*",
        "AND OR",
        "a:b",
        "(((",
        "title:x",
        '""',
        "-",
        "^",
        "recycling OR",
    ],
)
def test_fts_syntax_typed_by_a_person_never_raises(archive: Archive, typed: str) -> None:
    store(archive, post(1, title="Recycling near Enderby"))
    archive.search(PostFilter(query=typed))
    archive.count_posts(PostFilter(query=typed))


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('recycling NEAR("x"') == '"recycling" "NEAR" "x"*'
    assert fts_query("  ") == ""


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
    raw[4096 * 2 : 4096 * 6] = b"\xff" * 4096 * 4  # wreck some pages, keep the header
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
    from eye_tui.archive import schema

    path = data_dir / "archive.sqlite3"
    data_dir.mkdir(parents=True)
    with sqlite3.connect(path) as db:  # an archive as version 1 wrote it
        schema.register_functions(db)
        for statement in schema._statements(schema.MIGRATIONS[0]):
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
            assert db.execute("SELECT typeof(html) FROM posts").fetchone()[0] == "blob"
        assert [(t.name, t.posts) for t in archive.tag_counts()] == [("Police", 1)]
        assert [(m.month, m.posts) for m in archive.month_counts()] == [("2015-01", 1)]


def test_a_whole_word_is_searched_exactly_a_partial_one_as_a_prefix(archive: Archive) -> None:
    assert fts_query("recycling cent", lambda word: word == "cent") == '"recycling" "cent"'
    assert fts_query("recycling cent") == '"recycling" "cent"*'
    store(
        archive,
        post(1, body="<p>The recycling centre</p>"),
        post(2, body="<p>Recycling centres</p>"),
    )
    assert {h.post.key for h in archive.search(PostFilter(query="centre"))} == {1}
    assert {h.post.key for h in archive.search(PostFilter(query="cent"))} == {1, 2}


def test_snippets_mark_the_matched_words() -> None:
    from eye_tui.archive.search import make_snippet

    text = (
        "The parish council met on Tuesday. " * 3 + "Plans for the Café on Mill Lane "
        "were approved by the council, and recycling bins will follow. " + "More. " * 20
    )
    snippet = make_snippet(text, "cafe")
    assert f"{MATCH_START}Café{MATCH_END}" in snippet  # accents fold as in the index
    snippet = make_snippet(text, "approved recyc")
    assert f"{MATCH_START}approved{MATCH_END}" in snippet
    assert f"{MATCH_START}recycling{MATCH_END}" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert make_snippet("Short text", "nothing") == "Short text"
    assert make_snippet("", "x") == "" and make_snippet("abc", "") == ""


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


def test_snippets_come_from_the_match_however_deep_in_a_packed_body() -> None:
    from eye_tui.archive.packing import pack_html
    from eye_tui.archive.search import snippet_from_packed

    filler = "".join(
        f"<p>Paragraph {n} about the parish and its blondene fields.</p>" for n in range(3000)
    )
    deep = filler + "<p>At last the Allotments committee met.</p>" + filler
    snippet = snippet_from_packed(pack_html(deep), "allotments")
    assert f"{MATCH_START}Allotments{MATCH_END} committee" in snippet
    # "onden" inside "blondene" is not the word: a title-only match shows the start.
    assert snippet_from_packed(pack_html(filler), "onden").startswith("Paragraph 0")
    assert f"{MATCH_START}Café{MATCH_END}" in snippet_from_packed(
        pack_html("<p>The Café opens.</p>"), "cafe"
    )
    assert "damaged" in snippet_from_packed(b"not zlib at all", "post")  # never a crash
    assert snippet_from_packed("<p>An old archive's text body</p>", "body").endswith(
        f"{MATCH_START}body{MATCH_END}"
    )


def test_a_word_cut_where_unpacking_pauses_is_judged_whole() -> None:
    """Bodies are unpacked 32,768 characters at a time and each stretch looked through
    once: a word near the cut is looked at again with what follows it."""
    from eye_tui.archive.packing import pack_html
    from eye_tui.archive.search import snippet_from_packed

    cut, query = 32_768, "onden xylophone"  # only a query's last word may start a word
    later = "<p>Filler words of the parish.</p>" * 60

    def body_with(word: str, ending_at: int, then: str) -> str:
        lead = "<p>" + "Filler words of the parish. " * 2000
        return lead[: ending_at - len(word) - 1] + " " + word + then

    # "Ondenby" cut after "Onden" is not the word; the real one comes later.
    near_miss = body_with("Onden", cut, "by lane.</p>" + later + "<p>The onden itself.</p>")
    assert f"The {MATCH_START}onden{MATCH_END} itself" in snippet_from_packed(
        pack_html(near_miss), query
    )
    # The word whole, a few letters before the cut, is found where it is.
    close = body_with("Onden", cut - 8, " stood there.</p>" + later + "<p>An onden.</p>")
    assert f"{MATCH_START}Onden{MATCH_END} stood" in snippet_from_packed(pack_html(close), query)


def test_words_in_most_posts_list_newest_first_and_rare_words_still_rank(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eye_tui.archive import listing

    monkeypatch.setattr(listing, "COMMON_FROM", 10)
    posts = [post(n, body=f"<p>The parish council met, item {n}.</p>") for n in range(1, 41)]
    posts[4] = post(5, title="Allotments at last", body="<p>The parish council: allotments.</p>")
    posts[30] = post(31, body="<p>The parish council. Allotments, allotments, allotments.</p>")
    store(archive, *posts)
    # "parish" is in every post: no ranking by noise, the newest stored come first.
    common = archive.search(PostFilter(query="parish council"), limit=5)
    assert [hit.post.key for hit in common] == [40, 39, 38, 37, 36]
    assert all(MATCH_START in hit.snippet for hit in common)
    # "allotments" is in two: ranked, the title match first.
    assert [hit.post.title for hit in archive.search(PostFilter(query="allotments"))] == [
        "Allotments at last",
        "Post 31",
    ]


def test_a_keystrokes_search_never_counts_a_words_posts_in_the_word_list(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a typed word is whole, and whether it is in most posts, is asked of the
    index itself: its word list (post_search_words) counts every post with the word
    before it answers, 30-45 ms a time for "Enderby" at 100,000 posts."""
    from eye_tui.archive import listing

    monkeypatch.setattr(listing, "COMMON_FROM", 10)
    store(archive, *[post(n, body=f"<p>Enderby parish news, item {n}.</p>") for n in range(1, 21)])
    statements: list[str] = []
    archive._db.set_trace_callback(statements.append)
    for query in ("enderby", "ender", "enderby parish", "news item"):
        archive.count_posts(PostFilter(query=query))
        archive.list_posts(PostFilter(query=query))
    archive._db.set_trace_callback(None)
    assert not [s for s in statements if "post_search_words" in s]
    # And the answers are those the word list gave: whole words exact, too common unranked.
    assert [p.key for p in archive.list_posts(PostFilter(query="enderby"), limit=3)] == [20, 19, 18]
    assert archive.count_posts(PostFilter(query="ender")) == 20  # a prefix of a word
    assert archive.count_posts(PostFilter(query="item 7")) == 1  # "7" whole: not "17"


def test_the_start_of_a_word_in_most_posts_lists_newest_first_and_waits_for_three_letters(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing "paris" on the way to "parish": every post has a word starting so, and
    ranking them all (bm25, 130 ms at 100,000 posts for "cou") orders them by noise."""
    from eye_tui.archive import listing

    monkeypatch.setattr(listing, "COMMON_FROM", 10)
    posts = [post(n, body=f"<p>The parish council met, item {n}.</p>") for n in range(1, 41)]
    posts[4] = post(5, title="Parish notes", body="<p>Parish, parish, parish council.</p>")
    store(archive, *posts)
    assert [p.key for p in archive.list_posts(PostFilter(query="paris"), limit=3)] == [40, 39, 38]
    rare = archive.list_posts(PostFilter(query="note"))  # a prefix in one post: ranked
    assert [p.key for p in rare] == [5]
    # While typing, an unfinished word shorter than three letters waits for the next key;
    # a whole word that short ("7") is searched, as is anything of three letters or more.
    typed = {q: archive.searchable_while_typing(q) for q in ("p", "pa", "par", "item 7", "item p")}
    assert typed == {"p": "", "pa": "", "par": "par", "item 7": "item 7", "item p": "item"}


def test_words_in_most_posts_list_newest_by_date_whatever_order_they_were_stored_in(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed stores its newest post first, and a walk back through its pages stores
    older posts after newer ones: the order of storing is not the order of dates. With
    a filter as well, the filter's own posts are walked by date (unread, a tag)."""
    from eye_tui.archive import listing

    monkeypatch.setattr(listing, "COMMON_FROM", 10)
    newest_first = [post(n, body=f"<p>Enderby news, item {n}.</p>") for n in range(40, 0, -1)]
    store(archive, *newest_first[:20])
    store(archive, *newest_first[20:])  # the next page back: older posts, stored later
    stored = archive.get_post("id-40")
    assert stored is not None
    archive.set_read(stored.summary.key)
    by_date = [40, 39, 38]
    found = archive.list_posts(PostFilter(query="enderby news"), limit=3)
    assert [p.title for p in found] == [f"Post {n}" for n in by_date]
    unread = PostFilter(query="enderby", unread=True)
    assert [p.title for p in archive.list_posts(unread, limit=2)] == ["Post 39", "Post 38"]
    assert archive.count_posts(unread) == 39
    tagged = PostFilter(query="enderby", tags=("enderby",))
    assert [p.title for p in archive.list_posts(tagged, limit=2)] == ["Post 40", "Post 39"]
    assert archive.count_posts(tagged) == 40


def test_a_searchs_count_is_asked_of_the_index_once_while_the_archive_is_unchanged(
    archive: Archive, data_dir: Path
) -> None:
    """A keystroke's count and then its list both need it (50 ms a time for the start of
    a word shared by many, at 100,000 posts); a change to the archive, made here or by
    another process, asks again."""
    store(archive, *[post(n, body=f"<p>Enderby news {n}</p>") for n in range(1, 6)])
    statements: list[str] = []
    archive._db.set_trace_callback(statements.append)
    assert archive.count_posts(PostFilter(query="ender")) == 5
    assert archive.count_posts(PostFilter(query="ender")) == 5
    archive._db.set_trace_callback(None)
    assert len([s for s in statements if "count(*) FROM post_search" in s]) == 1
    store(archive, post(6, body="<p>Enderby again</p>"))  # a change made here
    assert archive.count_posts(PostFilter(query="ender")) == 6
    with Archive(data_dir / "archive.sqlite3") as other:  # and one made elsewhere
        store(other, post(7, body="<p>Enderby once more</p>"))
    assert archive.count_posts(PostFilter(query="ender")) == 7


def test_a_search_with_a_post_filter_is_driven_by_the_search_index(archive: Archive) -> None:
    """Not by the unread index with the full-text query run once per post (seconds at
    100,000 posts): the plan's outer loop is the index's matches."""
    store(archive, *[post(n, body=f"<p>allotments {n}</p>") for n in range(1, 30)])
    statements: list[str] = []
    archive._db.set_trace_callback(statements.append)
    for wanted in (
        PostFilter(query="allotments", unread=True),
        PostFilter(query="allot", starred=True),
    ):
        archive.count_posts(wanted)
        archive.list_posts(wanted)
    archive._db.set_trace_callback(None)
    joins = [s for s in statements if "MATCH" in s and "JOIN posts p" in s]
    assert joins
    for statement in joins:
        plan = archive._db.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
        first_scan = next(row[3] for row in plan if row[3].startswith(("SCAN", "SEARCH")))
        assert "post_search" in first_scan, plan


def test_the_search_index_learns_the_same_words_its_source_view_gives(archive: Archive) -> None:
    # Posts are indexed from html_to_words (white space as it came), while edits and
    # rebuilds read the view's html_text (white space folded): the index must hold the
    # same words either way, or an edit would leave the old words findable.
    bodies = [
        "<p>Parish\n\n   council\u00a0meets</p>\t<ul>\n <li>the  hall</li></ul>",
        "<p>Allotment\u2028show\x85prizes &amp; cups 🏆 für Café</p><script>var x;</script>",
    ]
    check = "INSERT INTO post_search (post_search, rank) VALUES ('integrity-check', 1)"
    store(archive, *[post(n, body=body) for n, body in enumerate(bodies, start=1)])
    # FTS5 checks its index against the content it names (the view), word by word.
    archive._db.execute(check)
    store(archive, *[post(n, body=f"<p>Rewritten\n  entirely {n}</p>") for n in (1, 2)])
    archive._db.execute(check)
    assert archive.count_posts(PostFilter(query="council")) == 0
    assert archive.count_posts(PostFilter(query="prizes")) == 0
    assert archive.count_posts(PostFilter(query="rewritten")) == 2


def test_a_search_index_in_many_pieces_is_merged_into_one(archive: Archive) -> None:
    """Each store adds a piece (a segment) to the search index; past eight, tidying
    merges them, and every search finds what it found before."""
    db = archive._db
    db.execute("INSERT INTO post_search (post_search, rank) VALUES ('automerge', 0)")
    db.commit()

    def segments() -> int:
        return int(db.execute("SELECT count(DISTINCT segid) FROM post_search_idx").fetchone()[0])

    for n in range(1, 8):
        store(archive, post(n, body=f"<p>Allotments report {n}</p>"))
    assert segments() == 7
    assert not archive.tidy_search_index()  # few pieces: left as they are
    for n in range(8, 13):
        store(archive, post(n, body=f"<p>Allotments report {n}</p>"))
    found = [hit.post.key for hit in archive.search(PostFilter(query="allotments"), limit=20)]
    assert segments() == 12 and len(found) == 12
    assert archive.tidy_search_index()
    assert segments() == 1
    assert [
        hit.post.key for hit in archive.search(PostFilter(query="allotments"), limit=20)
    ] == found
