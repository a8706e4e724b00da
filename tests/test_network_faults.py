"""Network faults played by the loopback site: each ends in time, with one clear line,
and leaves the archive exactly as it was."""

import gzip
import socket
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import Settings
from eye_tui.errors import EyeError
from eye_tui.sync import Sync
from tests.conftest import archive_rows
from tests.site import WordPressSite

Handler = BaseHTTPRequestHandler
FAST = dict(connect_timeout=2.0, read_timeout=1.0, stall_window=2.0, min_rate=64.0, retries=1)


def headers(handler: Handler, status: int, extra: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for name, value in (extra or {}).items():
        handler.send_header(name, value)
    handler.end_headers()


def trickle(handler: Handler) -> bool:
    headers(handler, 200, {"Content-Type": "application/rss+xml", "Content-Length": "5000"})
    for _ in range(40):  # one byte at a time, bounded: at most 20 s
        try:
            handler.wfile.write(b"<")
            handler.wfile.flush()
        except OSError:
            break
        time.sleep(0.5)
    return True


def stall(handler: Handler) -> bool:
    headers(handler, 200, {"Content-Type": "application/rss+xml", "Content-Length": "5000"})
    handler.wfile.flush()
    time.sleep(8)
    return True


def reset_mid_body(handler: Handler) -> bool:
    headers(handler, 200, {"Content-Type": "application/rss+xml", "Content-Length": "20000"})
    handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>' + b" " * 500)
    handler.wfile.flush()
    # SO_LINGER 0: closing sends a TCP reset instead of a clean end.
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.wfile.close()  # the socket really closes only when its files are closed too
    handler.rfile.close()
    handler.connection.close()
    return True


def short_body(handler: Handler) -> bool:
    headers(handler, 200, {"Content-Type": "application/rss+xml", "Content-Length": "5000"})
    handler.wfile.write(b"<rss>")
    handler.close_connection = True
    return True


def huge_length(handler: Handler) -> bool:
    headers(handler, 200, {"Content-Type": "application/rss+xml", "Content-Length": str(10**12)})
    handler.close_connection = True
    return True


def redirect_loop(handler: Handler) -> bool:
    headers(handler, 302, {"Location": handler.path, "Content-Length": "0"})
    return True


def redirect_to(location: str) -> Callable[[Handler], bool]:
    def fault(handler: Handler) -> bool:
        headers(handler, 301, {"Location": location, "Content-Length": "0"})
        return True

    return fault


@cache
def gzip_bomb() -> bytes:
    """About 200 KB that unpacks to 200 MB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(200)) + packer.flush()


def bomb(handler: Handler) -> bool:
    body = gzip_bomb()
    headers(
        handler,
        200,
        {
            "Content-Type": "application/rss+xml",
            "Content-Encoding": "gzip",
            "Content-Length": str(len(body)),
        },
    )
    handler.wfile.write(body)
    return True


def status(code: int, retry_after: str | None = None) -> Callable[[Handler], bool]:
    def fault(handler: Handler) -> bool:
        extra = {"Content-Length": "0"}
        if retry_after is not None:
            extra["Retry-After"] = retry_after
        headers(handler, code, extra)
        return True

    return fault


def html_page(handler: Handler) -> bool:
    body = gzip.compress(b"<!doctype html><html><body>Sign in to HotelWiFi</body></html>")
    headers(
        handler,
        200,
        {"Content-Type": "text/html", "Content-Encoding": "gzip", "Content-Length": str(len(body))},
    )
    handler.wfile.write(body)
    return True


FAULTS: list[tuple[str, Callable[[Handler], bool], str]] = [
    ("trickle", trickle, "gave up on 127.0.0.1: less than 64 bytes a second"),
    ("stall", stall, "did not answer in time"),
    ("reset", reset_mid_body, "reset|cut off"),
    ("short body", short_body, "cut off"),
    ("huge content-length", huge_length, "over the 20 MB limit"),
    ("redirect loop", redirect_loop, "too many redirects"),
    ("redirect to file", redirect_to("file:///etc/passwd"), "refusing to follow a link to a file"),
    ("redirect to ftp", redirect_to("ftp://example/feed"), "refusing to follow a link to a ftp"),
    (
        "redirect to no address",
        redirect_to("http://[::1"),
        "redirected to an address that is not a web address",
    ),
    ("gzip bomb", bomb, "unpacks to over 20 MB"),
    ("500", status(500), r"HTTP 500"),
    ("502", status(502), r"HTTP 502"),
    ("503", status(503), r"HTTP 503"),
    ("503 long retry-after", status(503, "3600"), r"HTTP 503"),
    ("429", status(429, "1"), r"HTTP 429"),
    ("html", html_page, "is a web page, not a feed"),
    ("404 feed", status(404), "not found"),
]


def unused_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return int(unused.getsockname()[1])


@pytest.fixture
def primed(site: WordPressSite, settings: Settings, archive: Archive) -> Settings:
    """An archive with posts in it, and a site that has changed since (so it must fetch)."""
    Sync(archive, settings).refresh()
    site.posts[0].title = "Changed since"
    return replace(settings, **FAST)


@pytest.mark.parametrize("name, fault, message", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_ends_in_time_with_one_line_and_archive_untouched(
    name: str,
    fault: Callable[[Handler], bool],
    message: str,
    site: WordPressSite,
    archive: Archive,
    primed: Settings,
) -> None:
    before = archive_rows(archive.path)
    site.fault = fault
    # How long each fault takes to end is a benchmark figure; here: it ends (the outer
    # pytest timeout stops a hang), with our error, in one line, and nothing changed.
    with pytest.raises(EyeError, match=message) as failure:
        Sync(archive, primed).refresh()
    assert "\n" not in str(failure.value)
    after = archive_rows(archive.path)
    # The only thing a fault may leave behind: a site's request to wait, remembered.
    after["meta"] = [row for row in after["meta"] if row[0] != "asked_to_wait_until"]
    assert after == before


def test_retry_after_is_honoured_then_the_refresh_succeeds(
    site: WordPressSite, archive: Archive, primed: Settings
) -> None:
    calls = []

    def busy_once(handler: Handler) -> bool:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return status(503, "1")(handler)
        return False

    site.fault = busy_once
    report = Sync(archive, primed).refresh()
    assert report.updated == 1
    assert len(calls) == report.requests + 1  # the 503 was asked again, once


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(
    site: WordPressSite, archive: Archive, primed: Settings
) -> None:
    # The server asks for an hour: the refresh must give up at once with a clear line,
    # not sleep, and not ask again.
    calls = []

    def busy(handler: Handler) -> bool:
        calls.append(handler.path)
        return status(503, "3600")(handler)

    site.fault = busy
    with pytest.raises(EyeError, match="HTTP 503"):
        Sync(archive, primed).refresh()
    assert len(calls) == 1


def test_cli_reports_a_fault_as_one_line_exit_1(
    site: WordPressSite,
    primed: Settings,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "fast.toml"
    config.write_text("read_timeout = 1\nstall_window = 2\nretries = 0\n")
    monkeypatch.setenv("EYE_TUI_CONFIG", str(config))
    site.fault = stall
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "--feed", site.url, "refresh"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("eye-tui: ") and err.count("\n") == 1


def test_connection_refused_and_dns_failure(
    archive: Archive, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = Settings(
        feed_url=f"http://127.0.0.1:{unused_port()}/feed/", data_dir=data_dir, **FAST
    )
    with pytest.raises(EyeError, match="connection refused"):
        Sync(archive, refused).refresh()

    # No test may query a real DNS server: the OS resolver is made to fail as it would
    # with no network, and everything above it (httpx, our messages) runs for real.
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    unknown = replace(refused, feed_url="http://www.enderbyeye.co.uk/feed/")
    with pytest.raises(EyeError, match="could not be looked up"):
        Sync(archive, unknown).refresh()
    assert archive.count_posts() == 0


def test_a_failing_server_is_asked_again_once_per_refresh_not_per_page(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    calls: list[str] = []

    def error_page(handler: Handler) -> bool:
        calls.append(handler.path)
        body = b"<!doctype html><html><body>Internal Server Error</body></html>"
        headers(handler, 500, {"Content-Type": "text/html", "Content-Length": str(len(body))})
        handler.wfile.write(body)
        return True

    site.fault = error_page
    with pytest.raises(EyeError, match="HTTP 500"):
        Sync(archive, replace(settings, **{**FAST, "retries": 2})).refresh()
    assert len(calls) == 2  # asked, and asked again once: not three times


def test_a_long_retry_after_is_said_remembered_and_respected(
    site: WordPressSite, archive: Archive, primed: Settings, data_dir: Path
) -> None:
    calls: list[str] = []

    def wait_an_hour(handler: Handler) -> bool:
        calls.append(handler.path)
        return status(429, "3600")(handler)

    site.fault = wait_an_hour
    with pytest.raises(EyeError, match="asks us to wait 1 hour"):
        Sync(archive, primed).refresh()
    assert len(calls) == 1
    # An automatic refresh (the reader starting, a cron job) does not ask before then.
    with pytest.raises(EyeError, match=r"asked us to wait until .*; not asking before then"):
        Sync(archive, primed).refresh(manual=False)
    assert len(calls) == 1
    # By hand it may: it says so, and a good answer clears the wait.
    site.fault = None
    report = Sync(archive, primed).refresh(manual=True)
    assert report.notice.startswith("the site asked us to wait until") and report.updated == 1
    Sync(archive, primed).refresh(manual=False)  # no wait any more


@pytest.mark.parametrize("fault", [reset_mid_body, short_body], ids=["reset", "short body"])
def test_a_connection_broken_once_is_asked_again_and_the_refresh_succeeds(
    fault: Callable[[Handler], bool],
    site: WordPressSite,
    archive: Archive,
    primed: Settings,
) -> None:
    """A flaky link: the feed's download breaks part-way once, the next try gets it."""
    calls: list[str] = []

    def breaks_once(handler: Handler) -> bool:
        calls.append(handler.path)
        return len(calls) == 1 and fault(handler)

    site.fault = breaks_once
    report = Sync(archive, primed).refresh()
    assert report.updated == 1 and archive.list_posts(limit=1)[0].title == "Changed since"
    assert len(calls) == report.requests + 1  # the broken one asked again, once


def hang(handler: Handler) -> bool:
    """A request that gets no answer at all: a flaky link dropped it on the way."""
    time.sleep(8)
    return True


@pytest.mark.parametrize(
    "timeouts",
    [dict(read_timeout=1.0, stall_window=5.0), dict(read_timeout=10.0, stall_window=1.0)],
    ids=["read timeout", "stall rule"],
)
def test_a_request_that_got_no_answer_is_asked_again_and_the_refresh_succeeds(
    timeouts: dict[str, float], site: WordPressSite, archive: Archive, primed: Settings
) -> None:
    """Ended by the read timeout or by the stall rule, a request that never heard back
    is asked again on a new connection: the link is up, this one request was lost."""
    calls: list[str] = []

    def hangs_once(handler: Handler) -> bool:
        calls.append(handler.path)
        return len(calls) == 1 and hang(handler)

    site.fault = hangs_once
    report = Sync(archive, replace(primed, **timeouts)).refresh()
    assert report.updated == 1 and archive.list_posts(limit=1)[0].title == "Changed since"
    assert len(calls) == report.requests + 1  # the lost one asked again, once


def test_a_connection_broken_every_time_gives_up_after_the_retries(
    site: WordPressSite, archive: Archive, primed: Settings
) -> None:
    calls: list[str] = []

    def always_short(handler: Handler) -> bool:
        calls.append(handler.path)
        return short_body(handler)

    site.fault = always_short
    with pytest.raises(EyeError, match="cut off"):
        Sync(archive, replace(primed, retries=2)).refresh()
    assert len(calls) == 3  # asked, then twice again


def test_a_connection_never_made_is_not_asked_again(
    archive: Archive, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused (or no network): no passing hiccup, so said at once, not after retries."""
    port = unused_port()
    tries: list[object] = []
    connect = socket.create_connection

    def counted(*args: Any, **kwargs: Any) -> socket.socket:
        tries.append(args[0])
        return connect(*args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", counted)
    refused = Settings(feed_url=f"http://127.0.0.1:{port}/feed/", data_dir=data_dir, **FAST)
    with pytest.raises(EyeError, match="connection refused"):
        Sync(archive, replace(refused, retries=3)).refresh()
    assert tries == [("127.0.0.1", port)]
