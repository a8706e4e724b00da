"""Whether a site's WordPress REST API works: found from its feed once (the `Link`
header, or the page's look), probed, and remembered in the archive — a working one is
used at every refresh (rest_sync.py), one that failed rests a day before it is tried
again."""

import time
from collections.abc import Callable

from eye_tui import rest
from eye_tui.archive import Archive
from eye_tui.errors import FetchError
from eye_tui.net import Fetched, Fetcher, is_local

# What the archive remembers about the site's API (meta keys).
API_KEY = "rest_api"  # the API's root, while it works
CHECKED_KEY = "rest_checked"  # the feed has been looked at for an API at least once
MISSING_KEY = "rest_missing"  # "<unix time> <reason>": tried, did not work
# An API that failed is asked again after this long, not at every refresh.
RETRY_AFTER = 24 * 3600
# Answers that say something about the API rather than fail the request.
ACCEPT = (400, 401, 403, 404)


def remembered_api(archive: Archive) -> str | None:
    return archive.get_meta(API_KEY)


def api_in_sight(
    archive: Archive,
    fetcher: Fetcher,
    feed: str,
    first: Fetched,
    count: Callable[[Fetched], None],
) -> str | None:
    """The site's API, if the feed's first page points to one that works now. Asked
    once; one that failed is asked again a day later, not at every refresh. An
    archive never checked whose feed is unchanged (304: no headers to read) asks
    beside the feed, once."""
    checked = archive.get_meta(CHECKED_KEY) is not None
    if is_local(feed) or not may_try(archive) or (checked and first.status != 200):
        return None
    if not checked:
        archive.set_meta(CHECKED_KEY, "1")
    if first.status == 304:
        api: str | None = rest.api_beside_feed(feed)
    else:
        api = rest.api_from_link_header(first.headers.get("link", ""), first.url)
        if api is None and rest.looks_like_wordpress(first.body):
            api = rest.api_beside_feed(feed)
    if api is None:
        return None
    problem = probe(fetcher, api, count)
    if problem is not None:
        remember_missing(archive, problem)
        return None
    return api


def may_try(archive: Archive) -> bool:
    """False while a failed API is resting (see RETRY_AFTER)."""
    missing = archive.get_meta(MISSING_KEY) or ""
    when = missing.split(" ", 1)[0]
    return not when.isdigit() or time.time() - int(when) > RETRY_AFTER


def remember_working(archive: Archive, api: str) -> None:
    archive.set_meta(API_KEY, api)
    archive.set_meta(MISSING_KEY, None)


def remember_missing(archive: Archive, reason: str) -> None:
    archive.set_meta(API_KEY, None)
    archive.set_meta(MISSING_KEY, f"{int(time.time())} {reason}")


def probe(fetcher: Fetcher, api: str, count: Callable[[Fetched], None]) -> str | None:
    """None when the API answers as WordPress's does; else why not."""
    url = rest.route(api, "posts", per_page=1, _fields="id")
    try:
        fetched = fetcher.get(url, accept=ACCEPT)
    except FetchError as error:
        return str(error)
    count(fetched)
    problem = rest.why_not_an_api(fetched.status, fetched.body, fetched.content_type)
    if problem is None and fetched.status != 200:
        problem = f"answered HTTP {fetched.status}"
    return problem
