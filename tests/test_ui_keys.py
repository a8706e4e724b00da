"""The reader driven with Pilot: help, footer, command palette and theme show the live
keys, and every key acts at once and in order."""

import gc
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from eye_tui.config import Settings
from eye_tui.ui.app import EyeApp
from eye_tui.ui.screens.help import HelpScreen
from eye_tui.ui.widgets.post_list import PostList
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    palette_choice,
    started,
    wait_for,
)
from tests.site import make_posts


async def test_help_lists_the_live_keys(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.key_rows)
        for key, description in [
            ("/", "Search"),
            ("R", "Refresh"),
            ("q", "Quit"),
            ("m", "Read/unread"),
            ("c", "Comments"),
            ("o", "Open in browser"),
            ("Ctrl+Z", "Suspend to the shell (fg brings it back)"),  # the app's own
            ("Ctrl+L", "Draw the screen again"),
        ]:
            assert rows.get(key) == description, (key, rows)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_theme_choice_is_remembered(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    app = EyeApp(settings if settings.offline else replace(settings, offline=True))
    async with app.run_test(size=(120, 40)):
        assert app.theme == "nord"


async def test_command_palette_jumps_to_a_tag_and_runs_commands(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        main = app.screen
        await pilot.press("ctrl+p", *"Tag: Police")
        await wait_for(pilot, lambda: palette_choice(app).startswith("Tag: Police"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: main.post_filter.tags == ("police",))
        posts = main.query_one(PostList)
        assert posts.total and all(
            "Police" in posts.row(i).tags  # type: ignore[union-attr]
            for i in range(posts.total)
        )
        await pilot.press("ctrl+p", *"Unread only")
        await wait_for(pilot, lambda: palette_choice(app).startswith("Unread only"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: main.post_filter.unread)


async def test_command_palette_finds_a_month_as_typed_and_a_whole_year(
    settings: Settings,
) -> None:
    # "2015-06" is how the command line names a month (--month); a resident who types
    # that in the palette should find the month, and the archive pane's whole year.
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        main = app.screen
        months = app.archive.month_counts()
        month = months[-1].month
        await pilot.press("ctrl+p", *month)
        await wait_for(pilot, lambda: palette_choice(app).startswith("Month: "))
        await pilot.press("enter")
        await wait_for(pilot, lambda: main.post_filter.month == month)
        year = month[:4]
        in_year = sum(m.posts for m in months if m.month.startswith(year))
        await pilot.press("ctrl+p", *year)  # the year alone: the whole year first
        await wait_for(pilot, lambda: palette_choice(app).startswith(f"Year: {year} ({in_year})"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: main.post_filter.month == year)
        assert main.query_one(PostList).total == in_year


async def test_keys_for_a_post_say_so_when_the_list_is_empty(settings: Settings) -> None:
    # Found in tmux: with "unread only" on and every post read, i said "This post has no
    # pictures." and 1 "This post has no link 1." of a post that was not there, and
    # m, s, o and c did nothing at all.
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot, app)
        await pilot.press("A", "U")
        await wait_for(pilot, lambda: app.screen.query_one(PostList).total == 0)
        for key in ["o", "1", "m", "s", "c", "i", "v", "u"]:
            app.notices.clear()
            await pilot.press(key)
            await wait_for(pilot, lambda: app.notices)
            assert [n.message for n in app.notices] == ["No post is open."], key


async def test_nothing_glides_the_help_moves_at_once_too(settings: Settings) -> None:
    """Every scroll of the reader, not only the post's, moves at once: the help's End
    glided for a second in tmux, and a capture part-way looked like End stopping short."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        box = app.screen.query_one("#help-box")
        await wait_for(pilot, lambda: box.max_scroll_y > 0)
        for key, where in (("end", box.max_scroll_y), ("home", 0)):
            before = box.scroll_y
            app.simulate_key(key)
            await wait_for(pilot, lambda: box.scroll_y != before)  # noqa: B023 - awaited here
            assert box.scroll_y == where, key
        # j, k, g, G and Space move it as they do the list (in tmux only the arrows did).
        for key, where in (("j", 1), ("G", box.max_scroll_y), ("k", box.max_scroll_y - 1)):
            await pilot.press(key)
            await wait_for(pilot, lambda: box.scroll_y == where)  # noqa: B023 - awaited here
        await pilot.press("g")
        await wait_for(pilot, lambda: box.scroll_y == 0)
        await pilot.press("space")
        await wait_for(pilot, lambda: box.scroll_y > 2)


async def test_the_palette_lists_each_command_once_and_no_widget_noise(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        titles_ = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles_) == len(set(titles_)), titles_
        assert {"Refresh", "Search", "Fetch the whole history", "Quit"} <= set(titles_)
        assert not {"Scroll Left", "Page Right", "Focus Next", "Up", "Down"} & set(titles_)
        # Found in tmux: Textual's own Screenshot said "Failed to save screenshot" (no
        # Downloads folder), and its Keys opened a panel of widget keys beside our help.
        assert {"Help", "Theme", "Full-screen post"} <= set(titles_)
        assert not {"Screenshot", "Keys", "Maximize", "Minimize"} & set(titles_)


async def test_help_at_80x24_shows_the_apps_keys_grouped_and_no_widget_noise(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        screen = app.export_screenshot()
        for shown in ("Reading", "Space", "Scroll post", "Next unread"):
            assert shown.replace(" ", "&#160;") in screen, shown
        rows = dict(app.screen.key_rows)
        assert not {"Scroll Left", "Page Left", "Focus Next"} & set(rows.values())
        assert rows["1 – 9"] == "Open link N of the post"


def test_the_readme_key_table_names_every_key_of_the_reader() -> None:
    from textual.binding import Binding

    from eye_tui.ui.screens.main import MainScreen

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `")]
    names = {"slash": "/", "question_mark": "?", "escape": "Esc"}
    for binding in MainScreen.BINDINGS:
        assert isinstance(binding, Binding)
        if binding.action.startswith("open_link"):
            key = "1"
        else:
            key = binding.key_display or names.get(
                binding.key.split(",")[0], binding.key.split(",")[0]
            )
        assert any(f"`{key}`" in line for line in table), f"README has no row for {key}"


async def test_the_footer_shows_only_keys_that_fit_whole(settings: Settings) -> None:
    """At 80 columns the footer's last key was cut mid-word ("Space Scroll po")."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)

        def shown() -> list[FooterKey]:
            return [key for key in app.screen.query(FooterKey) if key.display]

        def whole() -> bool:
            keys = shown()
            palette = next(key for key in keys if key.has_class("-command-palette"))
            return all(
                key.region.width == key.render().cell_len and key.region.right <= palette.region.x
                for key in keys
                if key is not palette
            )

        await wait_for(pilot, lambda: len(shown()) > 3 and whole())
        at_80 = [key.description for key in shown()]
        assert "Scroll post" not in at_80 and "Next unread" in at_80, at_80
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: "Scroll post" in [key.description for key in shown()])
        assert whole()
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: [key.description for key in shown()] == at_80)
        assert whole()


def _next_match_keys(app: EyeApp) -> list[FooterKey]:
    return [key for key in app.screen.query(FooterKey) if key.action.startswith("next_match")]


async def test_the_footer_frees_the_keys_it_no_longer_shows(settings: Settings) -> None:
    """The footer is built again whenever its keys change (here, as searches begin and
    end: "n" is the next match only while searching). Textual kept every key it had
    dropped (Textualize/textual#6666): a thousand objects per search typed."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(4):
            await pilot.press("slash", *"item", "enter")
            await wait_for(pilot, lambda: bool(_next_match_keys(app)))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not _next_match_keys(app))
        gc.collect()
        shown = set(map(id, app.screen.query(FooterKey)))
        dropped = [o for o in gc.get_objects() if isinstance(o, FooterKey) and id(o) not in shown]
        assert len(shown) > 5
        assert len(dropped) <= len(shown)  # the last rebuild's may still be on their way out


async def test_typing_a_search_builds_the_footer_once(settings: Settings) -> None:
    """Building the footer costs ~50 ms: it is built as a search begins, not again at
    each letter typed."""
    app = EyeApp(filled(settings))

    def footer() -> set[int]:
        return set(map(id, app.screen.query(FooterKey)))

    async def settled(pilot: Pilot[int]) -> set[int]:
        """The footer's keys once no rebuild is on its way (it is rebuilt after a refresh)."""
        keys = footer()
        for _ in range(50):
            await pilot.pause()
            await pilot.pause()
            if footer() == keys:
                return keys
            keys = footer()
        raise AssertionError("the footer kept being rebuilt")

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"item")
        await wait_for(pilot, lambda: app.screen.post_filter.query == "item")
        built = await settled(pilot)
        await pilot.press(*" 17")
        await wait_for(pilot, lambda: app.screen.post_filter.query == "item 17")
        assert built and await settled(pilot) == built


async def test_j_k_g_and_g_move_in_the_links_too(data_dir: Path) -> None:
    """In tmux the links view moved only with the arrows, though the list and the post
    both take j and k."""
    from textual.widgets import OptionList

    from eye_tui.ui.screens.links import LinksScreen

    posts = make_posts(1)
    posts[0].html = "".join(f'<p><a href="http://example.org/{n}">{n}</a></p>' for n in "abcde")
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "u")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        links = app.screen.query_one(OptionList)
        assert links.option_count > 1 and links.highlighted == 0
        await pilot.press("j")
        assert links.highlighted == 1
        await pilot.press("G")
        assert links.highlighted == links.option_count - 1
        await pilot.press("k", "g")
        assert links.highlighted == 0
