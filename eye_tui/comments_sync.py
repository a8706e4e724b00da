"""Fetching a post's comments: through the site's API where it serves the post, else
the post's own comment feed (WordPress gives each post one under its address)."""

from typing import TYPE_CHECKING

from eye_tui import rest_found, rest_sync
from eye_tui.errors import NotAFeedError
from eye_tui.feed import parse_comments
from eye_tui.links import same_site
from eye_tui.model import utc_now
from eye_tui.net import Fetcher, is_local

if TYPE_CHECKING:
    from eye_tui.sync import Sync


def comments_of_post(sync: "Sync", post_key: int, url: str) -> int:
    """One post's comments (the reader's `c`): how many were new."""
    archive = sync.archive
    api = rest_found.remembered_api(archive)
    post = archive.get_post(post_key)
    with sync.open_fetcher() as fetcher:
        # The API numbers its own site's posts: a post read from another site
        # (the archive's feed changed since) has its own comment feed.
        if api and post and post.wp_id is not None and same_site(post.summary.link, api):
            try:
                return sync.rest_walk(api).comments_of(fetcher, post_key, post.wp_id)
            except (rest_sync.RestUnavailable, NotAFeedError):
                pass  # the post's comment feed, as on any other site
        link = post.summary.link if post else ""
        if not url and post and post.wp_id is not None and link.endswith("/"):
            url = link + "feed/"  # read from an API: WordPress's feed of its comments
        return from_comment_feed(sync, fetcher, post_key, url)


def from_comment_feed(sync: "Sync", fetcher: Fetcher, post_key: int, url: str) -> int:
    """A post's comments from its comment feed: how many were new."""
    if is_local(url):
        return 0  # a feed file names no comment feeds we could reach
    fetched = fetcher.get(url, sync.archive.validators_for(url))
    sync.count_request(fetched)
    if fetched.status != 200:
        return 0
    comments = parse_comments(
        fetched.body, source=url, content_type=fetched.content_type, fetched_at=utc_now()
    )
    new = sync.archive.store_comments(
        post_key, url, comments, fetched.validators, fetched.wire_bytes
    )
    sync.report.comments += new
    return new
