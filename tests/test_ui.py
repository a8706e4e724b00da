"""The reader driven with Pilot: filters, search, reading, marking, refresh, links, safety."""

import asyncio
import gc
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import PostFilter
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from eye_tui.ui.screens.help import HelpScreen
from eye_tui.ui.widgets.filter_bar import FilterChip
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    long_html,
    reader_text,
    started,
    titles,
    wait_for,
)
from tests.site import SitePost, WordPressSite, answer, make_posts


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


async def test_the_archive_pane_shows_its_cursor_and_keeps_it(data_dir: Path) -> None:
    posts = make_posts(40)  # 40 days from 6 Jan 2015: January and February
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        tree = app.screen.query_one(ArchivePane)
        await pilot.press("a")  # the cursor is seen at once: on the newest month
        await wait_for(pilot, lambda: tree.cursor_node is not None)
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


async def test_open_scroll_and_read_state_persist_across_restarts(data_dir: Path) -> None:
    long_html = "".join(f"<p>Paragraph {n} of a long council report.</p>" for n in range(300))
    posts = make_posts(3)
    posts[0].html = long_html
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Paragraph 299" in reader_text(app))
        reader = app.screen.query_one(PostReader)
        assert reader.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_y > 10
        await pilot.press("down", "s")  # star the second post
        await pilot.pause()
    with Archive(archive_path(data_dir)) as archive:
        newest, second, _ = archive.list_posts()
        assert newest.read and not second.read and second.starred
    # Reopened, the reader remembers the selected post and keeps the states.
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)
        assert post_list.current is not None and post_list.current.key == second.key
        assert post_list.current.starred
        await pilot.press("m")
        await pilot.pause()
    with Archive(archive_path(data_dir)) as archive:
        assert archive.get_post(second.key).summary.read  # type: ignore[union-attr]


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


async def test_background_refresh_brings_new_posts(site: WordPressSite, settings: Settings) -> None:
    settings = filled(settings, offline=False)
    site.posts.insert(
        0,
        SitePost(
            99,
            "Enderby carnival is back",
            "<p>Floats!</p>",
            ["Enderby"],
            site.posts[0].published + timedelta(days=1),
        ),
    )
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        # The list paints from the archive before the refresh has finished.
        assert titles(app)[0] == "Village news item 25"
        await wait_for(pilot, lambda: titles(app)[0] == "Enderby carnival is back")
        await wait_for(pilot, lambda: not app.screen.refreshing)
        assert any("1 new" in n.message for n in app.notices)


