"""An archive pointed at another site's feed (`--feed`, or the feed setting changed).

What the archive learnt of its site (the API, how far its history was read, how many
posts the site has, its name, a wait it asked for) is about that site alone. It is
forgotten once the other feed has answered, not before: a mistyped address leaves it
all as it was. The posts stay; a site that moved brings the same posts back, not twice.
"""

from eye_tui import rest_found, rest_sync
from eye_tui.archive import Archive
from eye_tui.asked_to_wait import WAIT_KEY
from eye_tui.links import address_variants
from eye_tui.sites import FEED_KEY, FEED_MOVED_KEY, FEED_PAGE_KEY, TITLE_KEY

SITE_KEYS = (
    FEED_PAGE_KEY,
    FEED_MOVED_KEY,
    TITLE_KEY,
    WAIT_KEY,
    rest_found.API_KEY,
    rest_found.CHECKED_KEY,
    rest_found.MISSING_KEY,
    rest_sync.SINCE_KEY,
    rest_sync.TOTAL_KEY,
    rest_sync.COMMENTS_PAGE_KEY,
)


def is_another_site(archive: Archive, feed: str) -> bool:
    """Whether `feed` is not the one the archive was filled from, however spelt (http
    or https, "www." or not, a trailing slash or not); a new archive's: no."""
    recorded = archive.get_meta(FEED_KEY)
    return recorded not in (None, feed, *address_variants(feed))


def forget_site(archive: Archive) -> None:
    """Forget what the archive knew of the site it was filled from before."""
    archive.forget_history()  # the feed's pages and the API's walk alike
    for key in SITE_KEYS:
        archive.set_meta(key, None)
