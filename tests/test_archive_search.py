"""Searching the archive on a real SQLite file: ranking, words found in most posts,
snippets from packed bodies, and the search index kept whole (what a person types is
in test_search_words.py)."""

from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.archive.search import MATCH_END, MATCH_START
from eye_tui.model import PostFilter
from tests.stored_posts import post, store


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
