"""The real `eye-tui` command in a real terminal (tmux), driven and read as a person would."""

import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)


class Terminal:
    def __init__(self, command: str, width: int = 100, height: int = 30) -> None:
        self.name = f"eye-{uuid.uuid4().hex[:8]}"
        session = [
            "tmux",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
        ]
        for _ in range(3):
            # The last test's session closing ends the tmux server; a session asked for
            # just then fails ("server exited unexpectedly"), and the next starts a new one.
            started = subprocess.run([*session, command], capture_output=True, text=True)
            if started.returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"tmux could not start a session: {started.stderr.strip()}")

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, seconds: float = 20.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_gone(self, text: str, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while text in self.screen():
            assert time.monotonic() < deadline, f"{text!r} never went away"
            time.sleep(0.1)

    def wait_until(
        self, condition: Callable[[], bool], message: str, seconds: float = 20.0
    ) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, message
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def site_terminal(
    feed: str,
    data_dir: Path,
    *args: str,
    width: int = 100,
    height: int = 30,
    linger: bool = False,
) -> Terminal:
    """`eye-tui --feed FEED --data-dir DATA_DIR ARGS…` in a terminal. With `linger` the
    terminal stays half a minute after the command ends, so what it printed can be read;
    without, it closes when the command does."""
    words = ["--feed", feed, "--data-dir", str(data_dir), *args]
    command = f"{shlex.quote(sys.executable)} -m eye_tui {shlex.join(words)}"
    return Terminal(f"TERM=xterm-256color {command}{'; sleep 30' * linger}", width, height)


def printed(commands: str, last: str, width: int = 100, height: int = 30) -> str:
    """The screen once shell `commands` have printed `last` (the terminal then closed):
    for commands that print and end, read as a person reads them."""
    terminal = Terminal(f"{commands}; sleep 30", width, height)
    try:
        return terminal.wait_for(last)
    finally:
        terminal.close()


def demo_terminal(data_dir: Path, width: int = 100, height: int = 30) -> Terminal:
    """`eye-tui --offline --demo` in a terminal of the given size."""
    command = (
        f"{shlex.quote(sys.executable)} -m eye_tui --offline --demo "
        f"--data-dir {shlex.quote(str(data_dir))}"
    )
    return Terminal(f"TERM=xterm-256color {command}", width, height)


def test_a_resident_reads_the_sample_in_a_real_terminal(tmp_path: Path) -> None:
    terminal = demo_terminal(tmp_path)
    try:
        # Readiness, not paint: the status line appears once the reader takes keys.
        screen = terminal.wait_for("5 unread")
        assert "Blueprint 2020 – shaping the future of the force" in screen
        assert "Tags" in screen and "Archive" in screen
        terminal.keys("/")
        terminal.keys("-l", "Stoney")
        terminal.keys("Enter")
        screen = terminal.wait_for("1 post · ")
        assert "Woman charged in connection with Stoney Stanton child death" in screen
        terminal.keys("Enter")
        screen = terminal.wait_for("One-year-old Harry Aspley")
        terminal.keys("Escape")
        # A key straight after Esc reads as Alt+key in any terminal: wait for Esc's effect
        # (the whole list again) before the next key.
        terminal.wait_for("5 posts · all")
        terminal.keys("?")
        terminal.wait_for("eye-tui — keys")
        terminal.keys("Escape")
        terminal.wait_gone("eye-tui — keys")
        terminal.keys("q")
        terminal.wait_until(lambda: not terminal.alive(), "q did not quit")
    finally:
        terminal.close()


def test_keys_typed_while_the_reader_starts_are_not_lost(tmp_path: Path) -> None:
    terminal = demo_terminal(tmp_path)
    try:
        # Type as soon as anything is on screen, before the reader says it is ready.
        terminal.wait_for("Enderby EYE")
        terminal.keys("/")
        terminal.keys("-l", "Stoney")
        terminal.keys("Enter")
        # Waiting for the whole word: a search made while it was typed ("Ston") finds
        # the same one post, and CI once read the screen then.
        screen = terminal.wait_for("search: Stoney")
        assert "1 post · " in screen
    finally:
        terminal.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_last_line_of_a_post_is_on_screen_after_end(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # The pane drew from int(scroll_y) while Textual repaints when round(scroll_y)
    # changes: after the scroll animation the last line was never drawn.
    terminal = demo_terminal(tmp_path, *size)
    try:
        terminal.wait_for("5 unread")
        terminal.keys("End")  # the last post: "Woman charged…", its picture is link 1
        terminal.wait_for("One-year-old Harry Aspley")
        terminal.keys("Tab")
        terminal.keys("End")
        terminal.wait_for("police-car.jpg")
    finally:
        terminal.close()


def test_a_refresh_by_hand_keeps_its_progress_on_one_row_of_a_narrow_terminal(
    tmp_path: Path,
) -> None:
    from tests.site import WordPressSite, make_posts

    with WordPressSite(make_posts(250), latency=0.1) as site:
        site.rest = "on"  # three pages of history, each a progress line longer than 60
        terminal = site_terminal(
            site.url, tmp_path, "refresh", "--all", width=60, height=20, linger=True
        )
        try:
            terminal.wait_for("Fetching older posts")
            screen = terminal.wait_for("Refreshed: ")
        finally:
            terminal.close()
    # A line wider than the terminal wraps and "\r" returns only to its last row: each
    # update used to leave a row behind. The progress is cut to fit, and cleared at the end.
    assert "Fetching" not in screen and "…" not in screen
    assert "Refreshed: 4 pages, 250 new" in screen


def test_ctrl_z_suspends_the_reader_to_the_shell_and_fg_brings_it_back(
    tmp_path: Path,
) -> None:
    """A terminal program stops on Ctrl+Z (the terminal's raw mode leaves it to the
    program): the reader went on running, the key unheard. Back with `fg`, it is drawn
    whole again."""
    terminal = Terminal("bash --norc --noprofile -i", width=100, height=30)
    try:
        terminal.keys(
            f"{shlex.quote(sys.executable)} -m eye_tui --offline --demo "
            f"--data-dir {shlex.quote(str(tmp_path))}",
            "Enter",
        )
        terminal.wait_for("Blueprint 2020")
        terminal.keys("C-z")
        screen = terminal.wait_for("Stopped")
        assert "Blueprint 2020" not in screen  # the terminal is the shell's again
        terminal.keys("fg", "Enter")
        # Every part drawn again (Textual repaints after a stop only when asked).
        screen = terminal.wait_for("Tags: News")
        assert "5 posts · all" in screen and "Sample archive" in screen, screen
        terminal.keys("q")
        terminal.wait_gone("Blueprint 2020")
    finally:
        terminal.close()


def test_ctrl_l_draws_the_screen_again_over_what_else_wrote_on_it(tmp_path: Path) -> None:
    """Something else writing to the terminal (a `wall` message, a background job) is
    left on screen until each part changes: Ctrl+L draws it all again, as in less."""
    terminal = demo_terminal(tmp_path, width=100, height=30)
    try:
        terminal.wait_for("Tags: News")
        pane_tty = subprocess.run(
            ["tmux", "display", "-p", "-t", terminal.name, "#{pane_tty}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # On the list's empty row. The reader may still be drawing what comes after its
        # first frame (the post's full render), which can draw over the message first:
        # then it is written again.
        deadline = time.monotonic() + 20
        while "BROADCAST MESSAGE" not in terminal.screen():
            assert time.monotonic() < deadline, "the message never stayed on screen"
            with open(pane_tty, "w") as tty:
                tty.write("\x1b[9;20HBROADCAST MESSAGE FROM ROOT")
            time.sleep(0.2)
        terminal.keys("C-l")
        terminal.wait_gone("BROADCAST MESSAGE")
        assert "Tags: News" in terminal.screen()
    finally:
        terminal.close()


def test_list_rows_fit_a_terminal_and_stay_whole_in_a_pipe(tmp_path: Path) -> None:
    """A listing row that wraps breaks the columns a reader scans down: in a terminal
    each row is cut to its width; piped, the same rows are whole (tags and all)."""
    data = shlex.quote(str(tmp_path))
    eye = f"{shlex.quote(sys.executable)} -m eye_tui --demo --data-dir {data}"
    screen = printed(f'{eye} list; echo "piped: $({eye} list | wc -L) cells"', " cells", 80)
    rows = [line for line in screen.splitlines() if line.startswith("     ")]
    assert [row.split()[0] for row in rows] == ["1", "2", "3", "4", "5"], screen
    assert all(row.rstrip().endswith("…") for row in rows), screen
    assert "Blueprint 2020 – shaping the future of the force  [News," in rows[0]
    widest = int(screen.split("piped: ")[1].split()[0])
    assert widest > 80, screen  # whole rows in the pipe


def test_search_snippets_wrap_under_their_row_in_a_narrow_terminal(tmp_path: Path) -> None:
    """Found in tmux at 40 columns: a result's snippet ran on past the terminal's edge
    and went on at its first column, under the keys. It wraps inside its indent now."""
    data = shlex.quote(str(tmp_path))
    eye = f"{shlex.quote(sys.executable)} -m eye_tui --demo --data-dir {data}"
    screen = printed(f"clear; {eye} search savings; echo done.", "done.", 40, 20)
    lines = screen.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("     1  "))
    after = lines[first + 1 :]
    snippet = after[
        : next(n for n, line in enumerate(after) if re.match(r" +\d+  \d{4}-|done", line))
    ]
    assert len(snippet) >= 2, screen  # about 90 characters: more than one line of 32
    assert all(line.startswith("        ") and line[8] != " " for line in snippet), screen
    assert all(len(line) <= 40 for line in snippet), screen
    assert "savings" in " ".join(line.strip() for line in snippet).lower(), screen


def test_show_draws_the_post_in_a_terminal_and_writes_markdown_to_a_pipe(
    tmp_path: Path,
) -> None:
    """Markdown shows every character an author typed behind a backslash ("\\(CSR\\)"):
    for a person, `show` draws the post as the reader does; a pipe still gets Markdown."""
    piped = tmp_path / "piped.md"
    eye = f"{shlex.quote(sys.executable)} -m eye_tui --demo --data-dir {shlex.quote(str(tmp_path))}"
    screen = printed(
        f"{eye} show 1; {eye} show 1 > {shlex.quote(str(piped))}; echo shown", "shown", 80, 120
    )
    lines = screen.splitlines()
    assert lines[0] == "Blueprint 2020 – shaping the future of the force", screen
    words = " ".join(screen.split())
    assert "Comprehensive Spending Review (CSR) on 25 November" in words
    assert "\\" not in screen and "**" not in screen
    assert "• Investing in people – getting the right people" in words  # as the pane draws
    assert "[4] http://www.leics.police.uk" in lines
    assert all(len(line) <= 80 for line in lines)
    markdown = piped.read_text()
    assert markdown.startswith("# Blueprint 2020 – shaping the future of the force\n")
    assert "Comprehensive Spending Review \\(CSR\\)" in markdown
    screen = printed(f"{eye} show 1 --markdown; echo shown", "shown", 200, 120)
    assert screen.startswith("# Blueprint 2020") and "Review \\(CSR\\)" in screen


def test_show_opens_a_long_post_at_its_top_in_the_pager(tmp_path: Path) -> None:
    """Longer than the terminal, the post goes through the pager (less, as git uses it):
    it opens at the title, not at the links it would have scrolled to."""
    eye = f"{shlex.quote(sys.executable)} -m eye_tui --demo --data-dir {shlex.quote(str(tmp_path))}"
    terminal = Terminal(f"env -u PAGER -u LESS {eye} show 1; echo shown; sleep 30", 80, 24)
    try:
        screen = terminal.wait_for("shaping the future of the force")
        assert screen.startswith("Blueprint 2020"), screen
        assert "shown" not in screen and "www.leics.police.uk" not in screen
        terminal.keys("G")  # less: to the end, the post's last link
        terminal.wait_for("[4] http://www.leics.police.uk")
        terminal.keys("q")
        terminal.wait_for("shown")
    finally:
        terminal.close()
    # No pager to quit: printed straight out.
    screen = printed(f"PAGER=cat {eye} show 1; echo shown", "shown", 80, 24)
    assert "[4] http://www.leics.police.uk" in screen


def test_an_archive_from_an_older_version_is_said_to_be_updated_once(tmp_path: Path) -> None:
    """Bringing a big archive up to date takes seconds before anything else is shown:
    one line says why, the first time only, and not where no one watches (a pipe)."""
    from eye_tui.archive import Archive
    from eye_tui.paths import archive_path
    from tests.old_archive import as_schema_11
    from tests.stored_posts import post, store

    commands = []
    for folder in (tmp_path / "watched", tmp_path / "piped"):
        with Archive(archive_path(folder)) as archive:
            store(archive, *(post(n) for n in range(1, 4)))
        as_schema_11(archive_path(folder))
        data = shlex.quote(str(folder))
        commands.append(f"{shlex.quote(sys.executable)} -m eye_tui --offline --data-dir {data}")
    watched, piped = commands
    screen = printed(
        f"{watched} list; echo first done; {watched} list; echo again done; "
        f"echo piped: $({piped} list 2>&1 | grep -c -e Updating -e 'Post 3')",
        "piped: ",
    )
    first, again = screen.split("first done")
    assert "Updating the archive for this version of eye-tui (once)…" in first, screen
    assert "Post 3" in first  # and the command itself ran
    assert "Updating" not in again and "Post 3" in again.split("again done")[0], screen
    assert "piped: 1" in again, screen  # the post listed, no line about updating
