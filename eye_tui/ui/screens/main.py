"""The reader's one main screen: sidebar, filters, post list, reading pane, status line.

The screen owns the current filter and wires the widgets together: widgets report with
messages, the screen asks the archive (through the app) and tells widgets what to show.
Its actions live in parts with one job each: filtering.py, marking.py, moving.py,
following.py, fetching.py (the network's work itself is in refresh_controller.py).
Every key is bound here, in BINDINGS.
"""

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Header, Input, ProgressBar, Static

from eye_tui.matching import match_pattern
from eye_tui.model import PostFilter, PostSummary
from eye_tui.sites import fetched_from
from eye_tui.ui import filter_state
from eye_tui.ui.background import (
    Refresher,
)
from eye_tui.ui.keys import MAIN_SCREEN_KEYS
from eye_tui.ui.refresh_controller import RefreshController
from eye_tui.ui.screens.fetching import FetchingActions
from eye_tui.ui.screens.filtering import FilteringActions
from eye_tui.ui.screens.following import FollowingActions
from eye_tui.ui.screens.marking import MarkingActions
from eye_tui.ui.screens.moving import MovingActions
from eye_tui.ui.screens.searching import SearchActions
from eye_tui.ui.screens.viewing import ViewingActions
from eye_tui.ui.widgets.filter_bar import FilterBar
from eye_tui.ui.widgets.footer import Footer
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader, note
from eye_tui.ui.widgets.status import (
    StatusLine,
    empty_archive_message,
    progress_text,
)

PREVIEW_DELAY = 0.12  # seconds the cursor rests on a post before the pane follows it
# After a key in the search box: longer than the gap between a person's keys (0.15-0.3 s),
# so the pane opens the first result once the typing pauses, not between letters. A long
# post rendering there held up the next key: 100-280 ms from a key to the list drawn at
# 100,000 posts (the newest, 200 KB, first for common words), 30-50 ms without.
TYPING_PREVIEW_DELAY = 0.35


