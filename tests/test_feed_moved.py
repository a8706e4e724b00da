"""A feed that moved: a permanent redirect (301, 308) is followed once and remembered,
so a slow link does not pay a round trip for it on every refresh; a temporary one
(302, 307) is followed every time, as the site asks."""

from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import NotAFeedError
from eye_tui.sites import settings_for
from eye_tui.sync import Sync
from tests.conftest import CliRun
from tests.site import Fault, WordPressSite, answer

OLD = "/old-feed/"


def moved(status: int, to: str = "/feed/") -> Fault:
    def fault(handler: BaseHTTPRequestHandler) -> bool:
        if not handler.path.startswith(OLD):
            return False
        where = to + handler.path.removeprefix(OLD)
        return answer(handler, status, headers={"Location": where})

    return fault


def moved_feed(site: WordPressSite, settings: Settings, status: int) -> Settings:
    """The site's feed asked at OLD, which answers `status` towards /feed/."""
    site.fault = moved(status)
    return replace(settings, feed_url=site.base + OLD)


@pytest.mark.parametrize("status", [301, 308])
def test_a_feed_moved_for_good_is_read_at_its_new_address(
    site: WordPressSite, archive: Archive, settings: Settings, status: int
) -> None:
    old = moved_feed(site, settings, status)
    assert Sync(archive, old).refresh(all_pages=True).new == 25
    assert site.paths()[:2] == [OLD, "/feed/"]
    # The history's pages were asked at the new address: no redirect each.
    assert site.paths().count(OLD) == 1
    # The next refresh, from the old address (config.toml still names it), goes
    # straight to the new one; so does a run that names no feed.
    site.requests.clear()
    Sync(archive, old).refresh()
    assert site.paths() == ["/feed/"]
    assert settings_for(archive, replace(old, feed_chosen=False)).feed_url == site.url
    assert archive.count_posts() == 25


@pytest.mark.parametrize("status", [302, 307])
def test_a_feed_redirected_for_now_is_asked_at_its_own_address_again(
    site: WordPressSite, archive: Archive, settings: Settings, status: int
) -> None:
    old = moved_feed(site, settings, status)
    Sync(archive, old).refresh()
    site.requests.clear()
    Sync(archive, old).refresh()
    assert site.paths() == [OLD, "/feed/"]


def test_a_feed_moved_to_a_page_that_is_no_feed_is_not_remembered(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """A Wi-Fi login page answering every address with 301 must not become the feed."""

    def login(handler: BaseHTTPRequestHandler) -> bool:
        if handler.path.startswith(OLD):
            return answer(handler, 301, headers={"Location": "/login"})
        if handler.path == "/login":
            body = b"<html><head><title>Sign in</title></head><body>Wi-Fi</body></html>"
            return answer(handler, 200, body, {"Content-Type": "text/html"})
        return False

    site.fault = login
    old = replace(settings, feed_url=site.base + OLD)
    with pytest.raises(NotAFeedError):
        Sync(archive, old).refresh()
    site.fault = moved(301)
    site.requests.clear()
    Sync(archive, old).refresh()
    assert site.paths()[:2] == [OLD, "/feed/"]


def test_info_says_where_the_feed_moved_from(
    capsys: pytest.CaptureFixture[str], site: WordPressSite, data_dir: Path
) -> None:
    site.fault = moved(301)
    cli = CliRun(capsys, data_dir, site.base + OLD)
    assert cli("refresh")[0] == 0
    assert f"feed url       {site.url} (moved from {site.base}{OLD})\n" in cli("info")[1]


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirected_feed_unchanged_since_is_not_downloaded_again(
    site: WordPressSite, archive: Archive, settings: Settings, status: int
) -> None:
    """A feed sent on elsewhere (a feed service, a plugin's 302) was downloaded whole on
    every refresh: its ETag was kept under the address it was sent to, never asked."""
    old = moved_feed(site, settings, status)
    Sync(archive, old).refresh()
    again = Sync(archive, old).refresh()
    assert (again.not_modified, again.bytes, again.new) == (1, 0, 0)


def test_a_feed_that_moves_for_good_while_unchanged_is_read_there_next(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """Sent on for now at first, then moved for good: the answer is "not modified"
    from the new address, and the move is remembered all the same."""
    old = moved_feed(site, settings, 302)
    Sync(archive, old).refresh()
    site.fault = moved(301)
    assert Sync(archive, old).refresh().not_modified == 1
    site.requests.clear()
    Sync(archive, old).refresh()
    assert site.paths() == ["/feed/"]
