"""The links view (`u`) and following links: every link reachable, this site's posts
opened in the reader offline, anything else to a browser or the clipboard."""

from dataclasses import replace
from pathlib import Path

from textual.widgets import OptionList

from eye_tui.config import Settings
from eye_tui.ui.app import EyeApp
from eye_tui.ui.screens.links import LinksScreen
from eye_tui.ui.screens.main import MainScreen
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from tests.hostile import MARKUP
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    reader_text,
    started,
    wait_for,
)
from tests.site import WordPressSite, make_posts


def _rows(app: RecordingApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_links_view_lists_every_link_and_reaches_link_twelve(
    data_dir: Path, browser: Path
) -> None:
    posts = make_posts(1)
    posts[0].html = (
        "<p>"
        + " ".join(f'<a href="https://example.org/page-{n}/">page {n}</a>' for n in range(1, 10))
        + ' <a href="/wp-content/uploads/2024/03/minutes.pdf">March minutes</a>'
        ' <a href="mailto:editor@enderbyeye.co.uk">write to us</a>'
        ' <a href="https://www.blaby.gov.uk/bins/">bin days</a></p>'
    )
    with WordPressSite(posts) as site:
        app = RecordingApp(filled(Settings(feed_url=site.url, data_dir=data_dir)))
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot, app)
            await pilot.press("u")
            await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
            rows = _rows(app)
            assert len(rows) == 12
            assert rows[9].split()[:3] == ["10", "PDF", "127.0.0.1"]
            assert rows[10].split()[:3] == ["11", "email", "enderbyeye.co.uk"]
            assert "March minutes" in rows[9] and "bin days" in rows[11]
            await pilot.press("1", "2")  # two digits: link 12, not link 1 then link 2
            assert app.screen.query_one(OptionList).highlighted == 11
            await pilot.press("enter")
            await wait_for(pilot, lambda: browser.read_text())
            assert isinstance(app.screen, MainScreen)
    assert browser.read_text().split() == ["https://www.blaby.gov.uk/bins/"]


async def test_a_link_to_another_post_opens_it_here_offline_and_backspace_returns(
    data_dir: Path, browser: Path
) -> None:
    posts = make_posts(3)
    with WordPressSite(posts) as site:
        # Spelt as WordPress writers do: https, no trailing slash, a #fragment.
        target = posts[2].link(site.base).replace("http://", "https://").rstrip("/")
        posts[0].html = f'<p>As <a href="{target}#more">we said before</a>, the fete.</p>'
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir))
    # The site is gone: the archive alone must open the post.
    app = RecordingApp(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "u")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        assert _rows(app)[0].split()[:2] == ["1", "post"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: posts[2].title in reader_text(app))
        reader = app.screen.query_one(PostReader)
        assert reader.post is not None and reader.post.summary.title == posts[2].title
        await pilot.press("backspace")
        await wait_for(pilot, lambda: "we said before" in reader_text(app))
        await pilot.press("1")  # the digit key follows the same way
        await wait_for(pilot, lambda: posts[2].title in reader_text(app))
    assert browser.read_text() == ""  # nothing went to a browser


async def test_y_copies_a_link_and_blocked_links_are_never_opened(
    data_dir: Path, browser: Path
) -> None:
    posts = make_posts(1)
    # Bodies are stored as the site wrote them: javascript:, file: and ftp: links reach
    # the reader, and must stop here.
    posts[0].html = (
        '<p><a href="javascript:alert(1)">run me</a> <a href="file:///etc/passwd">file</a> '
        '<a href="ftp://example.org/f">ftp</a> <a href="https://example.org/x">x</a></p>'
    )
    with WordPressSite(posts) as site:
        app = RecordingApp(filled(Settings(feed_url=site.url, data_dir=data_dir)))
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            await pilot.press("u")
            await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
            rows = _rows(app)
            assert [row.split()[:3] for row in rows] == [
                ["1", "not", "opened"],
                ["2", "not", "opened"],
                ["3", "not", "opened"],
                ["4", "web", "page"],
            ]
            await pilot.press("enter")
            await wait_for(pilot, lambda: any("Not opened" in n.message for n in app.notices))
            await pilot.press("2")  # the digit key refuses it the same way
            await wait_for(
                pilot, lambda: len([n for n in app.notices if "Not opened" in n.message]) == 2
            )
            await pilot.press("u", "4", "y")
            await wait_for(pilot, lambda: app.clipboard == "https://example.org/x")
            assert any(n.message == "Copied https://example.org/x" for n in app.notices)
    assert browser.read_text() == ""


async def test_link_words_from_a_feed_are_shown_literally_in_the_links_view(
    data_dir: Path,
) -> None:
    posts = make_posts(1)
    posts[0].html = (
        "<p>"
        + " ".join(f'<a href="https://example.org/{n}">{word}</a>' for n, word in enumerate(MARKUP))
        + "</p>"
    )
    posts[0].title = "[bold red]Hostile[/] title"
    with WordPressSite(posts) as site:
        app = RecordingApp(filled(Settings(feed_url=site.url, data_dir=data_dir)))
        async with app.run_test(size=(120, 40)) as pilot:
            await started(pilot, app)
            await pilot.press("u")
            await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
            rows = _rows(app)
            for row, word in zip(rows, MARKUP, strict=True):
                assert row.rstrip().endswith(word), row
            heading = str(app.screen.query_one("#links-title").render())
            assert "[bold red]Hostile[/] title" in heading
            assert isinstance(app.screen, LinksScreen)  # "[@click=app.quit]" quit nothing


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


async def test_o_on_a_post_with_no_web_address_says_so(data_dir: Path, tmp_path: Path) -> None:
    feed = tmp_path / "notices.atom"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Notices</title>'
        "<entry><id>tag:blaby.example.org,2026:3</id><title>Bins on Monday</title>"
        "<updated>2026-11-30T10:00:00Z</updated><content>Collected as usual.</content></entry>"
        "</feed>"
    )
    app = RecordingApp(filled(Settings(feed_url=str(feed), data_dir=data_dir)))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("o", "y")
        await wait_for(pilot, lambda: len(app.notices) == 2)
    assert [n.message for n in app.notices] == [
        "This post has no web address to open.",
        "This post has no web address to copy.",
    ]
    assert app.clipboard == ""


async def test_y_copies_the_posts_own_address(settings: Settings) -> None:
    """To pass a post on (a message, a neighbour's group), its address is one key away;
    the links view (u) holds only the links inside it."""
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("j", "y")
        await wait_for(pilot, lambda: app.notices)
        post = app.screen.query_one(PostList).current
        assert post is not None and post.title == "Village news item 24"
        assert app.clipboard == post.link and post.link.endswith("/post-24/")
        assert [n.message for n in app.notices] == [f"Copied {post.link}"]
