"""Where one refresh reads the feed, as it learns it: the address given, the feed a web
page given for it names instead, or the address the feed moved to for good (301, 308);
and what the archive keeps of that (sites.py) once the feed has answered."""

from dataclasses import replace

from eye_tui import another_site, feed_discovery
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.net import Fetched
from eye_tui.sites import FEED_KEY, feed_of, remember_feed


class FeedAddress:
    """The settings of one refresh, their feed_url following the feed wherever it is."""

    def __init__(self, archive: Archive, settings: Settings) -> None:
        self.archive = archive
        # The site's web page given for its feed, once before: its feed at once.
        self.settings = replace(settings, feed_url=feed_of(archive, settings.feed_url))
        self.page: str | None = None  # that page, when this refresh found the feed
        self.moved = False  # ...or the address given, which moved to the feed
        # Another site's feed than the archive's: what it knew of its own is not used.
        self.another_site = another_site.is_another_site(archive, self.settings.feed_url)

    @property
    def url(self) -> str:
        return self.settings.feed_url

    def instead(self, first: Fetched) -> str | None:
        """A web page given for the feed: the feed it names, read instead (once); one
        that names none raises NotAFeedError, saying where the feed would be."""
        if self.page:
            return None
        named = feed_discovery.feed_instead(self.url, first, self.archive.get_meta(FEED_KEY))
        if named is not None:
            self.page = self.url
            self._read_at(named)
        return named

    def follow_move(self, first: Fetched) -> str:
        """The feed, at the address it moved to for good, if it did: read there from now
        on, so a slow link does not pay for the redirect every time."""
        if first.moved and first.url != self.url:
            if self.page is None:  # else found from a web page, and still said to be
                self.page, self.moved = self.url, True
            self._read_at(first.url)
        return self.url

    def answered(self, feed: str) -> None:
        """The feed's first page came: if it is another site's, the last one's is over."""
        if self.another_site and another_site.is_another_site(self.archive, feed):
            another_site.forget_site(self.archive)
        self.another_site = False

    def remember(self) -> None:
        """The archive's feed from now on, and the page it was found from, if any."""
        remember_feed(self.archive, self.settings, self.page, self.moved)

    def _read_at(self, url: str) -> None:
        self.settings = replace(self.settings, feed_url=url)
