"""The reader driven with Pilot: feed text and server text are shown as written, never
read as markup or terminal codes, and an archive error ends the reader with one line."""

import asyncio
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from textual.widgets._header import HeaderTitle

from eye_tui.config import Settings
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.post_list import PostList
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    palette_choice,
    reader_text,
    started,
    titles,
    wait_for,
)
from tests.site import WordPressSite, answer, make_posts

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


def test_untrusted_text_helper_never_parses_markup() -> None:
    from eye_tui.ui.safe import label, plain

    assert plain("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert label("[@click=app.quit]q[/]\x1b[31m").plain == "[@click=app.quit]q[/][31m"
    assert not plain("[red]x").spans


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