async def test_failed_refresh_notifies_and_keeps_the_list(
    site: WordPressSite, settings: Settings
) -> None:
    settings = filled(settings, offline=False)

    def broken(handler: BaseHTTPRequestHandler) -> bool:
        handler.send_response(500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True

    site.fault = broken
    app = RecordingApp(replace(settings, retries=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing and app.notices)
        note = app.notices[0]
        assert note.title == "Refresh failed" and note.severity == "error"
        assert "HTTP 500" in note.message and "Last good refresh" in note.message
        assert len(titles(app)) == 25
        assert "Refresh failed" in str(app.screen.query_one("#status", Static).render())


async def test_a_notice_of_the_refresh_keeps_its_words_as_written(
    site: WordPressSite, settings: Settings
) -> None:
    def history_not_posts(handler: BaseHTTPRequestHandler) -> bool:
        """The API works for the news; its history's first page is not posts."""
        if "orderby=id" not in handler.path:
            return False
        return answer(handler, 200, b'{"code": "odd"}', {"Content-Type": "application/json"})

    site.rest, site.fault = "on", history_not_posts
    app = RecordingApp(replace(settings, offline=False))  # a first fetch, then the history
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any("instead" in n.message for n in app.notices))
        said = [n.message for n in app.notices if "instead" in n.message]
    assert said == [
        "The site's API sent something other than a list of posts: reading its feed instead."
    ]


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


async def test_only_web_and_mail_links_reach_the_browser(data_dir: Path, browser: Path) -> None:
    posts = make_posts(1)
    posts[0].html = (
        '<p><a href="https://www.blaby.gov.uk/">Council</a> '
        '<a href="javascript:alert(1)">script</a> '
        '<a href="file:///etc/passwd">file</a> '
        '<a href="mailto:editor@example.org">mail</a> '
        '<a href="/local/">relative</a></p>'
    )
    with WordPressSite(posts) as site:
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir))
        app = EyeApp(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            links = app.screen.query_one(PostReader).links
            for number in range(1, len(links) + 1):
                await pilot.press(str(number))
            await pilot.press("o")
            # The browser is a separate process: wait until it has logged all five.
            await wait_for(pilot, lambda: len(browser.read_text().split()) >= 4)
        opened = browser.read_text().split()
    assert "https://www.blaby.gov.uk/" in opened
    assert "mailto:editor@example.org" in opened
    assert f"{site.base}/local/" in opened  # relative links resolve against the post
    assert posts[0].link(site.base) in opened  # `o` opens the post itself
    assert not [url for url in opened if url.startswith(("javascript", "file", "data"))]


HOSTILE_TITLES = [
    "[bold red]x[/]",
    "[@click=app.quit]y[/]",
    "[link=file:///etc/passwd]z[/]",
    "esc \x1b[2J\x1b]8;;http://evil\x07w\x1b]8;;\x07 \x9b31m csi",
    "osc52 \x1b]52;c;ZXZpbA==\x07 bel\x07 nul\x00 end",
]


async def test_feed_markup_and_escapes_are_shown_as_text(data_dir: Path) -> None:
    posts = make_posts(len(HOSTILE_TITLES))
    for post, title in zip(posts, HOSTILE_TITLES, strict=True):
        post.title = title
        post.tags = [title[:20], "Leicestershire"]
        post.html = f"<p>{title}</p>"
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = titles(app)
        assert shown[0] == "[bold red]x[/]" and shown[1] == "[@click=app.quit]y[/]"
        for index in range(len(shown)):
            app.screen.query_one(PostList).cursor = index
            await pilot.press("enter")
            await pilot.pause()
            text = reader_text(app)
            assert shown[index] in text  # the title, literally, in the reading pane
            assert not any(c in text for c in "\x1b\x9b\x07\x00")
        assert app.is_running  # [@click=app.quit] did not quit
        assert shown[2] == "[link=file:///etc/passwd]z[/]"
        assert shown[3].startswith("esc [2J]8;;http://evil")  # escapes lost their ESC
        await pilot.press("t")
        await pilot.pause()
        svg = app.export_screenshot()
        assert "[bold&#160;red]x[/]" in svg or "[bold red]x[/]" in svg
        assert "\x1b" not in svg and "\x9b" not in svg and "\x07" not in svg


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


async def test_comments_key_fetches_and_shows_comments(
    site: WordPressSite, settings: Settings
) -> None:
    site.posts[0].html = "".join(f"<p>Paragraph {n} of the report.</p>" for n in range(120))
    site.posts[0].comments = [
        ("Mary", "<p>Lovely news, thank you.</p>"),
        ("Dev", "<p>When is the next meeting?</p>"),
    ]
    app = RecordingApp(filled(settings, offline=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        await pilot.press("enter", "c")
        await wait_for(pilot, lambda: "Lovely news" in reader_text(app))
        assert "Comments (2)" in reader_text(app) and "Mary" in reader_text(app)
        assert any(n.message == "2 comments." for n in app.notices)
        reader = app.screen.query_one(PostReader)
        # The pane jumped to them: the heading is on screen, the long post above it.
        await wait_for(pilot, lambda: reader.scroll_offset.y > 100)
        top = reader.scroll_offset.y
        visible = reader_text(app).splitlines()[top : top + reader.size.height]
        assert any(line.strip() == "Comments (2)" for line in visible)


def test_untrusted_text_helper_never_parses_markup() -> None:
    from eye_tui.ui.safe import label, plain

    assert plain("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert label("[@click=app.quit]q[/]\x1b[31m").plain == "[@click=app.quit]q[/][31m"
    assert not plain("[red]x").spans


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "AND OR", "(((", "title:"])
async def test_search_box_accepts_fts_syntax(settings: Settings, query: str) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *query, "enter")
        await wait_for(pilot, lambda: app.screen.post_filter.query == query)
        assert app.is_running
        assert app.screen.post_filter == PostFilter(query=query)


async def test_leaving_the_full_screen_post_keeps_keys_out_of_the_search_box(
    settings: Settings,
) -> None:
    # Found in tmux: after f and Esc, focus had fallen to the search box and "b" was typed.
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "f")
        await pilot.pause()
        assert app.focused is app.screen.query_one(PostReader)
        await pilot.press("escape", "j")
        await pilot.pause()
        assert app.focused is app.screen.query_one(PostList)
        assert app.screen.query_one("#search", Input).value == ""
        assert app.screen.query_one(PostList).cursor == 1


def test_pictures_keep_their_placeholder_brackets() -> None:
    from rich.console import Console
    from rich.style import Style

    from eye_tui.render import render_body
    from eye_tui.ui.post_layout import layout
    from eye_tui.ui.post_lines import Theme, body_blocks

    body = render_body('<p><img src="/bp.jpg" alt="bp">Text</p>', "http://x/post/")
    blocks = body_blocks(body, Theme(*([Style()] * 9)))
    lines = [line.plain for line in layout(blocks, Console(), 80)]
    assert "[Image 1: bp][1]" in lines


async def test_markup_in_a_server_address_is_shown_literally_in_notifications(
    site: WordPressSite, settings: Settings
) -> None:
    settings = filled(settings, offline=False)

    def redirect_then_login_page(handler: BaseHTTPRequestHandler) -> bool:
        if "click" not in handler.path:
            handler.send_response(302)
            handler.send_header("Location", "/[@click=app.quit]login[/]?x=[bold]y")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return True
        return answer(handler, 200, b"<html><body>Log in to the Wi-Fi</body></html>")

    site.fault = redirect_then_login_page
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing and app.notices)
        note = app.notices[0]
        assert "[@click=app.quit]login[/]" in note.message and note.markup is False
        await pilot.pause()
        assert app.is_running and len(titles(app)) == 25


def palette_choice(app: EyeApp) -> str:
    """The command the open palette would run on Enter ('' while it is still searching)."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found or found.first().highlighted is None:
        return ""
    options = found.first()
    option = options.get_option_at_index(options.highlighted)  # type: ignore[arg-type]
    return str(option.prompt).lstrip()


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


async def test_a_burst_of_keys_is_taken_in_order(settings: Settings) -> None:
    # Keys that arrive together (a slow SSH link, a fast typist while the reader starts)
    # used to be routed before "/" had opened the search box: "S" ran "starred only".
    from textual import events

    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        for key, character in [("slash", "/"), *[(c, c) for c in "item 17"], ("enter", "\r")]:
            app.post_message(events.Key(key, character).set_sender(app))
        await wait_for(pilot, lambda: app.screen.post_filter.query == "item 17")
        assert not app.screen.post_filter.starred
        assert titles(app)[0] == "Village news item 17"


async def test_tag_names_are_never_markup_in_the_command_palette(data_dir: Path) -> None:
    from textual.command import CommandList

    hostile = ("[/]", "[@click=app.quit]x[/]", "[bold red]Police[/]")
    settings = archive_of(make_posts(6, tags=hostile), data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+p")  # the opening list shows tags: "[/]" used to crash here
        await wait_for(pilot, lambda: app.screen.query(CommandList))
        options = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: options.option_count > 0)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Tag: [/] (" in text for text in shown), shown
        assert any("Tag: [bold red]Police[/] (" in text for text in shown), shown
        await pilot.press(*"Tag: [@click")  # highlighting the match must not parse it either
        await wait_for(pilot, lambda: palette_choice(app).startswith("Tag: [@click=app.quit]x[/]"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.post_filter.tags)
        assert app.is_running and len(app.screen.post_filter.tags) == 1


async def test_page_down_in_the_list_scrolls_the_post_not_the_list(data_dir: Path) -> None:
    posts = make_posts(60)
    posts[0].html = long_html(200, "the parish report")
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Paragraph 199" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        assert app.focused is post_list
        await pilot.press("pagedown")
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: reader.scroll_offset.y > 10)
        assert post_list.scroll_offset.y == 0 and post_list.cursor == 0


async def test_home_end_and_lines_move_the_post_at_once_not_gliding(data_dir: Path) -> None:
    """As Space does: an animated scroll redraws the pane for a second (each frame sent
    over ssh), and a capture part-way through showed End at 85%."""
    posts = make_posts(3)
    posts[0].html = long_html(200, "the parish report")
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Paragraph 199" in reader_text(app))
        reader = app.screen.query_one(PostReader)
        reader.focus()
        end = reader.max_scroll_y
        # Sent as the terminal sends them (Pilot's own press would wait for a glide to
        # end): the first move seen is the whole move.
        for key, where in (("end", end), ("k", end - 1), ("home", 0), ("j", 1), ("G", end)):
            before = reader.scroll_y
            app.simulate_key(key)
            await wait_for(pilot, lambda: reader.scroll_y != before)  # noqa: B023 - awaited here
            assert reader.scroll_y == where, key


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


async def test_the_remembered_post_is_in_view_on_restart_and_after_a_resize(
    data_dir: Path,
) -> None:
    settings = archive_of(make_posts(150), data_dir)
    with Archive(archive_path(data_dir)) as archive:
        far_down = archive.list_posts(limit=120)[-1]
        archive.save_ui_state({"post": far_down.key})
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)

        def cursor_in_view() -> bool:
            top = post_list.scroll_offset.y
            return top <= post_list.cursor < top + post_list.scrollable_content_region.height

        assert post_list.current is not None and post_list.current.key == far_down.key
        await wait_for(pilot, cursor_in_view)
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, cursor_in_view)
        await pilot.press("down")
        assert post_list.cursor == 120  # the first down moves one row, not far away


async def test_starring_updates_the_starred_count(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: "1 starred" in str(app.screen.query_one("#status").render()))


async def test_with_no_browser_the_reader_says_so_and_copies_the_link(data_dir: Path) -> None:
    settings = archive_of(make_posts(3), data_dir)
    app = RecordingApp(replace(settings, browser="/nonexistent/browser %s"))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("o")
        await wait_for(pilot, lambda: app.notices)
        link = app.screen.query_one(PostList).current.link  # type: ignore[union-attr]
        assert "No web browser could open it" in app.notices[-1].message
        assert not any(n.message.startswith("Opened") for n in app.notices)
        assert app.clipboard == link


@pytest.fixture
def london_clock(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_post_times_are_local_with_their_zone(data_dir: Path, london_clock: None) -> None:
    from datetime import UTC, datetime

    posts = make_posts(2)
    posts[0].published = datetime(2015, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 BST, 1 July
    posts[1].published = datetime(2015, 1, 5, 9, 0, tzinfo=UTC)  # winter: GMT
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Village news item 2" in reader_text(app))
        assert "Wednesday 1 July 2015, 00:30 BST" in reader_text(app)
        first_row = app.screen.query_one(PostList).render_line(0).text
        assert "01 Jul 2015" in first_row
        await pilot.press("down")
        await wait_for(pilot, lambda: "Monday 5 January 2015, 09:00 GMT" in reader_text(app))


async def test_space_at_the_end_of_a_post_opens_the_next_unread(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")  # item 25: short, already at its end
        await wait_for(pilot, lambda: "Story number 25" in reader_text(app))
        await pilot.press("space")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        assert app.screen.query_one(PostList).cursor == 1


async def test_a_post_read_to_its_end_with_space_is_read(settings: Settings) -> None:
    """Only shown (the list's cursor on it), not opened: paging through it to its end
    and on is reading it all the same."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Story number 25" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        first = post_list.current
        assert first is not None and not app.screen.archive.get_post(first.key).summary.read  # type: ignore[union-attr]
        await pilot.press("space")  # short: already at its end
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        assert app.screen.archive.get_post(first.key).summary.read  # type: ignore[union-attr]
        assert post_list.row(0).read  # type: ignore[union-attr]  # its dot gone too
        await wait_for(pilot, lambda: "23 unread" in str(app.screen.query_one("#status").render()))


async def test_a_post_marked_unread_by_hand_stays_unread_when_read_on(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "m")  # opened (read), then kept for later
        post_list = app.screen.query_one(PostList)
        kept = post_list.current
        assert kept is not None and not app.screen.archive.get_post(kept.key).summary.read  # type: ignore[union-attr]
        await pilot.press("space")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        assert not app.screen.archive.get_post(kept.key).summary.read  # type: ignore[union-attr]
        assert post_list.row(1).read  # type: ignore[union-attr]  # the next one opened: read
        # Shown again later and read to its end: read this time.
        await pilot.press("k")
        await wait_for(pilot, lambda: "Story number 25" in reader_text(app))
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen.archive.get_post(kept.key).summary.read)  # type: ignore[union-attr]


async def test_j_k_move_between_posts_and_g_jumps_in_the_list(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("J", "J")
        await wait_for(pilot, lambda: "Story number 23" in reader_text(app))
        await pilot.press("K")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        await pilot.press("G")
        assert post_list.cursor == post_list.total - 1
        await pilot.press("g")
        assert post_list.cursor == 0


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


async def test_layout_and_the_place_in_the_post_are_remembered(data_dir: Path) -> None:
    posts = make_posts(3)
    posts[1].html = long_html(200)
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("down", "enter", "b", "f")
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: "Paragraph 199" in reader_text(app))
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: reader.scroll_offset.y > 40)
        place = reader.scroll_offset.y
        await pilot.press("q")
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        assert app.screen.has_class("-no-sidebar") and app.screen.has_class("-full-reader")
        reader = app.screen.query_one(PostReader)
        assert app.focused is reader
        await wait_for(pilot, lambda: reader.scroll_offset.y == place)


