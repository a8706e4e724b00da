"""Reading on from post to post: Space at a post's end, n and p round the list's end, J
and K, and which posts paging through reads."""

from pathlib import Path

import pytest

from eye_tui.config import Settings
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
from tests.site import make_posts
from tests.stored_posts import post, store


async def test_space_at_the_end_of_a_post_opens_the_next_unread(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")  # item 25: short, already at its end
        await wait_for(pilot, lambda: "Story number 25" in reader_text(app))
        await pilot.press("space")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        assert app.screen.query_one(PostList).cursor == 1


async def test_next_unread_goes_on_round_the_end_of_the_list(settings: Settings) -> None:
    """At the oldest post, the unread ones above are still to read: n (and Space at a
    post's end) go on from the top, as mutt and newsboat do, and say so."""
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)
        await pilot.press("G", "enter")  # the oldest post, item 1: read now
        await wait_for(pilot, lambda: "Story number 1 from" in reader_text(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: "Story number 25" in reader_text(app))
        assert post_list.cursor == 0
        assert any("top of the list" in notice.message for notice in app.notices)
        await pilot.press("p")  # up from the top: on round to the oldest unread, item 2
        await wait_for(pilot, lambda: "Story number 2 from" in reader_text(app))
        assert post_list.cursor == 23
        assert any("bottom of the list" in notice.message for notice in app.notices)
        app.screen.archive.mark_all_read()
        app.screen.apply_filter()
        await pilot.press("n")
        await wait_for(pilot, lambda: "No other unread posts" in app.notices[-1].message)
        assert post_list.cursor == 23


async def test_next_unread_far_down_reads_no_page_of_rows_between(data_dir: Path) -> None:
    """Rows drawn are searched; beyond them the archive names the post. Reading every
    page between was seconds in a long list of ranked results (each page ranked anew)."""
    app = EyeApp(archive_of(make_posts(250), data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)
        oldest = post_list.row(249)
        assert oldest is not None
        app.screen.archive.mark_all_read()
        app.screen.archive.set_read(oldest.key, False)
        app.screen.apply_filter()
        await pilot.press("n")
        await wait_for(pilot, lambda: post_list.cursor == 249)
        assert sorted(post_list._pages) == [0, 2]  # the first page and the oldest post's


async def test_next_unread_round_the_end_finds_its_post_in_a_list_grown_since(
    settings: Settings,
) -> None:
    """Posts stored since the list was drawn move every row down: the post the archive
    names is the one opened, not the row where it used to be."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        archive = app.screen.archive
        archive.mark_all_read()
        item_2 = app.screen.query_one(PostList).row(23)
        assert item_2 is not None
        archive.set_read(item_2.key, False)
        app.screen.apply_filter()
        store(archive, *(post(n) for n in (4000, 4001, 4002)))  # newer, not listed yet
        for newer in archive.list_posts(limit=3):
            archive.set_read(newer.key)
        await pilot.press("G", "n")
        await wait_for(pilot, lambda: "Story number 2 from" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        assert post_list.total == 28 and post_list.cursor == 26


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


async def test_a_shown_post_paged_with_space_is_read_when_left_before_its_end(
    data_dir: Path,
) -> None:
    """Found in tmux: a long post only shown, paged with Space to its last line, then
    left with j, stayed unread: only a Space past its end read it. Paging is reading."""
    posts = make_posts(3)
    posts[1].html = long_html(100)
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        post_list = app.screen.query_one(PostList)
        await pilot.press("down")
        await wait_for(pilot, lambda: "Paragraph 99" in reader_text(app))
        shown = post_list.current
        assert shown is not None and not post_list.row(1).read  # type: ignore[union-attr]
        await pilot.press("space")
        await pilot.press("down")
        await wait_for(pilot, lambda: post_list.cursor == 2)
        assert app.screen.archive.get_post(shown.key).summary.read  # type: ignore[union-attr]
        assert post_list.row(1).read  # type: ignore[union-attr]
        assert not post_list.row(2).read  # type: ignore[union-attr]  # only shown: unread


async def test_paging_a_post_already_read_reads_it_back_from_the_archive_no_more(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Space reads a post that was only shown; one already read is left as it is, not
    read back (and its body unpacked) from the archive at every page."""
    posts = make_posts(2)
    posts[1].html = long_html(100)
    app = EyeApp(archive_of(posts, data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "Paragraph 99" in reader_text(app))
        archive = app.screen.archive
        asked: list[object] = []
        real = archive.get_post
        monkeypatch.setattr(archive, "get_post", lambda key: asked.append(key) or real(key))
        reader = app.screen.query_one(PostReader)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: reader.scroll_offset.y > 40)
        assert asked == []


async def test_a_post_read_in_its_pane_is_read(settings: Settings) -> None:
    """Found in tmux: a post only shown, then read in its pane (Tab, then End or the
    arrows), stayed unread: only Enter and Space read it. Going into the pane is opening
    it, unless it was marked unread by hand."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("down")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        shown = post_list.current
        assert shown is not None and not post_list.row(1).read  # type: ignore[union-attr]
        reader = app.screen.query_one(PostReader)
        await pilot.press("tab")
        assert app.focused is reader
        await wait_for(pilot, lambda: app.screen.archive.get_post(shown.key).summary.read)  # type: ignore[union-attr]
        assert post_list.row(1).read  # type: ignore[union-attr]
        await wait_for(pilot, lambda: "24 unread" in str(app.screen.query_one("#status").render()))
        # Kept for later, then read on in the pane: it stays unread.
        await pilot.press("m", "shift+tab")
        await wait_for(pilot, lambda: app.focused is post_list)
        await pilot.press("tab")
        assert app.focused is reader
        await pilot.pause()
        assert not app.screen.archive.get_post(shown.key).summary.read  # type: ignore[union-attr]


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
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("J", "J")
        await wait_for(pilot, lambda: "Story number 23" in reader_text(app))
        await pilot.press("K")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        post_list = app.screen.query_one(PostList)
        await pilot.press("G")
        assert post_list.cursor == post_list.total - 1
        # J past the last post says so, where it used to open that post again unsaid.
        await pilot.press("J")
        await wait_for(pilot, lambda: any("last post" in n.message for n in app.notices))
        assert post_list.cursor == post_list.total - 1
        await pilot.press("g")
        assert post_list.cursor == 0
        await pilot.press("K")
        await wait_for(pilot, lambda: any("first post" in n.message for n in app.notices))
