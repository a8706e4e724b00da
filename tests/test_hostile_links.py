"""Hostile links and servers: redirects nowhere, lookalike hosts, deceptive links, a site that
asks us to wait, and links shared by distinct posts. Each case failed before its fix."""

from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from textual.widgets import OptionList

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import Settings
from eye_tui.feed import parse_feed
from eye_tui.paths import archive_path
from tests.hostile import rss
from tests.pilot import RecordingApp, archive_of, reader_text, started, wait_for
from tests.site import WordPressSite, make_posts

LYING_REDIRECTS = [
    "javascript:alert(1)",
    "http://exa mple.com/feed/",
    "http://\x7f\x01/feed/",
    "https://[::1/feed/",
    "http://example.com:99999/feed/",
    "http://a@b@/feed/",
    "data:text/html,<b>x</b>",
    "file:///etc/passwd",
    "http:///no-host",
    "http://" + "a" * 300 + ".example/feed/",  # a label IDNA refuses
    "http://xn--zz-/feed/",
    "http://exa\u00admple.com/feed/",
    "http://ex\u0000ample.com/feed/",
    "http://例え.テスト/" + "\U0001f600" * 3,
]

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("location", LYING_REDIRECTS)
def test_a_redirect_to_an_address_no_browser_would_take_is_one_clear_line(
    location: str, site: WordPressSite, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def redirect(handler: BaseHTTPRequestHandler) -> bool:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True

    site.fault = redirect
    code = main(["--data-dir", str(data_dir), "--feed", site.url, "refresh"])
    error = capsys.readouterr().err
    assert code == 1 and error.count("\n") == 1 and "Traceback" not in error, error
    assert error.startswith("eye-tui: "), error


async def test_the_reader_ends_a_refresh_that_was_redirected_nowhere(
    site: WordPressSite, settings: Settings
) -> None:
    def redirect(handler: BaseHTTPRequestHandler) -> bool:
        handler.send_response(302)
        handler.send_header("Location", "http://exa mple.com/\x7f")
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True

    site.fault = redirect
    app = RecordingApp(replace(settings, offline=False))
    async with app.run_test(size=(100, 30)) as pilot:

        def status() -> str:
            return str(app.screen.query_one("#status").render())

        await wait_for(pilot, lambda: not app.screen.refreshing and "Refresh failed" in status())
        assert "Refreshing" not in status()
        # The archive is empty: its message says why, in one clear line of its own.
        said = str(app.screen.query_one("#empty").render())
        assert said.startswith("Your archive is empty: ") and "\x7f" not in said, said


def test_lookalike_hosts_are_shown_as_the_browser_resolves_them() -> None:
    from eye_tui.links import describe, shown_url

    cyrillic_e = "https://www.\u0435nderbyeye.co.uk/login"  # "е" is Cyrillic
    found = describe(
        [
            cyrillic_e,
            "https://evil.example/x",
            "https://www.blaby.gov.uk/bins",
            "https://münchen.de/",
        ],
        ["Log in", "www.barclays.co.uk", "bin days at www.blaby.gov.uk", "München"],
    )
    assert found[0].host == "xn--nderbyeye-f0h.co.uk" and "another alphabet" in found[0].warning
    assert found[1].warning == "the text says barclays.co.uk, but the link goes to evil.example"
    assert [f.warning for f in found[2:]] == ["", ""]  # honest links, one in German
    assert found[3].host == "münchen.de"
    assert shown_url(cyrillic_e) == "https://www.xn--nderbyeye-f0h.co.uk/login"


def test_a_file_named_in_a_links_words_is_no_site_named() -> None:
    """WordPress links an upload by its file name ("Minutes-March.pdf"), which reads like
    a host ending in .pdf: no warning. .zip and .mov are sites' names too (Google's), so
    those are a file's only where the address ends in that very file."""
    from eye_tui.links import describe

    uploads = "http://www.enderbyeye.co.uk/wp-content/uploads/2024/03"
    found = describe(
        [
            f"{uploads}/Minutes-March-1.pdf",
            f"{uploads}/fete-photos.zip",
            "https://evil.example/payload",
            f"{uploads}/band.flac",
        ],
        ["Minutes-March.pdf", "fete-photos.zip", "invoice.zip", "Listen: band.flac"],
    )
    assert [f.warning for f in found] == [
        "",
        "",
        "the text says invoice.zip, but the link goes to evil.example",
        "",
    ]


async def test_a_deceptive_link_is_only_opened_when_asked_twice(
    data_dir: Path, browser: Path
) -> None:
    from eye_tui.ui.screens.links import LinksScreen

    lookalike = "https://www.\u0435nderbyeye.co.uk/login"
    posts = make_posts(1)
    posts[0].html = f'<p><a href="{lookalike}">Log in to comment</a></p>'
    app = RecordingApp(archive_of(posts, data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "xn--nderbyeye-f0h.co.uk" in reader_text(app))
        assert "\u0435nderbyeye" not in reader_text(app)  # the pane's list shows punycode
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        row = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "⚠" in row and "xn--nderbyeye-f0h" in row
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Careful" in n.message for n in app.notices))
        assert browser.read_text() == ""  # not opened on the first try
        await pilot.press("1")
        await wait_for(pilot, lambda: browser.read_text() != "")
    assert browser.read_text().split() == [lookalike]  # asked twice, opened once


def test_guids_are_trimmed_but_distinct_posts_sharing_a_link_are_never_merged() -> None:
    same = rss(
        "<item><title>A</title><guid> g1 </guid></item><item><title>A</title><guid>g1</guid></item>"
    )
    assert len(parse_feed(same, fetched_at=NOW).posts) == 1
    shared = "".join(
        f"<item><title>Notice {n}</title><link>http://council.example/news</link>"
        f"<pubDate>Mon, 0{n} Jan 2024 09:00:00 +0000</pubDate></item>"
        for n in range(1, 6)
    )
    first = parse_feed(rss(shared), fetched_at=NOW).posts
    again = parse_feed(rss(shared), fetched_at=NOW).posts
    assert [p.title for p in first] == [f"Notice {n}" for n in range(1, 6)]
    assert [p.id for p in first] == [p.id for p in again]  # the same posts next time
    lone = parse_feed(
        rss("<item><title>Only</title><link>http://x/only</link></item>"), fetched_at=NOW
    )
    assert lone.posts[0].id == "http://x/only"  # as before: a unique link is the identity


async def test_the_reader_starts_without_asking_a_site_that_asked_us_to_wait(
    site: WordPressSite, settings: Settings
) -> None:
    import time

    from eye_tui.asked_to_wait import WAIT_KEY
    from tests.pilot import filled

    online = filled(settings, offline=False)
    with Archive(archive_path(settings.data_dir)) as archive:
        archive.set_meta(WAIT_KEY, str(int(time.time()) + 3600))
    site.requests.clear()
    app = RecordingApp(online)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: not app.screen.refreshing and app.screen.refresh_error)
        assert not site.requests
        assert "not asking before then" in str(app.screen.query_one("#status").render())
        await pilot.press("R")  # by hand: asks, and says so
        await wait_for(pilot, lambda: any("asking anyway" in n.message for n in app.notices))
        assert site.requests
