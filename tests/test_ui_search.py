"""Search you can see: matches marked in the pane, the pane opening at the first one,
n / N from match to match and on through the results, Esc back to where the list was."""

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from eye_tui.config import Settings
from eye_tui.model import PostFilter
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    reader_text,
    started,
    titles,
    wait_for,
)
from tests.site import make_posts


def _paragraphs(count: int, word_at: set[int], word: str) -> str:
    return "".join(
        f"<p>Paragraph {n} of the parish report{f', about the {word}' if n in word_at else ''}.</p>"
        for n in range(count)
    )


def _visible(reader: PostReader) -> list[str]:
    top = reader.scroll_offset.y
    lines = reader.plain_text.splitlines()
    return lines[top : top + reader.scrollable_content_region.height]


def _marked_words(reader: PostReader) -> list[str]:
    """The words the pane draws in its match style."""
    marked = reader.get_component_rich_style("post-reader--match")
    words = []
    for line in reader._lines:
        for span in line.spans:
            if span.style == marked:
                words.append(line.plain[span.start : span.end])
    return words


async def test_a_result_opens_at_its_first_match_with_the_words_marked(data_dir: Path) -> None:
    posts = make_posts(6)
    posts[2].html = _paragraphs(200, {120, 160, 190}, "allotments")
    posts[4].html = _paragraphs(200, {150}, "Allotments")  # fewer matches: ranked second
    app = RecordingApp(archive_of(posts, data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("slash", *"allotments", "enter")
        await wait_for(pilot, lambda: len(titles(app)) == 2)
        reader = app.screen.query_one(PostReader)
        first = titles(app)[0]
        await wait_for(
            pilot,
            lambda: (
                reader.post is not None
                and reader.post.summary.title == first
                and "match 1 of" in reader.position
            ),
        )
        # The pane is at the match, not at the top of a 200-paragraph post.
        assert reader.scroll_offset.y > 0
        assert any("allotments" in line.lower() for line in _visible(reader))
        assert {word.lower() for word in _marked_words(reader)} == {"allotments"}
        count = len(_marked_words(reader))
        assert count == 3 and "match 1 of 3" in reader.position
        # n: the next match, further down; N: back.
        at_first = reader.scroll_offset.y
        await pilot.press("n")
        await wait_for(pilot, lambda: "match 2 of" in reader.position)
        assert reader.scroll_offset.y > at_first
        await pilot.press("N")
        await wait_for(pilot, lambda: "match 1 of" in reader.position)
        assert reader.scroll_offset.y == at_first
        # Past the last match of this post, n opens the next result at its first match.
        for _ in range(count - 1):
            await pilot.press("n")
        await wait_for(pilot, lambda: f"match {count} of {count}" in reader.position)
        await pilot.press("n")
        second = titles(app)[1]
        await wait_for(
            pilot,
            lambda: (
                reader.post is not None
                and reader.post.summary.title == second
                and "match 1 of" in reader.position
            ),
        )
        post_list = app.screen.query_one(PostList)
        assert post_list.cursor == 1
        # Past the last result's last match, on round to the first result's first (vim's
        # wrapscan), said; and N from there round to the last result's last match.
        await pilot.press("n")
        await wait_for(pilot, lambda: post_list.cursor == 0 and "match 1 of 3" in reader.position)
        assert any("On from the first result" in n.message for n in app.notices)
        await pilot.press("N")
        await wait_for(pilot, lambda: post_list.cursor == 1 and "match 1 of 1" in reader.position)
        assert any("On from the last result" in n.message for n in app.notices)
        # N from the first match goes back to the previous result, at its last match.
        await pilot.press("N")
        await wait_for(
            pilot,
            lambda: (
                reader.post is not None
                and reader.post.summary.title == first
                and f"match {count} of {count}" in reader.position
            ),
        )


async def test_escape_brings_the_list_back_to_where_it_was_before_the_search(
    data_dir: Path,
) -> None:
    posts = make_posts(30)
    app = RecordingApp(archive_of(posts, data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press(*"jjjjjjj")  # the eighth post: "Village news item 23"
        post_list = app.screen.query_one(PostList)
        await wait_for(pilot, lambda: post_list.cursor == 7)
        before = post_list.current
        await pilot.press("slash", *"item 3", "enter")
        await wait_for(pilot, lambda: titles(app)[:1] == ["Village news item 3"])
        assert app.screen.active_bindings["n"].binding.action == "next_match(1)"  # the footer
        await pilot.press("j")
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(titles(app)) == 30)
        assert post_list.current == before and post_list.cursor == 7
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: "Story number 23" in reader_text(app))
        assert not _marked_words(reader) and "match" not in reader.position
        # With no search, n is "next unread" again.
        assert app.screen.active_bindings["n"].binding.action == "next_unread"
        await pilot.press("n")
        await wait_for(pilot, lambda: post_list.cursor == 8)


async def test_the_list_follows_typing_at_once_after_a_pause_and_rarely_while_typing_fast(
    data_dir: Path,
) -> None:
    app = RecordingApp(archive_of(make_posts(30), data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        screen = app.screen
        applied: list[str] = []
        original = screen.apply_filter

        def recording(*args: object, **kwargs: object) -> None:
            applied.append(screen.post_filter.query)
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen.apply_filter = recording  # type: ignore[method-assign]
        await pilot.press("slash", "s", "t")
        await wait_for(pilot, lambda: screen._search_timer is None)  # a quiet moment
        await pilot.press("o")
        # A key after a quiet moment is searched straight away: no waiting for a pause.
        assert screen.post_filter.query == "sto"
        box = screen.query_one("#search", Input)
        for typed in ("stor", "story", "story num", "story numb"):  # fast, after "sto"
            box.value = typed
        await wait_for(pilot, lambda: screen.post_filter.query == "story numb")
        assert applied[0] == "sto" and applied[-1] == "story numb"
        assert len(applied) <= 3  # not one search per letter (that would be five)
        await pilot.pause(0.2)
        assert screen.post_filter.query == "story numb" and len(titles(app)) == 30
        # Once the keys stop, the pane follows the list to its first result.
        await wait_for(pilot, lambda: "story" in reader_text(app).lower())


async def test_an_unfinished_word_of_one_or_two_letters_waits_for_the_next(
    data_dir: Path,
) -> None:
    """ "c" or "co" starts a word in nearly every post of a real archive: searched while
    typed, it held up the keys behind it (half a second for "c" at 100,000 posts). A
    whole word that short is searched ("2"), and Enter searches what is typed."""
    app = RecordingApp(archive_of(make_posts(30), data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        screen = app.screen
        summary = screen.query_one("#filter-summary", Static)
        await pilot.press("slash", "n", "u")
        await wait_for(pilot, lambda: screen._search_timer is None)
        assert screen.post_filter.query == "" and len(titles(app)) == 30
        assert "keep typing to search “nu”" in str(summary.render())  # not a silent wait
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.post_filter.query == "num")
        assert "keep typing" not in str(summary.render())
        await pilot.press(*"ber 2")
        await wait_for(pilot, lambda: screen.post_filter.query == "number 2")
        assert titles(app) == ["Village news item 2"]
        await pilot.press("space", "o")  # "o": the start of a word, searched later
        await wait_for(pilot, lambda: screen._search_timer is None)
        assert screen.post_filter.query == "number 2"
        assert "“o”" in str(summary.render())
        await pilot.press("enter")  # asked for: "o" as the start of a word ("of")
        await wait_for(pilot, lambda: screen.post_filter.query == "number 2 o")
        assert "keep typing" not in str(summary.render())
        assert titles(app) == ["Village news item 2"]
        await pilot.press("slash", *"number 2 z", "enter")  # "/" selects what was typed
        await wait_for(pilot, lambda: screen.post_filter.query == "number 2 z")
        assert titles(app) == []  # no word starts with "z"


async def test_a_search_with_no_word_in_it_lists_everything_and_says_why(
    data_dir: Path,
) -> None:
    """Found in tmux: "!!!" (or a Space typed into the box) showed "300 posts · search:
    !!! ✕", as if every post held it; sentence punctuation is in every post, so it is
    never searched. The list stays whole, with no search chip, and the bar says why."""
    app = RecordingApp(archive_of(make_posts(30), data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        screen = app.screen
        summary = screen.query_one("#filter-summary", Static)
        await pilot.press("slash", "space")
        await wait_for(pilot, lambda: screen._search_timer is None)
        assert screen.post_filter.query == "" and "search" not in str(summary.render())
        await pilot.press(*"!!!")
        await wait_for(pilot, lambda: "no word to search for in “!!!”" in str(summary.render()))
        assert screen.post_filter.query == "" and len(titles(app)) == 30
        await pilot.press("enter")  # asked for as it is: still nothing to search for
        await pilot.pause()
        assert screen.post_filter.query == "" and len(titles(app)) == 30
        assert "no word to search for in “!!!”" in str(summary.render())
        assert "search:" not in str(summary.render())
        assert app.focused is not None and app.focused.id == "search"  # a word to come
        await pilot.press("ctrl+u", *"-item")  # a minus word alone only leaves posts out
        await wait_for(pilot, lambda: "“-item” only leaves out" in str(summary.render()))
        assert screen.post_filter.query == "" and len(titles(app)) == 30
        await pilot.press("ctrl+u", *" !!!")
        await pilot.press(*" 12", "enter")
        await wait_for(pilot, lambda: screen.post_filter.query == " !!! 12")
        assert titles(app) == ["Village news item 12"]


async def test_the_post_in_the_pane_is_marked_once_the_typing_stops(data_dir: Path) -> None:
    """The list's first result is the post the pane shows already: its marks are drawn
    when the keys stop, not at every key (a long post took a tenth of a second a key)."""
    app = RecordingApp(archive_of(make_posts(30), data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: reader.post is not None)
        assert reader.post is not None and reader.post.summary.title == "Village news item 30"
        await pilot.press("slash", *"item 30")
        await wait_for(pilot, lambda: app.screen.post_filter.query == "item 30")
        assert titles(app) == ["Village news item 30"]
        await wait_for(pilot, lambda: set(_marked_words(reader)) == {"item", "30"})
        assert app.focused is not None and app.focused.id == "search"  # still typing


async def test_a_resize_keeps_the_match_the_resident_is_at(data_dir: Path) -> None:
    posts = make_posts(3)
    long = "; the council heard from residents of every street in the village at length"
    posts[2].html = _paragraphs(200, {60, 120, 160, 190}, "allotments").replace(
        ".</p>", f"{long}.</p>"
    )
    app = RecordingApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("slash", *"allotments", "enter")
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: "match 1 of 4" in reader.position)
        await pilot.press("n", "n")
        await wait_for(pilot, lambda: "match 3 of 4" in reader.position)
        await pilot.resize_terminal(70, 24)  # the lines wrap again: every match moves down
        await wait_for(pilot, lambda: reader.size.width < 70)
        await pilot.pause()
        assert "match 3 of 4" in reader.position
        assert any("allotments" in line for line in _visible(reader))
        assert any("Paragraph 160 " in line for line in _visible(reader))
        await pilot.press("n")
        await wait_for(pilot, lambda: "match 4 of 4" in reader.position)


async def test_search_replaces_the_list_and_escape_clears(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"item 17", "enter")
        await wait_for(pilot, lambda: app.screen.post_filter.query == "item 17")
        assert titles(app)[0] == "Village news item 17"
        assert app.screen.post_filter.query == "item 17"
        await pilot.press("escape")
        await pilot.pause()
        assert len(titles(app)) == 25 and app.screen.query_one("#search", Input).value == ""


async def test_a_search_that_finds_nothing_says_so_with_the_words_typed(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"[bold]zzqx", "enter")
        await wait_for(pilot, lambda: "Nothing in the archive" in reader_text(app))
        assert titles(app) == [] and "matches “[bold]zzqx”." in reader_text(app)
        await pilot.press("escape", "S")
        await wait_for(pilot, lambda: "No starred posts yet." in reader_text(app))


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "AND OR", "(((", "title:"])
async def test_search_box_accepts_fts_syntax(settings: Settings, query: str) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *query, "enter")
        await wait_for(pilot, lambda: app.screen.post_filter.query == query)
        assert app.is_running
        assert app.screen.post_filter == PostFilter(query=query)


async def test_escape_clears_words_typed_but_not_yet_searched(data_dir: Path) -> None:
    """Found in tmux: in the full-screen post, Tab went to the search box and "m" was
    typed; Esc left full-screen, and a second Esc left "m" in the box and "keep typing
    to search “m”" over the whole list, as no search had begun."""
    app = EyeApp(archive_of(make_posts(30), data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        screen = app.screen
        summary = screen.query_one("#filter-summary", Static)
        search = screen.query_one("#search", Input)
        await pilot.press("enter", "f", "tab", "m")
        await wait_for(pilot, lambda: "keep typing to search “m”" in str(summary.render()))
        assert search.value == "m" and screen.post_filter.query == ""
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: search.value == "")
        assert "keep typing" not in str(summary.render())
        assert app.focused is screen.query_one(PostList)


async def test_down_in_the_search_box_goes_into_the_results_and_up_back(settings: Settings) -> None:
    """Found in tmux: Down in the search box scrolled the post instead, as the tag
    filter's Down goes into its tags."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("slash", *"village")
        await wait_for(pilot, lambda: app.screen.post_filter.query == "village")
        posts = app.screen.query_one(PostList)
        reader = app.screen.query_one(PostReader)
        await pilot.press("down")
        await wait_for(pilot, lambda: posts.has_focus)
        assert posts.cursor == 0 and reader.scroll_offset.y == 0
        await pilot.press("down")
        assert posts.cursor == 1
        assert app.screen.query_one("#search", Input).value == "village"  # the search stays
        await pilot.press("k", "k")  # k at the top stays: a vi user's k must never type
        assert posts.has_focus and posts.cursor == 0
        await pilot.press("up")  # the arrow goes back up into the box, as Down came down
        search = app.screen.query_one("#search", Input)
        await wait_for(pilot, lambda: search.has_focus)
        await pilot.press(*" hall")  # on with the words, not over them
        assert search.value == "village hall"
        await pilot.press("escape")  # the search cleared: Up at the top stays in the list
        await wait_for(pilot, lambda: not app.screen.post_filter.query)
        posts.focus()
        await pilot.press("g", "up")
        assert posts.has_focus and posts.cursor == 0
