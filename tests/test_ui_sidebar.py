"""The reader's sidebar driven with Pilot: the archive's years and months, the tag list, and
how the sidebar folds away at 80 columns and comes back."""

from pathlib import Path

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from eye_tui.config import Settings
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.pilot import (
    archive_of,
    filled,
    started,
    titles,
    wait_for,
)
from tests.site import WordPressSite, make_posts


async def test_archive_month_filter(data_dir: Path) -> None:
    posts = make_posts(40)  # 40 days from 6 Jan 2015: January and February
    with WordPressSite(posts) as site:
        app = EyeApp(filled(Settings(feed_url=site.url, data_dir=data_dir)))
        async with app.run_test(size=(120, 40)) as pilot:
            await started(pilot, app)
            tree = app.screen.query_one(ArchivePane)
            year = tree.root.children[0]
            assert str(year.label) == "2015  (40)"
            february = year.children[0]
            assert str(february.label) == "February  (14)"
            await pilot.press("a")
            tree.select_node(february)
            await pilot.pause()
            assert len(titles(app)) == 14
            assert all(p.startswith("Village") for p in titles(app))
            tree.select_node(february)  # choosing it again clears the month
            await pilot.pause()
            assert len(titles(app)) == 40


async def _archive_pane(pilot: Pilot[int], app: EyeApp) -> ArchivePane:
    """The archive's months, gone to with a, once its cursor is on a row."""
    tree = app.screen.query_one(ArchivePane)
    await pilot.press("a")
    await wait_for(pilot, lambda: tree.cursor_node is not None)
    return tree


async def test_the_archive_pane_shows_its_cursor_and_keeps_it(data_dir: Path) -> None:
    posts = make_posts(40)  # 40 days from 6 Jan 2015: January and February
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        tree = await _archive_pane(pilot, app)  # the cursor is seen at once: newest month
        assert tree.has_focus and tree.cursor_node.data == "2015-02"  # type: ignore[union-attr]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert len(titles(app)) == 26 and tree.cursor_node.data == "2015-01"  # type: ignore[union-attr]
        app.screen._load_sidebar()  # as after a refresh: the months are read again
        await wait_for(pilot, lambda: tree.cursor_node is not None)
        assert tree.cursor_node.data == "2015-01"  # type: ignore[union-attr]
        # Back in the list with the cursor moved off: `a` finds the month shown.
        tree.move_cursor(None)
        app.screen.query_one(PostList).focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: tree.cursor_node is not None)
        assert tree.cursor_node.data == "2015-01"  # type: ignore[union-attr]
        # Enter on a year shows its posts and leaves its months in view.
        await pilot.press("up", "up", "enter")
        await pilot.pause()
        year = tree.root.children[0]
        assert app.screen.post_filter.month == "2015" and year.is_expanded
        assert len(titles(app)) == 40


async def test_a_year_opened_at_the_foot_of_the_pane_brings_its_months_into_view(
    data_dir: Path,
) -> None:
    """Found in tmux at 80x24: Space on the last year in view opened it below the pane's
    edge, its months out of sight until the cursor was walked down to them."""
    posts = make_posts(800)  # from 2015 into March 2017: three years
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        tree = await _archive_pane(pilot, app)
        year = tree.root.children[2]  # 2015, below 2017's months and 2016
        while tree.cursor_node is not year:
            await pilot.press("down")
        await pilot.press("space")
        await pilot.pause()
        top, height = tree.scroll_offset.y, tree.scrollable_content_region.height
        assert year.is_expanded and height < 13  # the year and its months cannot all fit
        assert top <= year.line < top + height  # the year stays, its months beneath it
        assert top <= year.children[height - 2].line < top + height


