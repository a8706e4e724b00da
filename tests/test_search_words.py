"""What a person types in a search, on a real SQLite file: FTS5's own syntax taken as plain
words, phrases in quotes, -word and OR, whole words and prefixes, contractions."""

import sqlite3
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from eye_tui.archive import Archive
from eye_tui.archive.search import MATCH_END, MATCH_START, fts_query
from eye_tui.model import PostFilter
from tests.stored_posts import post, store


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


_TYPED = st.lists(
    st.sampled_from(
        [
            "OR",
            "or",
            "-fete",
            '"dog',
            'show"',
            "\u201cfete",
            "fete",
            "dog",
            "(",
            "*",
            "NOT",
            "-",
            '"',
        ]
    ),
    max_size=10,
).map(" ".join)


@hyp_settings(max_examples=200, deadline=None)
@given(typed=_TYPED)
def test_any_mix_of_or_minus_and_quotes_searches_without_error(typed: str) -> None:
    """What a person might type around OR, minus and quotes is always a query FTS5
    takes: it never raises, whatever the order."""
    query = fts_query(typed)
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        db.execute("INSERT INTO t VALUES ('the dog show at the fete, or not')")
        if query:
            db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('recycling NEAR("x"') == '"recycling" "NEAR" "x"*'
    assert fts_query("  ") == ""


def _found(archive: Archive, query: str) -> set[int]:
    return {hit.post.key for hit in archive.search(PostFilter(query=query))}


def test_words_in_quotes_are_found_together_as_a_phrase(archive: Archive) -> None:
    """Found at the command line: '"show dog"' found every post with both words, where
    quotes (as in any search box) ask for the words side by side, in that order."""
    assert fts_query('"dog show" fete') == '"dog show" "fete"*'
    assert fts_query("“dog show”") == '"dog show"*'  # typographic quotes too
    assert fts_query('fete "dog sh', lambda word: word == "fete") == '"fete" "dog sh"*'
    assert fts_query('"dog"') == '"dog"*'  # one word in quotes is that word
    store(
        archive,
        post(1, body="<p>The dog show starts at two.</p>"),
        post(2, body="<p>Show your dog at two.</p>"),
        post(3, body="<p>Dog: the show at two.</p>"),
    )

    assert _found(archive, "dog show") == {1, 2, 3}
    assert _found(archive, '"dog show"') == {1}
    assert _found(archive, '"show dog"') == set()
    assert _found(archive, '"dog sh') == {1}  # still being typed: the phrase's last word a prefix
    assert _found(archive, "\u201cdog show\u201d") == {1}  # typographic quotes, as phones type them
    assert _found(archive, 'two "your dog"') == {2}
    assert archive.count_posts(PostFilter(query='"dog show"')) == 1


def test_a_word_after_a_minus_leaves_its_posts_out(archive: Archive) -> None:
    """Found at the command line: "dog -fete" listed the fete's posts first; the minus,
    as in a web search, leaves them out. A hyphen inside a word is part of it."""
    assert fts_query("dog -fete") == '"dog" NOT "fete"*'
    assert fts_query('-"dog show" two', lambda w: True) == '"two" NOT "dog show"'
    assert fts_query("e-mail", lambda w: True) == '"e" "mail"'
    assert fts_query("-fete") == ""  # nothing asked for: nothing to search
    store(
        archive,
        post(1, body="<p>The dog show at the fete.</p>"),
        post(2, body="<p>A dog went missing.</p>"),
        post(3, body="<p>The dog show in the park.</p>"),
    )

    assert _found(archive, "dog -fete") == {2, 3}
    assert _found(archive, 'dog -"dog show"') == {2}
    assert _found(archive, "dog -fete -park") == {2}
    assert archive.count_posts(PostFilter(query="dog -fete")) == 2
    assert archive.searchable_while_typing("-fete") == ""
    assert archive.searchable_while_typing("dog -fe") == "dog -"
    # Marked in snippets and the pane: the words asked for, never the ones left out.
    hit = archive.search(PostFilter(query="show -fete"))[0]
    assert hit.snippet.count(MATCH_START) == 1 and "show" in hit.snippet


