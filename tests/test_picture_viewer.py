"""A post's kept pictures seen full size with v: the viewer with Pilot and in tmux, what v
and i say and mark read, and pictures not kept said once."""

from pathlib import Path

import pytest

from tests.pictures import kept_archive, picture


async def test_the_viewer_shows_each_kept_picture_with_its_caption(tmp_path: Path) -> None:
    import json

    from textual.widgets import Static
    from textual_image.widget import Image

    from eye_tui.ui.picture_viewer import PictureViewer, load_pictures

    first, second = tmp_path / "a.png", tmp_path / "b.jpg"
    first.write_bytes(picture())
    second.write_bytes(picture(90, 60, "JPEG", "blue"))
    listing = tmp_path / "pictures.json"
    listing.write_text(
        json.dumps(
            [
                [str(first), "Image 1: The fete \x1b[31m[bold]red[/]"],
                [str(tmp_path / "gone.png"), "Image 2: not on disk"],
                ["not", "a", "pair"],
                [str(second), "Image 3: The band"],
            ]
        )
    )
    pictures = load_pictures(listing)
    assert [(p.name, c) for p, c in pictures] == [
        ("a.png", "Image 1: The fete [31m[bold]red[/]"),  # no escape reaches the screen
        ("b.jpg", "Image 3: The band"),
    ]
    assert load_pictures(tmp_path / "missing.json") == []
    app = PictureViewer(pictures)
    async with app.run_test(size=(80, 24)) as pilot:
        caption = app.query_one("#caption", Static)
        assert str(caption.render()) == "Picture 1 of 2  ·  Image 1: The fete [31m[bold]red[/]"
        assert app.query_one(Image).image == first
        await pilot.press("right")
        assert str(caption.render()).startswith("Picture 2 of 2  ·  Image 3: The band")
        assert app.query_one(Image).image == second
        await pilot.press("right")  # round again
        assert app.query_one(Image).image == first
        await pilot.press("q")
    assert app.return_code == 0


async def test_v_says_what_it_can_in_the_reader(data_dir: Path) -> None:
    from tests.pilot import RecordingApp, reader_text, started, wait_for

    settings = kept_archive(data_dir)
    app = RecordingApp(settings)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("G", "enter")  # the older post: its one picture is kept too
        await wait_for(pilot, lambda: "Again:" in reader_text(app))
        await pilot.press("g", "enter")
        await wait_for(pilot, lambda: "[Image 1: The fete]" in reader_text(app))
        await pilot.press("v")
        # Under Pilot there is no terminal to hand over: it says so, and goes on.
        await wait_for(pilot, lambda: any("real terminal" in n.message for n in app.notices))
        assert app.is_running


async def test_keeping_or_viewing_a_posts_pictures_reads_it(data_dir: Path) -> None:
    """Found in tmux: i and v left the post the cursor had only passed over unread, where
    Enter, o and c read it, so n came back to a post whose pictures had been looked at."""
    from eye_tui.ui.widgets.post_list import PostList
    from tests.pilot import RecordingApp, reader_text, started, wait_for

    settings = kept_archive(data_dir)
    app = RecordingApp(settings)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        posts = app.screen.query_one(PostList)
        await wait_for(pilot, lambda: "[Image 1: The fete]" in reader_text(app))
        assert posts.current is not None and not posts.current.read  # shown, not opened
        await pilot.press("v")
        await wait_for(pilot, lambda: any("real terminal" in n.message for n in app.notices))
        assert posts.current is not None and posts.current.read
        await pilot.press("j")
        await wait_for(pilot, lambda: "Again:" in reader_text(app))
        assert posts.current is not None and not posts.current.read
        await pilot.press("i")  # offline: it says what is kept, and the post is read
        await wait_for(pilot, lambda: any("Offline" in n.message for n in app.notices))
        assert posts.current is not None and posts.current.read
        await pilot.press("m", "v")  # marked unread by hand: kept so, as c keeps it
        await wait_for(
            pilot, lambda: len([n for n in app.notices if "real terminal" in n.message]) == 2
        )
        assert posts.current is not None and not posts.current.read


def test_v_shows_the_pictures_full_size_in_a_real_terminal(data_dir: Path) -> None:
    import shlex
    import shutil
    import sys

    from tests.test_terminal import Terminal

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    settings = kept_archive(data_dir)
    command = (
        f"TERM=xterm-256color {shlex.quote(sys.executable)} -m eye_tui --offline "
        f"--data-dir {shlex.quote(str(settings.data_dir))}"
    )
    terminal = Terminal(command, 80, 24)
    try:
        terminal.wait_for("unread")
        terminal.keys("Enter")
        terminal.wait_for("Tags: Blaby")  # the picture fills the pane below, at 80x24
        terminal.keys("v")
        screen = terminal.wait_for("Picture 1 of 2")
        assert ("Image 1: The fete" in screen and "▀" in screen) or "▄" in screen
        terminal.keys("Right")
        terminal.wait_for("Picture 2 of 2")
        terminal.keys("q")
        terminal.wait_gone("Picture 2 of 2")
        screen = terminal.wait_for("Tags: Blaby")  # back in the post, where it was
        assert "Village news item 2" in screen and "▀▀▀" in screen
        terminal.keys("q")
        terminal.wait_until(lambda: not terminal.alive(), "q did not quit")
    finally:
        terminal.close()


def test_pictures_not_kept_for_one_reason_are_said_once() -> None:
    # Found in tmux with no network: "Not kept: http://www.enderbyeye.co.uk/wp-content/
    # uploads/2024/06/fete-stalls-300x200.jpg: cannot reach … (and 1 more)", wrapped
    # over five lines of the notice, where the reason was all that mattered.
    from eye_tui.files import KeepReport

    report = KeepReport()
    assert report.not_kept("picture") == ""
    offline = "cannot reach www.enderbyeye.co.uk: the address could not be looked up"
    report.refuse("http://www.enderbyeye.co.uk/a.jpg", offline)
    assert report.not_kept("picture") == f"http://www.enderbyeye.co.uk/a.jpg: {offline}"
    report.refuse("http://www.enderbyeye.co.uk/b.jpg", offline)
    assert report.not_kept("picture") == f"2 pictures: {offline}"
    report.refuse("http://x.example/c.png", "x.example sent a web page, not a picture")
    assert report.not_kept("picture") == (
        f"http://www.enderbyeye.co.uk/a.jpg: {offline} (and 2 more)"
    )
    assert report.refused == 3 and len(report.problems) == 3
