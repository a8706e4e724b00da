"""The reader driven with Pilot: the first screen, the list and its filters, marking."""

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.filter_bar import FilterChip
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    reader_text,
    started,
    titles,
    wait_for,
)
from tests.site import WordPressSite, make_posts


async def test_first_screen_lists_posts_newest_first(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert titles(app)[:3] == [f"Village news item {n}" for n in (25, 24, 23)]
        assert "25 posts" in str(app.screen.query_one("#filter-summary", Static).render())
        status = str(app.screen.query_one("#status", Static).render())
        assert "25 unread" in status and "offline" in status


async def test_choosing_tags_narrows_the_list_with_and(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("t")
        await pilot.press(*"poli", "enter")  # one Enter chooses the first match, "Police"
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("police",))
        assert titles(app) and all(
            "Police" in app.screen.query_one(PostList).row(i).tags for i in range(len(titles(app)))
        )
        police_count = len(titles(app))
        options = app.screen.query_one("#tag-options", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("✓ Police")
        # A second tag combines with AND: no post is both Police and Enderby.
        app.screen.set_filter(tags=("police", "enderby"))
        await pilot.pause()
        assert titles(app) == []
        assert "No posts match" in reader_text(app)
        # Chips show the active filters; clicking one drops it.
        chips = list(app.screen.query(FilterChip))
        assert [c.value for c in chips] == ["police", "enderby"]
        await pilot.click(chips[1])
        await pilot.pause()
        assert len(titles(app)) == police_count
        await pilot.press("escape", "x")
        await pilot.pause()
        assert len(titles(app)) == 25


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


async def test_next_unread_skips_read_posts(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        app.archive.set_read(app.screen.query_one(PostList).row(1).key)  # type: ignore[union-attr]
        app.screen.apply_filter()
        await pilot.press("enter", "n")
        await pilot.pause()
        assert app.screen.query_one(PostList).cursor == 2
        assert "item 23" in reader_text(app)
        await pilot.press("U")  # unread only
        await pilot.pause()
        assert len(titles(app)) == 22


async def test_empty_archive_with_no_network_offers_the_sample(data_dir: Path) -> None:
    app = EyeApp(Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir, retries=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        empty = str(app.screen.query_one("#empty", Static).render())
        assert "Your archive is empty: cannot reach 127.0.0.1" in empty
        assert "Press d to open the bundled sample" in empty
        await pilot.press("d")
        await pilot.pause()
        assert "Blueprint 2020 – shaping the future of the force" in titles(app)
        assert not app.screen.has_class("-empty")


async def test_r_in_the_sample_opened_from_the_empty_archive_fetches_the_site(
    data_dir: Path,
) -> None:
    """Found in tmux: a first run with the site out of reach, the sample opened with d,
    then R once the site answered said "Offline (the sample archive): not refreshing";
    the only way to the site was to quit and start again."""
    from tests.site import answer

    with WordPressSite(make_posts(5)) as site:
        site.fault = lambda handler: answer(handler, 503)  # down for now
        app = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir, retries=0))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: not app.screen.refreshing)
            await wait_for(pilot, lambda: app.screen.has_class("-empty"))
            await pilot.press("d")
            await wait_for(pilot, lambda: "Blueprint 2020" in " ".join(titles(app)))
            site.fault = None  # the site is back
            await pilot.press("R")
            await wait_for(pilot, lambda: titles(app)[:1] == ["Village news item 5"])
            await wait_for(pilot, lambda: not app.screen.refreshing)
            assert len(titles(app)) == 5 and not app.demo
            assert app.sub_title != "sample archive"
            assert not any("not refreshing" in n.message for n in app.notices)
    # The site's posts went to the resident's own archive, not the sample's.
    with Archive(archive_path(data_dir)) as archive:
        assert archive.count_posts() == 5


async def test_the_sample_asks_nothing_of_the_network(data_dir: Path) -> None:
    """`eye-tui --demo` ("no network needed"): its comments are the ones stored, and a
    refresh does not go looking for the real site, nor does v point to i."""
    settings = Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir, retries=0)
    app = RecordingApp(settings, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Blueprint 2020" in reader_text(app))
        await pilot.press("c", "R", "v")
        await wait_for(pilot, lambda: len(app.notices) >= 3)
        said = [n.message for n in app.notices]
        assert said[0] == "Offline: 0 of 2 comments stored.", said  # only counted in the feed
        assert said[2] == (  # not "i keeps them": i cannot here
            "None of this post's pictures is kept yet: none can be fetched (the sample archive)."
        )
        assert "Fetching comments…" not in said and not app.screen.refreshing
        assert "offline" in str(app.screen.query_one("#status", Static).render())


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
    from textual.widgets import Input, OptionList

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


async def test_remembered_tag_filter_shows_the_tag_name_on_restart(settings: Settings) -> None:
    settings = filled(settings)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        app.screen.set_filter(tags=("police",))
        await pilot.pause()
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        chips = [str(chip.render()) for chip in app.screen.query(FilterChip)]
        assert chips == ["# Police ✕"]
        assert all(
            "Police" in app.screen.query_one(PostList).row(i).tags  # type: ignore[union-attr]
            for i in range(len(titles(app)))
        )


async def test_starring_updates_the_starred_count(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: "1 starred" in str(app.screen.query_one("#status").render()))


async def test_tags_by_keyboard_one_enter_chooses_and_down_reaches_the_list(
    settings: Settings,
) -> None:
    from textual.widgets import OptionList

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


async def test_clicking_a_tag_in_the_post_header_filters_by_it(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Tags: " in reader_text(app))
        reader = app.screen.query_one(PostReader)
        lines = reader_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Tags: "))
        column = lines[row].index("Leicestershire") + 2
        content = reader.content_region
        await pilot.click(
            PostReader,
            offset=(content.x - reader.region.x + column, content.y - reader.region.y + row),
        )
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("leicestershire",))


async def test_mark_all_read_for_what_the_list_shows_and_undo(settings: Settings) -> None:
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await started(pilot, app)
        app.screen.set_filter(tags=("police",))
        await pilot.pause()
        shown = len(titles(app))
        await pilot.press("A")
        await wait_for(pilot, lambda: app.notices)
        assert app.notices[-1].message == f"Marked {shown} posts read. Press z to undo."
        assert f"{25 - shown} unread" in str(app.screen.query_one("#status").render())

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await wait_for(pilot, lambda: any("Press z" in toast for toast in toasts()))
        await pilot.press("z")
        await wait_for(pilot, lambda: "25 unread" in str(app.screen.query_one("#status").render()))
        # Found in tmux: "Press z to undo" stayed up beside "… unread again" once undone.
        await wait_for(pilot, lambda: any("unread again" in toast for toast in toasts()))
        assert not any("Press z" in toast for toast in toasts())


async def test_a_notice_said_again_replaces_the_one_shown(settings: Settings) -> None:
    # Found in tmux: Space held at the end of the last unread post stacked five
    # "No other unread posts in this list." toasts over the reading pane.
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot, app)

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await pilot.press("z", "z", "z")
        await wait_for(pilot, lambda: toasts())
        await pilot.pause()
        assert toasts() == ["Nothing to undo."]
        await pilot.press("s", "s")  # two different notices both stay
        await wait_for(pilot, lambda: len(toasts()) == 3)
        assert sorted(toasts()) == ["Nothing to undo.", "Star removed.", "Starred."]