class MainScreen(
    FetchingActions,
    SearchActions,
    MarkingActions,
    MovingActions,
    FollowingActions,
    ViewingActions,
    FilteringActions,
):
    BINDINGS = MAIN_SCREEN_KEYS

    def __init__(self) -> None:
        super().__init__()
        self.post_filter = PostFilter()
        self.refresh_error: str | None = None
        self.refresher = Refresher(self)
        self.network = RefreshController(self)
        self._scroll_to_restore: object = None  # the remembered place in the open post
        self._preview_timer: Timer | None = None
        self.pictures_activity: str | None = None  # "Keeping pictures: 3 of 10…"
        self._pictures_noted: set[str] = set()  # pictures whose viewing is recorded

    @property
    def refreshing(self) -> bool:
        return self.refresher.running

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◉")
        with Horizontal(id="body"):
            yield Vertical(id="sidebar")  # its panes are mounted after the first paint
            with Vertical(id="main"):
                yield Vertical(id="search-row")  # its box is mounted after the first paint
                yield FilterBar(id="filters")
                yield PostList(id="posts")
                yield PostReader(id="reader", text_width=self.eye.settings.text_width)
                yield Static(id="empty", markup=False)
        yield StatusLine(id="status", markup=False)
        yield Footer()

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one(PostReader).kept_pictures = self._kept_pictures
        saved = self.eye.saved_state
        self.post_filter = filter_state.from_saved(saved)
        self._load_sidebar()  # tag names for the filter bar; the panes come later
        self.apply_filter(keep_key=saved.get("post"), preview=False)
        # The layout and the place in the open post are remembered too.
        self.set_class(saved.get("sidebar_hidden") is True, "-no-sidebar")
        self._scroll_to_restore = saved.get("post_scroll") if saved.get("post") else None
        if saved.get("full_screen") is True:
            self.add_class("-full-reader")
            self.query_one(PostReader).focus()
        else:
            self.query_one(PostList).focus()
        # The list paints first; the status, sidebar, reading pane and network follow.
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        from eye_tui.ui.widgets.search_box import SearchBox
        from eye_tui.ui.widgets.sidebar import ArchivePane, TagPane  # Tree etc. load now

        if self.archive.mend_totals():  # the list's length came from totals found wrong
            self.apply_filter(preview=False)
        self.query_one("#sidebar").mount(TagPane(id="tags"), ArchivePane(id="archive"))
        self.query_one("#search-row").mount(
            SearchBox(placeholder="/ search the archive…", id="search")
        )
        progress = ProgressBar(id="progress", show_eta=False, show_percentage=False)
        self.mount(progress, before=self.query_one(StatusLine))  # shown while refreshing
        self.call_after_refresh(self._fill_sidebar)
        self.watch(self.query_one(PostReader), "position", self._show_position)
        self._preview(self.query_one(PostList).current)
        self.call_after_refresh(self._ready)
        if not self.eye.settings.offline:
            self.network.refresh(manual=False)  # the start-up refresh respects a wait
        self.network.schedule()
        self.network.watch_archive()

    def _show_position(self, position: str) -> None:
        """The place in the post: on the line under the list, or atop the full-screen pane."""
        shown = f" {position} " if position else ""
        self.query_one(PostList).border_subtitle = shown
        self.query_one(PostReader).border_title = shown

    def _fill_sidebar(self) -> None:
        self._load_sidebar()

    def _ready(self) -> None:
        """Everything is mounted and focused: the status line appears (the sign, for a
        person or a test, that keys are taken) and keys typed meanwhile are replayed."""
        self.update_status()
        self.eye.screen_ready()

    def on_resize(self) -> None:
        narrow = self.size.width < 100
        self.set_class(narrow, "-narrow")

    # -- loading -------------------------------------------------------------------------

    def reload(self, keep_key: int | None = None) -> None:
        """Read tags, months and the list afresh (after a refresh or a new archive)."""
        self._load_sidebar()
        self.apply_filter(keep_key)

    def _load_sidebar(self) -> None:
        """Read tag names (dropping filter tags that no longer exist) and fill the panes
        once they are mounted. Cheap: the counts are kept by the archive."""
        tags = self.archive.tag_counts()
        self._tag_names = {t.key: t.name for t in tags}
        self.post_filter = filter_state.known_tags_only(self.post_filter, self._tag_names)
        if (panes := self.sidebar_panes()) is not None:
            panes[0].set_tags(tags, self.post_filter.tags)
            panes[1].set_months(self.archive.month_counts())

    def apply_filter(
        self, keep_key: int | None = None, preview: bool = True, preview_soon: bool = False
    ) -> None:
        """Show the list for the filter, and its post in the pane: now (`preview`), or
        once keys stop coming (`preview_soon`, while a search is typed: opening a post per
        letter, a long one rendering in the background, would hold up the next key)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()  # a new list: the old cursor's preview is moot
        post_list = self.query_one(PostList)
        if keep_key is None and post_list.current is not None:
            keep_key = post_list.current.key
        post_filter = self.post_filter
        total = self.archive.count_posts(post_filter)
        position = self.archive.position_of(post_filter, keep_key) if keep_key else None
        post_list.set_rows(
            lambda offset, limit: self.archive.list_posts(post_filter, limit=limit, offset=offset),
            total,
            position or 0,
        )
        reader, current = self.query_one(PostReader), post_list.current
        moving_on = (
            (preview or preview_soon)
            and current is not None
            and (reader.post is None or reader.post.summary.key != current.key)
        )
        # While a search is typed, the pane's marks wait for the keys to stop, as its post does.
        reader.set_highlight(
            match_pattern(post_filter.query), redraw=not (moving_on or preview_soon)
        )
        self.refresh_bindings()  # the footer: n is "next match" only while searching
        self.query_one(FilterBar).show_filter(post_filter, self._tag_names, total)
        self.show_empty_state(total)
        if preview_soon:
            self._follow_cursor_soon(TYPING_PREVIEW_DELAY)
        elif preview:
            self._preview(post_list.current)
            self.eye.save_state(self._state())

    def show_empty_state(self, total: int) -> None:
        archive_empty = total == 0 and self.post_filter.is_empty
        self.set_class(archive_empty, "-empty")
        if not archive_empty:
            if total == 0:
                why, what_to_do = filter_state.nothing_found(self.post_filter)
                self.query_one(PostReader).show_message(note(why, "", what_to_do))
            return
        self.query_one("#empty", Static).update(
            empty_archive_message(
                refreshing=self.refreshing,
                offline=self.eye.settings.offline,
                error=self.refresh_error,
                site=fetched_from(self.archive, self.eye.settings.feed_url),
                read=self.archive.get_meta("last_refresh") is not None,
            )
        )

    def _state(self) -> dict[str, object]:
        current = self.query_one(PostList).current
        # A new post starts at its top next time; quitting records the place in it.
        return {
            **filter_state.to_saved(self.post_filter, current.key if current else None),
            "post_scroll": None,
        }

    # -- the list and the reading pane ---------------------------------------------------

    @on(PostList.Highlighted)
    def _cursor_moved(self, event: PostList.Highlighted) -> None:
        typing = self.focused is not None and self.focused.id == "search"
        self._follow_cursor_soon(TYPING_PREVIEW_DELAY if typing else PREVIEW_DELAY)

    def _follow_cursor_soon(self, delay: float = PREVIEW_DELAY) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()

        def follow_cursor() -> None:
            # The list's post when the timer fires: a filter may have changed it since.
            self._preview(self.query_one(PostList).current)
            self.eye.save_state(self._state())

        self._preview_timer = self.set_timer(delay, follow_cursor)

    def _preview(self, summary: PostSummary | None) -> None:
        reader = self.query_one(PostReader)
        if summary is None:
            return  # an empty list: _show_empty_state has said why
        if reader.post is not None and reader.post.summary.key == summary.key:
            reader.draw_held_marks()
            return
        post = self.archive.get_post(summary.key)
        if post is not None:
            self.kept_unread = None  # kept while it was shown, not for good
            reader.show_post(post, self.archive.comments_for(summary.key))

    @on(PostList.Opened)
    def _post_opened(self, event: PostList.Opened) -> None:
        self.open_post(event.post)

    @on(events.DescendantFocus, "#reader")
    def _reading_in_the_pane(self) -> None:
        # Going into the pane (Tab, a click, f) is opening the post it shows.
        self.read_shown_post()

    def open_post(self, summary: PostSummary) -> None:
        """Show a post and mark it read (committed at once: a crash loses nothing)."""
        post = self.archive.get_post(summary.key)
        if post is None:
            return
        reader = self.query_one(PostReader)
        if reader.post is None or reader.post.summary.key != summary.key:
            self.kept_unread = None
            reader.show_post(post, self.archive.comments_for(summary.key))
        unread = not summary.read and not self.archive.read_only
        if unread and self.eye.saved(lambda: self.archive.set_read(summary.key, True)):
            self.query_one(PostList).mark(summary.key, read=True)
            self.update_status()
        self.eye.save_state(self._state())

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if self.has_class("-full-reader"):
            self.action_toggle_full_reader()
        elif self.post_filter.query or search.value or self.focused is search:
            # Words typed but not yet searched ("keep typing…") go too.
            self.clear_search()
            self.query_one(PostList).focus()
        else:  # from the sidebar, or on the list already (by / and Esc, Tab, a click)
            self.fold_sidebar()

    def on_unmount(self) -> None:
        self.refresher.stop()  # quitting never waits for the network

    def remember_reading_place(self) -> None:
        """Called on quitting: where the resident was in the open post, for next time."""
        reader = self.query_one(PostReader)
        if reader.post is not None:
            self.eye.save_state({"post_scroll": reader.scroll_offset.y})

    @on(PostReader.Rendered)
    def _post_rendered(self, event: PostReader.Rendered) -> None:
        """The remembered post is drawn in full: go back to where the resident was."""
        wanted, self._scroll_to_restore = self._scroll_to_restore, None
        current = self.query_one(PostList).current
        if isinstance(wanted, int) and current is not None and current.key == event.key:
            # After the next layout: until then the pane's new height is not known.
            reader = self.query_one(PostReader)
            self.call_after_refresh(reader.scroll_to, y=wanted, animate=False)

    def action_open_sample(self) -> None:
        self.eye.open_sample()
        self.refresh_error = None
        self.reload()
        self.update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_sample":
            return self.has_class("-empty")
        if action == "next_match":
            # False hides it and lets n fall through to "next unread".
            return bool(self.post_filter.query)
        return True

    # -- help and status -----------------------------------------------------------------

    def action_help(self) -> None:
        from eye_tui.ui.screens.help import HelpScreen, key_rows

        own = [
            (binding, self.app.get_key_display(binding))
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
            and (
                self.check_action(binding.action.split("(")[0], ()) is not False
                or binding.action.startswith("next_match")  # listed even when not searching
            )
        ]
        self.app.push_screen(HelpScreen(key_rows(own)))

    def update_status(self) -> None:
        running = self.refresher.running
        if running:  # several times a second: the refreshing line shows only the posts
            posts, unread, starred = self.archive.count_posts(), 0, 0
        else:
            posts, unread, starred = self.archive.status_counts()
        self.set_class(running, "-refreshing")
        report = self.refresher.report
        if running:  # pages against the total when the site says it, else just moving
            total = report.pages_total if report else None
            self.query_one(ProgressBar).update(total=total, progress=report.pages if report else 0)
        self.query_one(StatusLine).show(
            posts=posts,
            unread=unread,
            starred=starred,
            last_refresh=self.archive.get_meta("last_refresh"),
            next_refresh=self.network.next_at,
            activity=progress_text(self.refresher.report) if running else self.pictures_activity,
            error=self.refresh_error,
            offline=self.eye.settings.offline,
            history_complete=self.archive.history()[0],
            read_only=self.archive.read_only,
            sample=self.eye.demo,
        )