async def test_the_place_in_the_post_is_shown(data_dir: Path) -> None:
    posts = make_posts(2)
    posts[1].html = long_html(100)
    settings = archive_of(posts, data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)
        await wait_for(pilot, lambda: post_list.border_subtitle == "")  # a short post fits
        await pilot.press("down", "enter", "tab")  # the long one
        await wait_for(pilot, lambda: post_list.border_subtitle == " Top ")
        await pilot.press("space")
        await wait_for(pilot, lambda: str(post_list.border_subtitle).strip().endswith("%"))
        await pilot.press("end")
        await wait_for(pilot, lambda: post_list.border_subtitle == " End ")
        await pilot.press("f")
        reader = app.screen.query_one(PostReader)
        assert reader.border_title == " End "


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
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        app.screen.set_filter(tags=("police",))
        await pilot.pause()
        shown = len(titles(app))
        await pilot.press("A")
        await wait_for(pilot, lambda: app.notices)
        assert app.notices[-1].message == f"Marked {shown} posts read. Press z to undo."
        assert f"{25 - shown} unread" in str(app.screen.query_one("#status").render())
        await pilot.press("z")
        await wait_for(pilot, lambda: "25 unread" in str(app.screen.query_one("#status").render()))


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


async def test_the_header_names_the_site_as_its_feed_does(data_dir: Path) -> None:
    """Another site's feed read under "Enderby EYE" looked like the wrong site; the name
    is the feed's own text: shown as written, never as markup."""
    with WordPressSite(make_posts(3)) as site:
        site.title = "[bold]Blaby[/bold] news \u202e"
        app = EyeApp(Settings(feed_url=site.url, data_dir=data_dir))
        async with app.run_test(size=(100, 30)) as pilot:
            assert app.title == "Enderby EYE"  # until the feed has said
            await wait_for(pilot, lambda: app.title == "[bold]Blaby[/bold] news")
            header = app.screen.query_one(HeaderTitle)
            await wait_for(pilot, lambda: "Blaby" in str(header.render()))
            assert (
                str(header.render()) == "[bold]Blaby[/bold] news — community news, online and off"
            )
        # The next start names it at once, offline.
        again = EyeApp(Settings(feed_url=site.url, data_dir=data_dir, offline=True))
        async with again.run_test(size=(100, 30)) as pilot:
            await started(pilot, again)
            assert again.title == "[bold]Blaby[/bold] news"


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