async def test_marking_a_long_list_says_so_before_the_work(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 posts marking them all takes seconds: the notice comes first."""
    from eye_tui.ui.screens import marking

    monkeypatch.setattr(marking, "SAID_FIRST_FROM", 20)  # the 25 posts stand for many
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("A")
        await wait_for(pilot, lambda: len(app.notices) >= 2)
        assert [n.message for n in app.notices[:2]] == [
            "Marking 25 posts read…",
            "Marked 25 posts read. Press z to undo.",
        ]
        await pilot.press("z")
        await wait_for(pilot, lambda: len(app.notices) >= 4)
        assert [n.message for n in app.notices[2:4]] == [
            "Marking 25 posts unread…",
            "25 posts unread again.",
        ]
        assert "25 unread" in str(app.screen.query_one("#status").render())


async def test_filter_chips_stay_inside_80_columns(data_dir: Path) -> None:
    names = tuple(
        f"Enderby and District {kind} Association"
        for kind in ("Bowls", "Allotment", "Cricket", "Heritage", "Youth")
    )
    settings = archive_of(make_posts(10, tags=names), data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        slugs = tuple(slug for slug, _ in app.screen._tag_names.items())[:5]
        app.screen.set_filter(tags=slugs, unread=True)
        await pilot.pause()
        chips = list(app.screen.query(".chip"))
        assert chips and all(chip.region.right <= 80 for chip in chips)
        assert str(chips[-1].render()).startswith("+")  # "+N more"
        assert all(len(str(chip.render())) <= 30 for chip in chips)


async def test_a_chip_too_long_for_the_row_is_cut_not_hidden(data_dir: Path) -> None:
    """At 80 columns with the sidebar shown, a search and a tag left only "+2 more": the
    search's chip did not fit whole, so neither filter could be seen or clicked away.
    The search's chip is the one cut (the box above shows the search whole)."""
    settings = archive_of(make_posts(10, tags=("Police",)), data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("t")
        assert "police" in app.screen._tag_names
        app.screen.set_filter(query="parish council meeting", tags=("police",))
        await pilot.pause()
        chips = list(app.screen.query(".chip"))
        shown = [str(chip.render()) for chip in chips]
        assert shown[0] == "# Police ✕", shown
        assert shown[1].startswith("search: pari") and shown[1].endswith("… ✕"), shown
        assert len(shown) == 2 and all(chip.region.right <= 80 for chip in chips)


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


async def test_a_tag_filter_that_matches_nothing_says_so(settings: Settings) -> None:
    """Found in tmux: "zzz" in the tag filter left an empty pane, as if the archive had
    no tags; Enter then did nothing."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("t", *"[b]zzz")
        options = app.screen.query_one("#tag-options", OptionList)
        await wait_for(pilot, lambda: options.option_count == 1)
        said = options.get_option_at_index(0)
        assert str(said.prompt) == "No tag matches “[b]zzz”" and said.disabled
        await pilot.press("enter")  # nothing chosen, and the typing kept to mend
        assert app.screen.post_filter.tags == ()
        assert app.screen.query_one("#tag-filter", Input).value == "[b]zzz"
        await pilot.press(*["backspace"] * 6, *"pol")
        await wait_for(
            pilot, lambda: str(options.get_option_at_index(0).prompt).strip().startswith("Police")
        )


async def test_an_archive_read_from_a_feed_with_no_posts_says_so(
    data_dir: Path, tmp_path: Path
) -> None:
    """Found in tmux: a feed file with no items, read without fault, left "Your archive
    is empty: no posts have been fetched yet", as though nothing had been asked."""
    feed = tmp_path / "quiet.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>Quiet [b]parish</title>"
        "<link>http://q.example/</link></channel></rss>"
    )
    app = EyeApp(Settings(feed_url=str(feed), data_dir=data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        empty = app.screen.query_one("#empty", Static)
        await wait_for(pilot, lambda: "no posts yet" in str(empty.render()))
        said = str(empty.render())
        assert "Your archive is empty: Quiet [b]parish has no posts yet." in said
        assert "or R to look again" in said and "fetched yet" not in said


async def test_counts_of_a_thousand_and_more_read_as_the_list_writes_them(
    data_dir: Path,
) -> None:
    # Found in tmux at 80x24 on a 1,200-post archive: "1,200 posts" above the list,
    # "Leicestershire  1200" beside it; now written alike, in the palette too.
    from eye_tui.model import MonthCount
    from tests.pilot import palette_choice

    app = EyeApp(archive_of(make_posts(1_005, tags=("Enderby",)), data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        options = app.screen.query_one("#tag-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "  Leicestershire  1,005" in prompts
        await pilot.resize_terminal(80, 24)
        await pilot.press("b")  # at 80 columns the name still fits, one space before its count
        await pilot.pause()
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "  Leicestershire 1,005" in prompts
        await pilot.press("b")
        await pilot.resize_terminal(120, 40)
        # A busy site's year (a thousand posts a year is three a day):
        months = app.screen.query_one(ArchivePane)
        months.set_months([MonthCount("2019-02", 1_000), MonthCount("2019-01", 2_500)])
        assert [str(node.label) for node in months.root.children] == ["2019  (3,500)"]
        assert [str(node.label) for node in months.root.children[0].children] == [
            "February  (1,000)",
            "January  (2,500)",
        ]
        await pilot.press("ctrl+p", "L", "e", "i", "c")
        await wait_for(pilot, lambda: palette_choice(app).startswith("Tag: Leicestershire (1,005)"))
