"""Which site an archive belongs to: one archive, one feed.

The first refresh records the feed it read. A later run that names no feed (no flag,
environment or config.toml) reads that one again instead of the default site, so an
archive filled with `--feed X` never gets the Enderby EYE mixed in by accident.
"""

from dataclasses import replace
from pathlib import PurePath
from urllib.parse import urlsplit

from eye_tui.archive import Archive
from eye_tui.config import DEFAULT_FEED_URL, Settings
from eye_tui.feed_names import site_title

FEED_KEY = "feed_url"
# A web page given for the feed (the site's address), from which the feed was found.
FEED_PAGE_KEY = "feed_page"
# "1" when that address was no page but the feed itself, since moved for good (301, 308).
FEED_MOVED_KEY = "feed_moved"
TITLE_KEY = "site_title"
DEFAULT_TITLE = "Enderby EYE"


def settings_for(archive: Archive, settings: Settings) -> Settings:
    """The settings with the archive's own feed, unless one was chosen this time."""
    stored = archive.get_meta(FEED_KEY)
    if stored and not settings.feed_chosen:
        return replace(settings, feed_url=stored)
    feed = feed_of(archive, settings.feed_url)
    return settings if feed == settings.feed_url else replace(settings, feed_url=feed)


def feed_of(archive: Archive, address: str) -> str:
    """The feed to read for `address`: the one found from it before, when it was the
    site's web page; else the address itself."""
    stored = archive.get_meta(FEED_KEY)
    if stored and address == archive.get_meta(FEED_PAGE_KEY):
        return stored
    return address


def feed_page(archive: Archive, feed: str) -> tuple[str | None, bool]:
    """The address `feed` was found from, if it was (`info` says so), and whether that
    was the feed's old address rather than a web page."""
    if archive.get_meta(FEED_KEY) != feed:
        return None, False
    return archive.get_meta(FEED_PAGE_KEY), archive.get_meta(FEED_MOVED_KEY) == "1"


def remember_feed(
    archive: Archive, settings: Settings, page: str | None = None, moved: bool = False
) -> None:
    """Record the feed this archive is filled from (called on a refresh), and the web
    page it was found from, or the address it moved from, if either."""
    if archive.get_meta(FEED_KEY) != settings.feed_url:
        archive.set_meta(FEED_KEY, settings.feed_url)
    if page is not None and archive.get_meta(FEED_PAGE_KEY) != page:
        archive.set_meta(FEED_PAGE_KEY, page)
    if page is not None and archive.get_meta(FEED_MOVED_KEY) != ("1" if moved else None):
        archive.set_meta(FEED_MOVED_KEY, "1" if moved else None)


def title_of(archive: Archive) -> str:
    """The site's own name, as its feed gives it: the reader's header says whose news
    it shows (the Enderby EYE until a feed has named itself)."""
    return archive.get_meta(TITLE_KEY) or DEFAULT_TITLE


def remember_title(archive: Archive, feed_document: bytes) -> None:
    """Record the name a feed's first page gives its site, when it gives one."""
    title = site_title(feed_document)
    if title and archive.get_meta(TITLE_KEY) != title:
        archive.set_meta(TITLE_KEY, title)


def fetched_from(archive: Archive, feed_url: str) -> str:
    """What a first fetch is said to fetch: the site by its name once its feed has given
    one, else the Enderby EYE, another site's host, or a feed file's name."""
    if title := archive.get_meta(TITLE_KEY):
        return title
    if feed_url == DEFAULT_FEED_URL:
        return "the Enderby EYE"
    try:
        parts = urlsplit(feed_url)
    except ValueError:
        return feed_url
    if parts.scheme in ("http", "https") and parts.hostname:
        return parts.hostname
    return PurePath(parts.path or feed_url).name or feed_url
