"""What the main screen does about refreshes and comments: start them, show how they go,
say how they ended. The screen owns one of these and hands it the messages."""

import time
from typing import TYPE_CHECKING, Literal

from textual.timer import Timer
from textual.worker import Worker, WorkerState

from eye_tui.model import StoredPost, author_words
from eye_tui.sites import title_of
from eye_tui.ui.background import (
    REFRESH_GROUP,
    CommentsFetched,
    PicturesFetched,
    RefreshEnded,
    RefreshProgress,
)
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.status import friendly_time, progress_text

if TYPE_CHECKING:
    from eye_tui.ui.screens.main import MainScreen


Starter = Literal["key", "start-up", "schedule"]
ARCHIVE_LOOKED_AT_EVERY = 2.0  # seconds: how soon another program's posts and marks show


class RefreshController:
    def __init__(self, screen: "MainScreen") -> None:
        self.screen = screen
        # Who started the refresh running (or last run): "key" (R, H), "start-up" or
        # "schedule" (refresh_minutes); _failed says a failure by who asked.
        self.started_by: Starter = "start-up"
        self.scheduled: Timer | None = None  # refresh_minutes
        self.next_at: float | None = None  # when it next refreshes, as time.time()
        self.posts_known = 0  # posts in the archive when it was last read

    def schedule(self) -> None:
        """refresh_minutes: refresh that often while the reader is open, as the start-up
        refresh does (a server's wait respected, no word unless something came or failed)."""
        minutes = self.screen.eye.settings.refresh_minutes
        if minutes > 0 and self.screen.eye.offline_reason() is None:
            self.scheduled = self.screen.set_interval(minutes * 60, self._on_schedule)
            self.next_at = time.time() + minutes * 60

    def watch_archive(self) -> None:
        """Posts and marks another program stores (a cron `eye-tui refresh`, a second
        reader, `mark-read`) are shown within seconds: SQLite tells, for one pragma, when
        another connection has written the file."""
        self.posts_known = self.screen.archive.status_counts()[0]
        self.screen.set_interval(ARCHIVE_LOOKED_AT_EVERY, self._look_at_archive)

    def _look_at_archive(self) -> None:
        screen = self.screen
        # A refresh of ours shows its own pages; what it wrote is taken in as it ends.
        if screen.refresher.running or not screen.archive.changed_elsewhere():
            return
        self._show_site_title()
        screen.reload()
        self._redraw_open_post_if_changed()
        screen.update_status()
        posts = screen.archive.status_counts()[0]
        known, self.posts_known = self.posts_known, posts
        if posts > known:
            new = posts - known
            screen.notify(
                f"{new} new post{'s' * (new != 1)}, stored by another eye-tui.", timeout=4
            )

    def _on_schedule(self) -> None:
        self.next_at = time.time() + self.screen.eye.settings.refresh_minutes * 60
        if not self.screen.refresher.running:  # one running (R, H) does the same
            self.refresh(manual=False, by="schedule")
        self.screen.update_status()  # the next time, shown

    def refresh(
        self, all_pages: bool = False, manual: bool = True, by: Starter = "start-up"
    ) -> None:
        """Start a refresh; `manual` when the resident asked (R, H), else started `by`."""
        screen, refresher = self.screen, self.screen.refresher
        if manual and screen.eye.leave_sample():  # the sample was a stopgap: to the site
            screen.reload()
        if (reason := screen.eye.offline_reason()) is not None:
            screen.notify(f"Offline ({reason}): not refreshing.", timeout=3)
            return
        if refresher.running:
            screen.notify(
                "A refresh is already running: " + progress_text(refresher.report),
                timeout=3,
                markup=False,
            )
            if manual:  # asked for now: how it ends is said, as for one R started
                self.started_by = "key"
            return
        screen.refresh_error = None
        self.started_by = "key" if manual else by
        refresher.start(
            screen.eye.settings, screen.archive.path, all_pages=all_pages, manual=manual
        )
        screen.update_status()
        screen.show_empty_state(screen.query_one(PostList).total)

    def fetch_history(self) -> None:
        if self.screen.archive.history()[0]:
            self.screen.notify("The whole history is already here.", timeout=3)
            return
        self.refresh(all_pages=True)

    def progress(self, event: RefreshProgress) -> None:
        refresher = self.screen.refresher
        stored_before = refresher.report.pages if refresher.report else 0
        refresher.report = event.report
        if event.report.pages != stored_before:  # a page was committed: show its posts
            self._show_site_title()
            self.screen.reload()
            self._redraw_open_post_if_changed()
        self.screen.update_status()

    def ended(self, event: RefreshEnded) -> None:
        self.screen.refresher.ended()
        self._show_site_title()
        # Our own writing is read now and said below; another's after this shows later.
        self.screen.archive.changed_elsewhere()
        self.screen.reload()  # what arrived; or, if nothing, the empty archive's message
        self.posts_known = self.screen.archive.status_counts()[0]
        if event.report is not None and event.report.notice:
            notice = event.report.notice  # str.capitalize would make "the site's API" "api"
            self.screen.notify(notice[:1].upper() + notice[1:] + ".", markup=False, timeout=6)
        if event.error is not None:
            self._failed(event.error)
        elif event.report is not None and (event.report.new or event.report.updated):
            self._pictures_with_refresh(event.report.new)
            self.screen.notify(
                f"{event.report.new} new, {event.report.updated} updated.",
                title="Refreshed",
                timeout=4,
            )
        self.screen.update_status()

    def _show_site_title(self) -> None:
        """The header names the site as its feed does, once a feed has said it."""
        self.screen.app.title = title_of(self.screen.archive)

    def _pictures_with_refresh(self, new: int) -> None:
        """pictures = "with-refresh": the new posts' pictures follow the refresh."""
        screen = self.screen
        if screen.eye.settings.pictures != "with-refresh" or not new:
            return
        keys = [post.key for post in screen.archive.list_posts(limit=new)]
        screen.refresher.fetch_pictures(screen.eye.settings, screen.archive.path, keys)

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker died of an error that is not ours: say so, and leave R working."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        detail = f"{type(error).__name__}: {error}" if error else "unknown error"
        if event.worker.group == REFRESH_GROUP:
            self.screen.refresher.ended()
            self.screen.reload()
            self._failed(f"something went wrong ({detail})")
            self.screen.update_status()
        else:
            self.screen.notify(f"Something went wrong: {detail}", severity="error", markup=False)

    def comments(self) -> None:
        screen = self.screen
        reader = screen.query_one(PostReader)
        if reader.post is None:
            screen.say_no_post()
            return
        post = reader.post
        # A post from the site's API carries no comment count: its comments are asked
        # for, unless the site has closed them and none were left.
        from_api = post.comments_open is not None
        if post.comments_open is False and post.summary.comment_count == 0:
            screen.notify("Comments are closed on this post.", timeout=3)
            return
        if not from_api and (not post.comments_url or post.summary.comment_count == 0):
            screen.notify("This post has no comments.", timeout=3)
            return
        if screen.eye.settings.offline:
            stored = len(screen.archive.comments_for(reader.post.summary.key))
            total = reader.post.summary.comment_count
            screen.notify(f"Offline: {stored} of {total} comments stored.", timeout=3)
            reader.scroll_to_comments()
            return
        screen.notify("Fetching comments…", timeout=2)
        screen.refresher.fetch_comments(
            screen.eye.settings,
            screen.archive.path,
            reader.post.summary.key,
            reader.post.comments_url,
        )

    def pictures(self) -> None:
        """The i key: keep this post's pictures now, and draw them."""
        screen = self.screen
        reader = screen.query_one(PostReader)
        if reader.post is None:
            screen.say_no_post()
            return
        if reader.body_pictures == ():
            screen.notify("This post has no pictures.", timeout=3)
            return
        screen.read_shown_post()  # its pictures are read with it, as its comments are
        count = len(reader.body_pictures)
        if screen.eye.settings.pictures == "off":
            screen.notify('Pictures are off (pictures = "off" in config.toml).', timeout=4)
            return
        if (reason := screen.eye.offline_reason()) is not None:
            kept = len(reader.kept_pictures(reader.body_pictures))
            screen.notify(f"Offline ({reason}): {kept} of {count} pictures kept.", timeout=4)
            return
        screen.notify(f"Fetching {count} picture{'s' * (count != 1)}…", timeout=2)
        screen.refresher.fetch_pictures(
            screen.eye.settings, screen.archive.path, [reader.post.summary.key]
        )

    def pictures_fetched(self, event: PicturesFetched) -> None:
        screen = self.screen
        if event.error is not None:
            screen.notify(event.error, title="Pictures not fetched", severity="error", markup=False)
            return
        message = f"{event.kept} picture{'s' * (event.kept != 1)} kept for offline reading."
        if event.not_kept:
            message += f" Not kept: {event.not_kept}"
        screen.notify(message, markup=False, timeout=6)
        reader = screen.query_one(PostReader)
        if reader.post is not None and reader.post.summary.key in event.post_keys:
            reader.redraw_pictures()

    def comments_fetched(self, event: CommentsFetched) -> None:
        screen = self.screen
        reader = screen.query_one(PostReader)
        if event.error is not None:
            # Comments fetched before are still worth reading: shown, and said.
            stored = len(screen.archive.comments_for(event.post_key))
            shown = reader.post is not None and reader.post.summary.key == event.post_key
            if stored and shown and reader.scroll_to_comments():
                noun = "comment stored is" if stored == 1 else "comments stored are"
                error = f"{event.error}. The {stored} {noun} shown."
            else:
                error = event.error
            screen.notify(error, title="Comments not fetched", severity="error", markup=False)
            return
        post = screen.archive.get_post(event.post_key)
        if post is not None:  # the API gives no count: the list learns it from the comments
            screen.query_one(PostList).update_row(post.summary)
        if post is None or reader.post is None or reader.post.summary.key != post.summary.key:
            return  # the reader moved on meanwhile: the comments are stored for later
        comments = screen.archive.comments_for(event.post_key)
        reader.show_post(post, comments)
        if not comments:
            screen.notify("No comments on this post yet.", timeout=3)
            return
        screen.notify(f"{len(comments)} comment{'s' * (len(comments) != 1)}.", timeout=3)
        screen.call_after_refresh(reader.scroll_to_comments)

    def _redraw_open_post_if_changed(self) -> None:
        """A refresh brought an edited version of the post being read: show it, say so."""
        reader = self.screen.query_one(PostReader)
        if reader.post is None:
            return
        fresh, shown = self.screen.archive.get_post(reader.post.summary.key), reader.post
        if fresh is None or _drawn(fresh) == _drawn(shown):
            return
        reader.show_post(fresh, self.screen.archive.comments_for(fresh.summary.key))
        # Only new words are an edit: sections or a picture learnt from the site's API
        # are drawn without a word.
        if (author_words(fresh.html), fresh.summary.title) != (
            author_words(shown.html),
            shown.summary.title,
        ):
            self.screen.notify("The post you are reading was updated on the site.", timeout=5)

    def _failed(self, error: str) -> None:
        screen = self.screen
        screen.refresh_error = error
        screen.show_empty_state(screen.query_one(PostList).total)  # now with the error
        if screen.has_class("-empty") and self.started_by != "key":
            return  # that message says it in full, with what to do: no notice over it
        if self.started_by == "schedule":
            return  # the status line says it; a notice every few minutes offline would nag
        last = screen.archive.get_meta("last_refresh")
        when = friendly_time(last) if last else "never"
        screen.notify(
            f"{error}\nLast good refresh: {when}. Press R to try again.",
            title="Refresh failed",
            severity="error",
            markup=False,
            timeout=8,
        )


def _drawn(post: StoredPost) -> tuple[object, ...]:
    """What of a post the pane draws (its read mark is drawn by the list)."""
    s = post.summary
    return (post.html, s.title, s.categories, s.tags, s.author, post.comments_open, post.is_summary)
