"""The reader driven with Pilot: reading a post, its comments and full screen, and
keeping the resident's place through restarts and resizes (from post to post:
test_ui_paging.py)."""

from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    long_html,
    reader_text,
    started,
    wait_for,
)
from tests.site import WordPressSite, answer, make_posts


async def comments_opened(pilot: Pilot[object], app: EyeApp, last_words: str) -> PostReader:
    """Once the first refresh is over: Enter and c on the newest post, until its
    comments (`last_words` among them) are drawn."""
    await wait_for(pilot, lambda: not app.screen.refreshing)
    await pilot.press("enter", "c")
    await wait_for(pilot, lambda: last_words in reader_text(app))
    return app.screen.query_one(PostReader)


def in_view(app: EyeApp, reader: PostReader, line: str) -> bool:
    """Is `line` among the lines the reading pane shows now?"""
    top = reader.scroll_offset.y
    visible = reader_text(app).splitlines()[top : top + reader.size.height]
    return any(each.strip() == line for each in visible)


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
        reader = await comments_opened(pilot, app, "Lovely news")
        assert "Comments (2)" in reader_text(app) and "Mary" in reader_text(app)
        assert any(n.message == "2 comments." for n in app.notices)
        # The pane jumped to them: the heading is on screen, the long post above it.
        await wait_for(pilot, lambda: reader.scroll_offset.y > 100)
        assert in_view(app, reader, "Comments (2)")


async def test_comments_of_a_short_post_are_brought_into_view(
    site: WordPressSite, settings: Settings
) -> None:
    """Found in tmux at 80x24: c on a post shorter than the pane fetched its comments
    and drew them below, but the pane stayed at the top with the comments out of view
    (the jump was clamped to the short post's old height)."""
    site.posts[0].comments = [
        ("Mary", "<p>Lovely news, thank you.</p>"),
        ("Dev", "<p>When is the next meeting?</p>"),
        ("Ann", "<p>Saturday, I think.</p>"),
        ("Bob", "<p>See you there.</p>"),
    ]
    app = RecordingApp(filled(settings, offline=False))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await comments_opened(pilot, app, "See you there")
        await wait_for(pilot, lambda: reader.scroll_offset.y > 0)
        assert in_view(app, reader, "Comments (4)")


async def test_comments_not_fetched_again_shows_the_stored_ones(
    site: WordPressSite, settings: Settings
) -> None:
    """Found in tmux with the site down: c on a post whose comments were fetched before
    said only that they were not fetched, and the pane stayed at the post's top."""
    site.posts[0].html = "".join(f"<p>Paragraph {n} of the report.</p>" for n in range(120))
    site.posts[0].comments = [("Mary", "<p>Lovely news, thank you.</p>")]
    app = RecordingApp(filled(settings, offline=False))
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await comments_opened(pilot, app, "Lovely news")
        await wait_for(pilot, lambda: reader.scroll_offset.y > 100)
        reader.scroll_home(animate=False)
        await wait_for(pilot, lambda: reader.scroll_offset.y == 0)
        site.fault = lambda handler: answer(handler, 503) if "feed/" in handler.path else False
        await pilot.press("c")
        await wait_for(pilot, lambda: any("not fetched" in n.title for n in app.notices))
        failed = next(n for n in app.notices if "not fetched" in n.title)
        assert failed.message.endswith("HTTP 503); try again later. The 1 comment stored is shown.")
        await wait_for(pilot, lambda: reader.scroll_offset.y > 100)


async def test_opening_a_post_in_the_browser_or_its_comments_reads_it(
    site: WordPressSite, settings: Settings, browser: Path
) -> None:
    """Found in tmux: o (reading it in the browser) and c (reading its comments) left
    the post the cursor had only passed over unread, so n came back to it."""
    site.posts[1].comments = [("Mary", "<p>Lovely news, thank you.</p>")]
    app = RecordingApp(filled(settings, offline=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        posts = app.screen.query_one(PostList)
        assert posts.current is not None and not posts.current.read
        await pilot.press("o")
        await wait_for(pilot, lambda: posts.current is not None and posts.current.read)
        assert browser.read_text().strip() == posts.current.link
        await pilot.press("j")
        await wait_for(pilot, lambda: posts.cursor == 1)
        assert posts.current is not None and not posts.current.read
        reader = app.screen.query_one(PostReader)
        await wait_for(pilot, lambda: reader.post and reader.post.summary.key == posts.current.key)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Lovely news" in reader_text(app))
        assert posts.current is not None and posts.current.read
        await pilot.press("m", "c")  # marked unread by hand: kept so, as Space keeps it
        await wait_for(pilot, lambda: any("comment" in n.message for n in app.notices[-1:]))
        assert posts.current is not None and not posts.current.read


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


async def test_the_full_screen_post_hides_a_sidebar_shown_on_a_small_terminal(
    settings: Settings,
) -> None:
    # Found in tmux at 80×24: with the sidebar brought back by b, f hid the list only.
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        sidebar = app.screen.query_one("#sidebar")
        await pilot.press("b")
        await wait_for(pilot, lambda: sidebar.display)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: app.screen.has_class("-full-reader"))
        assert not sidebar.display
        reader = app.screen.query_one(PostReader)
        assert reader.region.x == 0 and reader.region.width == 80
        await pilot.press("escape")
        await wait_for(pilot, lambda: sidebar.display)  # as the resident left it


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


@pytest.mark.parametrize(("text_width", "widest"), [(100, range(90, 101)), (0, range(150, 200))])
async def test_a_wide_terminal_keeps_lines_to_a_readable_length(
    data_dir: Path, text_width: int, widest: range
) -> None:
    """Found in tmux at 200 columns: each line of a post ran to 165 characters, too long
    to follow from its end to the next line's start. Text wraps at `text_width`."""
    posts = make_posts(2)
    posts[0].html = long_html(20, "the parish council's long report " * 12)
    app = EyeApp(replace(archive_of(posts, data_dir), text_width=text_width))
    async with app.run_test(size=(200, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Paragraph 19" in reader_text(app))
        lines = reader_text(app).splitlines()
        assert max(len(line.rstrip()) for line in lines) in widest
        reader = app.screen.query_one(PostReader)
        assert not reader.render_line(0).text.startswith(" ")
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: reader.size.width > 190)
        if text_width:  # the post alone, full-screen: centred
            spare = reader.scrollable_content_region.width - text_width
            assert reader.render_line(0).text.startswith(" " * (spare // 2) + "Village")
        else:
            assert reader.render_line(0).text.startswith("Village")


async def test_a_narrow_pane_wraps_at_its_own_width(data_dir: Path) -> None:
    posts = make_posts(2)
    posts[0].html = long_html(20, "the parish council's long report " * 12)
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Paragraph 0" in reader_text(app))
        reader = app.screen.query_one(PostReader)
        longest = max(len(line.rstrip()) for line in reader_text(app).splitlines())
        assert reader.size.width - 12 < longest <= reader.size.width


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