def test_or_between_words_finds_posts_with_either(archive: Archive) -> None:
    """Found at the command line: "fete OR carnival" found nothing, looking for posts
    with the word "or" as well. OR in capitals between words asks for either, as in a
    web search, binding closer than the words around it; "or" is still a word."""
    assert fts_query("fete OR carnival", lambda w: True) == '("fete" OR "carnival")'
    assert fts_query("fete OR carnival parking") == '("fete" OR "carnival") AND "parking"*'
    assert fts_query("parking fete OR fair OR carnival", lambda w: True) == (
        '"parking" AND ("fete" OR "fair" OR "carnival")'
    )
    assert fts_query('"dog show" OR fete -rain', lambda w: True) == (
        '("dog show" OR "fete") NOT "rain"'
    )
    assert fts_query("fete OR", lambda w: True) == '"fete"'  # the other word still to come
    assert fts_query("fete or fair", lambda w: True) == '"fete" "or" "fair"'
    assert fts_query("OR fete", lambda w: True) == '"OR" "fete"'
    assert fts_query('"fete OR fair"', lambda w: True) == '"fete OR fair"'
    store(
        archive,
        post(1, body="<p>The fete is on Saturday, parking on the field.</p>"),
        post(2, body="<p>The carnival comes through, no parking on the High Street.</p>"),
        post(3, body="<p>The fair or the carnival? Both, this year.</p>"),
        post(4, body="<p>Parking charges at the leisure centre.</p>"),
    )

    assert _found(archive, "fete OR carnival") == {1, 2, 3}
    assert _found(archive, "fete OR carnival parking") == {1, 2}
    assert _found(archive, "carnival or fair") == {3}  # lower case: the word "or"
    assert _found(archive, "fete OR fair -carnival") == {1}
    assert archive.count_posts(PostFilter(query="fete OR carnival")) == 3
    # OR itself is never marked: the words on either side are.
    hit = archive.search(PostFilter(query="fair OR fete"))
    assert all(MATCH_START + "or" not in h.snippet.lower() for h in hit)
    assert any(MATCH_START + "fete" in h.snippet.lower() for h in hit)


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


def test_the_end_of_a_contraction_is_a_whole_word_never_a_prefix(archive: Archive) -> None:
    """FTS5 splits "don't" at its apostrophe. The "t" is typed whole: searched at once
    (not "keep typing to search t") and exactly (a one-letter prefix would match
    every word beginning with t)."""
    from eye_tui.archive.search import typed_far_enough

    never: Callable[[str], bool] = lambda word: False  # noqa: E731
    assert fts_query("don't", never) == '"don" "t"'
    assert fts_query("St Peter\u2019s", never) == '"St" "Peter" "s"'
    assert fts_query("O'Br", never) == '"O" "Br"*'  # not an ending: a name being typed
    assert fts_query("bus s", never) == '"bus" "s"*'
    assert typed_far_enough("we don't", never) == "we don't"
    assert typed_far_enough("we'll", never) == "we'll"
    assert typed_far_enough("O'Br", never) == "O'"
    store(archive, post(1, body="<p>We don't know yet.</p>"), post(2, body="<p>Tea at two.</p>"))
    assert [h.post.key for h in archive.search(PostFilter(query="don't"))] == [1]


def test_the_end_of_a_contraction_is_never_marked_as_the_start_of_words() -> None:
    """Found in the sample: searching "government's" found the right post, but its
    snippet sat on "significant savings" and the pane marked every word starting with
    s ("match 1 of 47"): the marks took the "s" as a word being typed."""
    from eye_tui.archive.search import make_snippet, snippet_from_html
    from eye_tui.matching import match_pattern

    text = (
        "The force will decide how to make significant savings and serve the sector. " * 3
        + "The government\u2019s plans mean cuts, it\u2019s said. "
        + "Some more words. " * 20
    )
    pattern = match_pattern("government's")
    assert pattern is not None
    assert [m.group() for m in pattern.finditer(text)] == ["government"]
    snippet = make_snippet(text, "government's")
    assert f"{MATCH_START}government{MATCH_END}" in snippet
    assert f"{MATCH_START}s" not in snippet and "significant" not in snippet
    html = "<p>" + text.replace("\u2019", "&#8217;") + "</p>"
    assert f"{MATCH_START}government{MATCH_END}" in snippet_from_html(html, "Government\u2019s")
    alone = match_pattern("\u2019s")  # an ending alone is all there is to find: whole
    assert alone is not None and [m.group() for m in alone.finditer(text)] == ["s", "s"]
    assert f"{MATCH_START}s{MATCH_END}" in make_snippet(text, "'s")
    typing = match_pattern("it's gov")  # a word still being typed after one keeps its prefix
    assert typing is not None
    assert [m.group() for m in typing.finditer(text)][-2:] == ["government", "it"]