async def test_an_archive_error_mid_session_ends_the_reader_with_one_line(
    settings: Settings,
) -> None:
    """The archive gone from under the reader (here its connection closed) is our own
    error: the reader ends and says it in one line, with no traceback."""
    from eye_tui.errors import ArchiveError

    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        app.archive._db.close()
        # "m" marks the post read: a write to the archive (run as a key is, in the app's
        # loop; Pilot's own press would wait on a screen that is closing).
        app.call_later(app.screen.run_action, "toggle_read")
        for _ in range(500):
            if app.failure is not None:
                break
            await asyncio.sleep(0.01)
    assert isinstance(app.failure, ArchiveError)
    assert "\n" not in str(app.failure) and "closed" in str(app.failure)
    assert app.return_code == 1


async def test_a_resize_keeps_the_text_the_resident_was_reading(data_dir: Path) -> None:
    """Lines wrap again on a resize; the pane stays at the same words, not the same
    line number (which, narrower, is a paragraph earlier)."""
    posts = make_posts(2)
    tail = "; the council heard from residents of every street in the village at length" * 2
    posts[0].html = "".join(f"<p>Paragraph {n} of the parish report{tail}.</p>" for n in range(200))
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: "Paragraph 199 " in reader_text(app))
        line = next(
            n for n, text in enumerate(reader_text(app).splitlines()) if "Paragraph 120 " in text
        )
        reader.scroll_to(y=line, animate=False)
        await pilot.pause()
        width = reader.size.width
        await pilot.resize_terminal(50, 24)
        await wait_for(pilot, lambda: reader.size.width < width)
        await pilot.pause()
        top = reader.scroll_offset.y
        shown = reader_text(app).splitlines()[top : top + reader.scrollable_content_region.height]
        assert "Paragraph 120 " in shown[0], shown[:3]
