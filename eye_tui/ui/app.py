"""The Textual app: opens the archive, shows the main screen, runs refreshes in threads."""

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import Notify
from textual.screen import Screen

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.demo import demo_settings, remove_demo_dir, sample_feed_path
from eye_tui.errors import ArchiveUnchangedError, EyeError
from eye_tui.links import can_open, shown_url
from eye_tui.paths import archive_path
from eye_tui.sites import settings_for, title_of
from eye_tui.start import start_is_over
from eye_tui.text import clean_label
from eye_tui.ui.commands import JumpCommands, Palette
from eye_tui.ui.key_order import KeyQueue
from eye_tui.ui.screens.main import MainScreen

KEY_PATIENCE = 0.5  # seconds at most that a key waits for the one before it
UNSAVED_SAID_AGAIN = 60.0  # seconds before the same "not saved" is said again
PLACE_TRIED_AGAIN = 10.0  # seconds the place in the list waits to be saved after a failure
# Seconds a mark waits for another program writing the archive: a refresh's page is
# stored well within it, and the screen waits as long.
MARK_PATIENCE = 3.0


class EyeApp(App[int]):
    """eye-tui's reader."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Enderby EYE"
    SUB_TITLE = "community news, online and off"
    COMMANDS = App.COMMANDS | {JumpCommands}
    # Ctrl+C quits at once, as in any terminal program (Textual's default only hints).
    BINDINGS = [
        Binding("ctrl+c", "quit", show=False, priority=True),
        # As in any terminal program (less, vim, newsboat): to the shell, `fg` to return;
        # and the screen drawn again, whole, after something else wrote over it.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, priority=True),
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False),
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, settings: Settings, *, demo: bool = False, reset: bool = False) -> None:
        super().__init__()
        # Nothing glides: an animated scroll redraws for a second and over ssh every frame
        # is sent (End caught part-way looked like End stopping short). A resident who asks
        # for Textual's animations by its variable gets them.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        if demo and settings.feed_url != str(sample_feed_path()):
            settings = demo_settings(settings)
        self.demo = demo
        self._own_settings: Settings | None = None  # while a sample opened with d is shown
        self.archive = self._opened(settings.data_dir, reset)
        # A run that names no feed reads the one this archive was filled from (sites.py).
        self.settings = settings = settings_for(self.archive, settings)
        if self.archive.read_only:  # nothing can be stored, so nothing is fetched
            self.settings = settings = replace(settings, offline=True)
        if demo:  # the sample is all there is: nothing is asked of the network
            self._load_sample()
            self.settings = settings = replace(settings, offline=True)
        self.title = title_of(self.archive)
        self.saved_state: dict[str, Any] = self.archive.ui_state()
        # Keys are taken one at a time, in order, and only once the main screen is ready
        # (it paints first, then builds the sidebar and sets focus): see key_order.py.
        self.keys = KeyQueue()
        self.failure: EyeError | None = None  # what ended the reader, said on leaving
        self._unsaved_said: tuple[str, float] | None = None  # (what, when) saved() last said
        self._unsaved_at = float("-inf")  # when a change last could not be saved

    @staticmethod
    def _opened(data_dir: Path, reset: bool = False) -> Archive:
        """The reader's archive: a mark waits less for another writer than a refresh."""
        archive = Archive(archive_path(data_dir), reset=reset)
        archive.wait_at_most(MARK_PATIENCE)
        return archive

    def _handle_exception(self, error: Exception) -> None:
        """An error no handler caught. Ours (the archive damaged or gone mid-session, a
        full disk) end the reader with their one line, as the commands do, where Textual
        would print a traceback; anything else is a bug, and Textual shows it."""
        if isinstance(error, EyeError):
            self.failure = error
            self.exit(return_code=1)
            return
        super()._handle_exception(error)

    def action_redraw(self) -> None:
        self.refresh(layout=True)

    def on_mount(self) -> None:
        # Back from Ctrl+Z (`fg`), the terminal's screen is blank: Textual redraws after
        # its own suspend() but not after a stop, so every part is drawn again here.
        self.app_resume_signal.subscribe(self, lambda _: self.action_redraw())
        theme = self.saved_state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        if self.demo:
            self.sub_title = "sample archive (--demo)"
        if self.archive.read_only:
            self.sub_title = "read-only archive"
            self.notify(
                f"{self.archive.path} cannot be written here: reading only. Nothing is "
                "fetched or marked read.",
                markup=False,
                timeout=8,
            )
        if self.archive.set_aside_to is not None:
            self.notify(
                f"The damaged archive was kept as {self.archive.set_aside_to}; "
                "a fresh one was started.",
                markup=False,
                timeout=10,
            )

    def on_notify(self, event: Notify) -> None:
        """The same notice again takes the place of the one shown instead of stacking on
        it (Space held at a post's end said "No other unread posts" five times over the
        pane). Runs before App's own handler, which then shows the new one. Textual has
        no public way to take a notice back: its own list is used, and the test of this
        (tests/test_ui.py) holds it to Textual's next versions."""
        new = event.notification
        for shown in list(self._notifications):
            if (shown.message, shown.title, shown.severity) == (
                new.message,
                new.title,
                new.severity,
            ):
                self._unnotify(shown, refresh=False)

    def get_default_screen(self) -> Screen[Any]:
        # The main screen is the app's base screen, there from the first event on: keys and
        # size changes that arrive while it starts go to it, not to a placeholder screen.
        return MainScreen()

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif self.keys.hold(event):
            if self.keys.idle:
                self._send_next_key()
        elif self.keys.is_ours(event):
            # Textual hands the key to the focused widget, which passes it up to its
            # parents; a callback that follows the same queues runs once it has been
            # handled at every level, and only then may the next key go. A key that
            # closes a dialog takes its widgets' queues with it: the timer then lets the
            # next key go anyway, so input can never stall.
            target: DOMNode = self.focused or self.screen
            await super().on_event(event)
            self._after_each([target, *target.ancestors], lambda: self._key_done(event))
            self.set_timer(KEY_PATIENCE, lambda: self._key_done(event))
        else:
            await super().on_event(event)

    def _after_each(self, path: list[DOMNode], then: Callable[[], None]) -> None:
        if path:
            path[0].call_later(self._after_each, path[1:], then)
        else:
            then()

    def _key_done(self, key: events.Key) -> None:
        if self.keys.is_current(key):  # the first of the two signals moves on
            self._send_next_key()

    def screen_ready(self) -> None:
        """The main screen can take keys now: the ones typed while it started follow."""
        start_is_over()  # the collector, held since the program started (start.py)
        self.keys.ready = True
        if self.keys.idle:
            self._send_next_key()

    def _send_next_key(self) -> None:
        key = self.keys.next_key()
        if key is not None:
            # Sent by the app, as the terminal driver does: a key from any other sender
            # stops bubbling there and never reaches the bindings.
            self.post_message(key.set_sender(self))

    async def action_quit(self) -> None:
        """q and Ctrl+C: remember the place in the open post, then quit."""
        main = self.screen_stack[0] if self.screen_stack else None  # the default screen
        if isinstance(main, MainScreen):
            main.remember_reading_place()
        await super().action_quit()

    # Textual's palettes, as Palette (commands.py) with page keys that wait for its list.
    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, Palette):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def watch_theme(self, theme: str) -> None:
        if hasattr(self, "archive"):
            self.save_state({"theme": theme})

    def save_state(self, values: dict[str, Any]) -> None:
        self.saved_state = {**self.saved_state, **values}
        if self.archive.read_only:
            return  # remembered for this run only
        if time.monotonic() - self._unsaved_at < PLACE_TRIED_AGAIN:
            return  # saved at a later move, not tried (and waited for) at every move
        self.saved(lambda: self.archive.save_ui_state(self.saved_state))

    def saved(self, change: Callable[[], object]) -> bool:
        """Make a change to the archive: True once it is saved. One that cannot be saved
        now (a full disk, another program holding the archive) is said, and the reader
        goes on as it was: the archive can still be read. Said once a minute, not at
        every key, as the place in the list is saved at every move."""
        try:
            change()
        except ArchiveUnchangedError as error:
            said, now, last = str(error), time.monotonic(), self._unsaved_said
            self._unsaved_at = now
            if last is None or last[0] != said or now - last[1] > UNSAVED_SAID_AGAIN:
                self._unsaved_said = (said, now)
                self.notify(
                    said[:1].upper() + said[1:],
                    title="Not saved",
                    severity="error",
                    timeout=8,
                    markup=False,
                )
            return False
        return True

    def offline_reason(self) -> str | None:
        """Why this run does not refresh, in a few words; None when it does."""
        if self.archive.read_only:
            return "the archive is read-only"
        if self.settings.offline:
            return "the sample archive" if self.demo else "--offline"
        return None

    # -- links ---------------------------------------------------------------------------

    def open_link(self, url: str, local: bool = False) -> bool:
        """Hand web and mail links to the browser; anything else is only shown.
        `local`: a file eye-tui saved itself (a document), never an address from a feed."""
        shown = clean_label(shown_url(url), 300)  # a lookalike host as punycode
        if not url or not (can_open(url) or (local and url.startswith("file:"))):
            self.notify(
                f"Not opened (only web and mail links are): {shown or 'no link'}",
                severity="warning",
                markup=False,
                timeout=6,
            )
            return False
        if not self._open_in_browser(url):
            # Say so, rather than "Opened": and the link is one paste away.
            self.copy_to_clipboard(url)
            self.notify(
                f"No web browser could open it, so the link is copied to the clipboard: "
                f"{shown} (set browser in config.toml to choose one)",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return False
        self.notify(f"Opened {shown}", markup=False, timeout=3)
        return True

    def _open_in_browser(self, url: str) -> bool:
        """True only if a browser was found and started."""
        import webbrowser  # here, not at the top: ~10 ms of start-up, for a link's click

        try:
            return webbrowser.get(self.settings.browser or None).open(url)
        except (webbrowser.Error, OSError):
            return False

    # -- the sample archive --------------------------------------------------------------

    def open_sample(self) -> None:
        """Switch to the bundled sample (from the empty state), no network needed."""
        self.archive.close()
        self._own_settings = self.settings  # R goes back to them, to fetch the site
        self.settings = replace(demo_settings(self.settings), offline=True)
        self.demo = True
        self.archive = self._opened(self.settings.data_dir)
        self._load_sample()
        self.title = title_of(self.archive)
        self.sub_title = "sample archive"

    def leave_sample(self) -> bool:
        """Back from a sample opened with d to the resident's own archive (False when
        the sample is all this run has: --demo)."""
        if self._own_settings is None:
            return False
        self.archive.close()
        remove_demo_dir(self.settings)
        self.settings, self._own_settings = self._own_settings, None
        self.demo = False
        self.archive = self._opened(self.settings.data_dir)
        self.title = title_of(self.archive)
        self.sub_title = self.SUB_TITLE
        return True

    def _load_sample(self) -> None:
        from eye_tui.sync import Sync

        Sync(self.archive, replace(self.settings, offline=False)).refresh()

    # -- the command palette -------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Of Textual's own, Theme and Quit: its Keys is a panel of widget keys beside our
        # help (?), its Maximize is f's job, its Screenshot fails with no Downloads folder.
        system = [c for c in super().get_system_commands(screen) if c.title in _TEXTUALS_KEPT]
        yield from system
        seen = {command.title for command in system}  # one Quit, not two
        # The commands of the screen the palette was opened from: not the keys of whatever
        # widget has focus (Scroll Left, Page Right, Focus Next…), nor the palette's own.
        own = {b.action for b in getattr(type(screen), "BINDINGS", ()) if isinstance(b, Binding)}
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node is not screen or binding.action not in own or not active.enabled:
                continue
            if binding.description and binding.description not in seen:
                seen.add(binding.description)
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.description, f"key: {key}", _runner(active.node, binding.action)
                )

    def on_unmount(self) -> None:
        self.archive.close()
        if self.demo:
            remove_demo_dir(self.settings)


_TEXTUALS_KEPT = ("Theme", "Quit")


def _runner(node: Any, action: str) -> Callable[[], Any]:
    return lambda: node.run_action(action)


def run_reader(settings: Settings, demo: bool = False, reset: bool = False) -> int:
    app = EyeApp(settings, demo=demo, reset=reset)
    app.run()
    if app.failure is not None:
        raise app.failure  # said in one line by the command (cli.main)
    return app.return_code or 0