async def test_narrow_terminal_folds_the_sidebar(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert not app.screen.query_one("#sidebar").display
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#sidebar").display
        await pilot.press("b", "enter", "f")
        await pilot.pause()
        assert not app.screen.query_one(PostList).display
        assert app.screen.query_one(PostReader).size.height >= 18


async def test_escape_folds_the_sidebar_a_narrow_terminal_opened(settings: Settings) -> None:
    """At 80 columns t and a unfold the sidebar over a third of the list; Esc goes back
    to the list with the sidebar folded again, as it was."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await _t_and_a_unfold_it_and_escape_folds_it(pilot, app)


async def _t_and_a_unfold_it_and_escape_folds_it(pilot: Pilot[int], app: EyeApp) -> None:
    sidebar = app.screen.query_one("#sidebar")
    for key in ("t", "a"):
        await pilot.press(key)
        await pilot.pause()
        assert sidebar.display and app.screen.focused is not app.screen.query_one(PostList)
        await pilot.press("escape")
        await pilot.pause()
        assert not sidebar.display
        assert app.screen.focused is app.screen.query_one(PostList)


async def test_escape_folds_the_sidebar_once_focus_has_left_it(settings: Settings) -> None:
    """Found in tmux at 80x24: a choice made in the unfolded sidebar, then / to search
    and Esc to end the search: focus was back on the list, and Esc there did nothing, so
    the sidebar stayed unfolded over a third of the list until b."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        sidebar = app.screen.query_one("#sidebar")
        await pilot.press("t", "enter", "enter", "slash", "x", "escape")  # a tag, then /
        await pilot.pause()
        assert sidebar.display and app.screen.focused is app.screen.query_one(PostList)
        assert app.screen.post_filter.tags  # the tag chosen stays
        await pilot.press("escape")
        await pilot.pause()
        assert not sidebar.display and app.screen.post_filter.tags


async def test_a_month_chosen_in_the_unfolded_sidebar_is_read_at_full_width(
    settings: Settings,
) -> None:
    """Found in tmux at 80x24: a month chosen with Enter left the sidebar over a third of
    its posts and the cursor in the months; a month is one choice, made to read it (tags
    are chosen several at a time, and their pane stays)."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        sidebar = app.screen.query_one("#sidebar")
        await pilot.press("a", "enter")
        await pilot.pause()
        assert app.screen.post_filter.month is not None
        assert not sidebar.display and app.screen.focused is app.screen.query_one(PostList)


async def test_tag_words_typed_and_left_with_esc_are_gone_next_time(
    settings: Settings,
) -> None:
    """Found in tmux at 80x24: t, a few letters, Esc; the next t opened on the old
    letters and "No tag matches", the tags hidden behind them."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("t", "z", "z", "escape", "t")
        await pilot.pause()
        assert app.screen.query_one("#tag-filter", Input).value == ""
        options = app.screen.query_one("#tag-options", OptionList)
        shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert len([tag for tag in shown if tag]) == 4  # every tag, none hidden


async def test_escape_folds_a_sidebar_hidden_with_b_again_in_a_wide_terminal(
    settings: Settings,
) -> None:
    """Found in tmux at 120 columns: with the sidebar hidden by b, t showed it for the
    tags, and Esc left it shown for good. It folds again, as at 80 columns; b hides
    it whenever it is shown, and the choice to hide it is what is remembered."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        sidebar = app.screen.query_one("#sidebar")
        await pilot.press("b")
        await pilot.pause()
        assert not sidebar.display
        await _t_and_a_unfold_it_and_escape_folds_it(pilot, app)
        assert app.saved_state.get("sidebar_hidden") is True
        await pilot.press("a", "b")  # shown for the months: b hides it, and it stays hidden
        await pilot.pause()
        assert not sidebar.display and app.saved_state.get("sidebar_hidden") is True
        await pilot.press("b")  # shown for good
        await pilot.pause()
        assert sidebar.display and app.saved_state.get("sidebar_hidden") is False
        await pilot.press("a", "b")  # a on a sidebar shown for good: b still hides it
        await pilot.pause()
        assert not sidebar.display and app.saved_state.get("sidebar_hidden") is True


async def test_tag_names_fit_the_sidebar_at_either_width(data_dir: Path) -> None:
    # Found in tmux at 80x24: "Leicestershire  916" wrapped in the 26-cell sidebar.
    posts = make_posts(12, tags=("Leicestershire County Council", "Enderby"))
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("b")
        for size in ((80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            options = app.screen.query_one("#tag-options", OptionList)
            room = options.scrollable_content_region.width
            prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
            assert len(prompts) == 3
            assert all(cell_len(str(prompt)) <= room for prompt in prompts), (size, prompts)
            assert any("…" in str(prompt) for prompt in prompts)  # cut, not wrapped


async def test_tag_names_take_the_scroll_bars_room_when_no_scroll_bar_is_shown(
    data_dir: Path,
) -> None:
    # Found in tmux at 80x24: "Leicestershi…  300" with six tags and no scroll bar; the
    # name was cut to leave room for one. With many tags the bar is there, and names fit.
    few = make_posts(12, tags=("Leicester Forest", "Enderby"))
    many = make_posts(60, tags=tuple(f"Leicester Forest {n:02}" for n in range(40)))
    for posts, whole in ((few, True), (many, False)):
        app = EyeApp(archive_of(posts, data_dir / str(whole)))
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            await pilot.press("b")
            await pilot.pause()
            options = app.screen.query_one("#tag-options", OptionList)
            room = options.scrollable_content_region.width
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            assert options.show_vertical_scrollbar is not whole
            assert all(cell_len(prompt) <= room for prompt in prompts), prompts
            assert any(p.startswith("  Leicester Forest  ") for p in prompts) is whole, prompts


async def test_tags_by_keyboard_one_enter_chooses_and_down_reaches_the_list(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("t", *"pol", "enter")
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("police",))
        await pilot.press("down")
        options = app.screen.query_one("#tag-options", OptionList)
        await wait_for(pilot, lambda: app.focused is options)
        await pilot.press("down", "enter")  # the second tag: combine with the first
        await wait_for(pilot, lambda: len(app.screen.post_filter.tags) == 2)


async def test_j_and_k_move_in_the_sidebar_as_in_the_list(data_dir: Path) -> None:
    """The list and the post take j/k/g/G; the archive months and the tag list did not,
    so a resident's j there did nothing at all."""
    posts = make_posts(40)  # 40 days from 6 Jan 2015: January and February
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        tree = await _archive_pane(pilot, app)
        assert tree.cursor_node.data == "2015-02"  # type: ignore[union-attr]
        await pilot.press("j")
        assert tree.cursor_node.data == "2015-01"  # type: ignore[union-attr]
        await pilot.press("k", "k")
        assert tree.cursor_node.data == "2015"  # type: ignore[union-attr]
        await pilot.press("G")
        assert tree.cursor_node.data == "2015-01"  # type: ignore[union-attr]
        await pilot.press("g")
        assert tree.cursor_node.data == "2015"  # type: ignore[union-attr]
        await pilot.press("t", "down")  # into the tag list
        options = app.screen.query_one("#tag-options", OptionList)
        await wait_for(pilot, lambda: options.has_focus)
        first = options.highlighted
        await pilot.press("j")
        assert options.highlighted is not None and first is not None
        assert options.highlighted > first
        await pilot.press("k")
        assert options.highlighted == first
        await pilot.press("G")
        assert options.highlighted == options.option_count - 1
