"""Slow and broken links: a long fetch that keeps moving finishes, a stalled one ends, a
stopped one resumes where it stopped, and every failure is one plain line."""

import signal
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from eye_tui import sites
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import Cancelled, FetchError
from eye_tui.model import QUIET_SAID, SyncReport
from eye_tui.sync import Sync
from tests.conftest import CliRun
from tests.site import WordPressSite, answer, make_posts

Handler = BaseHTTPRequestHandler


def page_of(handler: Handler) -> int:
    return int(parse_qs(urlsplit(handler.path).query).get("paged", ["1"])[0])


class HeldPages:
    """A fault that holds every request for page `first` and later until released."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.reached = threading.Event()
        self.release = threading.Event()

    def __call__(self, handler: Handler) -> bool:
        if page_of(handler) >= self.first:
            self.reached.set()
            self.release.wait(120)
        return False


def site_ids(site: WordPressSite) -> set[str]:
    return {f"{site.base}/?p={post.number}" for post in site.posts}


def stored_ids(archive: Archive) -> list[str]:
    return [post.id for post in archive.list_posts(limit=10_000)]


def stop_first_fetch_at(
    page: int, site: WordPressSite, archive: Archive, settings: Settings
) -> int:
    """Run a first fetch, stop it (as quitting does) once page `page` is asked for, and
    return how many posts were kept. The site answers normally again afterwards."""
    held = HeldPages(page)
    site.fault = held
    sync = Sync(archive, settings)
    stopper = threading.Thread(target=lambda: held.reached.wait(60) and sync.cancel())
    stopper.start()
    try:
        with pytest.raises(Cancelled):
            sync.refresh()
    finally:
        stopper.join()
        held.release.set()
        site.fault = None
    return archive.count_posts()


def test_a_long_fetch_that_keeps_moving_is_never_cut_off(archive: Archive, data_dir: Path) -> None:
    # The link is so slow that the fetch lasts many stall windows; it must finish.
    with WordPressSite(make_posts(60), per_page=10, bandwidth=600) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir, stall_window=2.0)
        report = Sync(archive, settings).refresh()
        assert report.bytes / site.bandwidth > 3 * settings.stall_window  # the premise
        assert sorted(stored_ids(archive)) == sorted(site_ids(site))
        assert archive.history() == (True, None)


def test_headers_sent_a_byte_at_a_time_end_as_a_stall(
    site: WordPressSite, archive: Archive, data_dir: Path
) -> None:
    stop = threading.Event()

    def header_trickle(handler: Handler) -> bool:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" * 10:
            if stop.wait(0.5):
                break
            try:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            except OSError:
                break
        return True

    site.fault = header_trickle
    settings = Settings(feed_url=site.url, data_dir=data_dir, stall_window=2.0, retries=0)
    try:
        with pytest.raises(FetchError, match="less than 64 bytes a second arrived for 2 s"):
            Sync(archive, settings).refresh()
    finally:
        stop.set()
    assert archive.count_posts() == 0


def test_a_stopped_first_fetch_resumes_to_the_whole_history(
    archive: Archive, data_dir: Path
) -> None:
    with WordPressSite(make_posts(120), per_page=10) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        kept = stop_first_fetch_at(7, site, archive, settings)
        assert 0 < kept < 120 and archive.history()[0] is False
        # A plain refresh (not --all): nothing is new at the top, the rest follows.
        report = Sync(archive, settings).refresh()
        ids = stored_ids(archive)
        assert len(ids) == len(set(ids)) and set(ids) == site_ids(site)
        assert report.new == 120 - kept and archive.history() == (True, None)


def test_a_first_fetch_stopped_early_is_resumed_from_the_feed_it_began(
    archive: Archive, data_dir: Path
) -> None:
    # Found in tmux: `eye-tui --feed X refresh`, Ctrl+C on page 9, then `eye-tui refresh`
    # asked the Enderby EYE: the feed was remembered only once its new posts were all in,
    # so "the next refresh resumes" went to another site and would have mixed it in.
    with WordPressSite(make_posts(120), per_page=10) as site:
        named = Settings(feed_url=site.url, data_dir=data_dir, feed_chosen=True)
        kept = stop_first_fetch_at(3, site, archive, named)
        assert 0 < kept < 120
        unnamed = sites.settings_for(archive, Settings(data_dir=data_dir))
        assert unnamed.feed_url == site.url
        Sync(archive, unnamed).refresh()
        assert archive.count_posts() == 120


def test_automatic_backfill_can_be_turned_off_for_metered_links(
    archive: Archive, data_dir: Path, cli: CliRun
) -> None:
    with WordPressSite(make_posts(60), per_page=10) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        kept = stop_first_fetch_at(3, site, archive, settings)
        metered = Settings(feed_url=site.url, data_dir=data_dir, auto_backfill=False)
        Sync(archive, metered).refresh()
        assert archive.count_posts() == kept  # nothing older was fetched
        code, out, _ = CliRun(cli.capsys, data_dir, site.url)("info")
        assert code == 0 and "older ones follow on the next refresh" in out
        Sync(archive, metered).refresh(all_pages=True)  # on demand: the rest
        assert archive.count_posts() == 60 and archive.history()[0]


def test_a_metered_first_fetch_brings_the_first_page_only(
    archive: Archive, data_dir: Path, cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found in tmux: with auto_backfill = false a first fetch walked every page all the
    # same, each one bringing only new posts, where the API's first sync brings ten.
    with WordPressSite(make_posts(60), per_page=10) as site:
        metered = Settings(feed_url=site.url, data_dir=data_dir, auto_backfill=False)
        report = Sync(archive, metered).refresh()
        assert (report.new, report.requests, archive.count_posts()) == (10, 1, 10)
        assert archive.history()[0] is False
        config = data_dir / "metered.toml"
        config.write_text("auto_backfill = false\n")
        monkeypatch.setenv("EYE_TUI_CONFIG", str(config))
        code, out, _ = CliRun(cli.capsys, data_dir, site.url)("info")
        assert (
            code == 0 and "10 posts so far; older ones with `eye-tui refresh --all` (or H)" in out
        )
        site.posts.insert(0, make_posts(61)[0])  # news: the next refresh brings it alone
        assert Sync(archive, metered).refresh().new == 1 and archive.count_posts() == 11
        Sync(archive, metered).refresh(all_pages=True)  # on demand: the rest
        assert archive.count_posts() == 61 and archive.history()[0]


def test_ctrl_c_stops_a_held_download_at_once_with_exit_130(data_dir: Path) -> None:
    with WordPressSite(make_posts(40), per_page=10) as site:
        held = HeldPages(2)
        site.fault = held
        command = [
            sys.executable,
            "-m",
            "eye_tui",
            "--data-dir",
            str(data_dir),
            "--feed",
            site.url,
            "refresh",
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            assert held.reached.wait(60)
            process.send_signal(signal.SIGINT)
            # The page stays held: if Ctrl+C waited for the download, this would hang.
            _, err = process.communicate(timeout=60)
        finally:
            held.release.set()
            process.kill()
        assert process.returncode == 130
        assert err.splitlines()[-1].startswith("eye-tui: interrupted; every page fetched")
    with Archive(data_dir / "archive.sqlite3") as archive:
        assert archive.count_posts() == 10  # page 1 was committed before the stop


@pytest.mark.parametrize(
    "feed, said",
    [
        ("http://[oops/feed/", "not a web address"),
        ("http://127.0.0.1:notaport/feed/", "not a web address"),
        ("http:///feed/", "not a web address (no host name)"),
        # It said "refusing to follow a link to a ftp: address", as for a redirect.
        ("ftp://example.org/feed/", "not a web address (http or https): 'ftp://example.org"),
    ],
)
def test_malformed_addresses_are_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], data_dir: Path, feed: str, said: str
) -> None:
    code, out, err = CliRun(capsys, data_dir, feed)("refresh")
    assert (code, out) == (1, "") and said in err and err.count("\n") == 1


def deflated(body: bytes):  # type: ignore[no-untyped-def]
    """A fault answering 200 with `body` as is, labelled Content-Encoding: deflate."""

    def labelled(handler: Handler) -> bool:
        return answer(handler, 200, body, {"Content-Encoding": "deflate"})

    return labelled


def test_a_corrupt_deflate_body_is_one_line(cli: CliRun, site: WordPressSite) -> None:
    site.fault = deflated(b"\x00\xffnot deflate at all" * 10)
    code, out, err = cli("refresh")
    assert (code, out) == (1, "") and "corrupt compressed body" in err
    assert err.count("\n") == 1 and "zlib" not in err


def test_raw_deflate_bodies_are_read(cli: CliRun, site: WordPressSite) -> None:
    # Some servers send raw deflate (no zlib header) for "deflate": that is not an error.
    document = site.document_for("/feed/")
    assert document is not None
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    site.fault = deflated(packer.compress(document.encode()) + packer.flush())
    code, _, err = cli("refresh", "--quiet")
    assert code == 0, err


def test_an_address_typed_without_http_is_a_web_address(
    capsys: pytest.CaptureFixture[str], data_dir: Path, site: WordPressSite
) -> None:
    typed = site.url.removeprefix("http://")  # 127.0.0.1:PORT/feed/
    code, out, err = CliRun(capsys, data_dir, typed)("refresh")
    assert code == 0, err
    assert "25 new" in out


def test_https_to_a_plain_http_site_says_so(cli: CliRun, site: WordPressSite) -> None:
    cli.feed = site.url.replace("http://", "https://")
    code, _, err = cli("refresh")
    assert code == 1 and "try the address with http://" in err


def test_a_missing_feed_file_says_how_to_give_a_web_address(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = CliRun(capsys, data_dir, "./no-such-feed.xml")("refresh")
    assert code == 1 and "no such feed file" in err and "start it with http://" in err
    # A file's name alone, not there: it was asked of the network as http://feed.xml.
    for typed in ("feed.xml", "parish.rss", "notes.atom", "old.rdf"):
        code, _, err = CliRun(capsys, data_dir, typed)("refresh")
        assert code == 1 and f"no such feed file: {Path(typed).absolute()}" in err, err


def test_a_first_page_still_coming_says_when_its_posts_will_be_in(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """A feed of many posts in one document, on a slow link: nothing can be shown until
    it has all come, so the status line says when, from the size the site declared."""
    seen_estimate = threading.Event()
    lines: list[tuple[int, str]] = []

    def a_trickle_until_the_estimate_shows(handler: Handler) -> bool:
        body = (site.document_for("/feed/") or "").encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        sent = 0
        while sent < len(body) and not seen_estimate.is_set():  # 5 KB/s, 40 KB: ~8 s
            handler.wfile.write(body[sent : sent + 500])
            handler.wfile.flush()
            sent += 500
            seen_estimate.wait(0.1)
        handler.wfile.write(body[sent:])
        return True

    def progress(report: SyncReport) -> None:
        line = report.progress_line()
        lines.append((report.pages, line))
        if "posts in about" in line:
            seen_estimate.set()

    site.posts = make_posts(60)
    site.per_page = 60
    site.fault = a_trickle_until_the_estimate_shows
    Sync(archive, replace(settings, auto_backfill=False), progress).refresh()
    waiting = [line for pages, line in lines if pages == 0 and "posts in about" in line]
    assert seen_estimate.is_set() and waiting, lines
    assert waiting[0].endswith(" s") and "· 50%" not in waiting[0]
    assert not any("posts in about" in line for pages, line in lines if pages)  # then gone
    assert archive.count_posts() == 60


def test_bytes_to_come_are_known_only_while_every_download_declared_its_size() -> None:
    from eye_tui.transfer import Watchdog

    watchdog = Watchdog(window=2.0, min_rate=1.0)
    try:
        assert watchdog.bytes_to_come() is None  # nothing on its way
        with watchdog.transfer() as first:
            first.declared, first.body_read = 10_000, 4_000
            assert watchdog.bytes_to_come() == 6_000
            with watchdog.transfer() as second:  # a second connection, not yet declared
                assert watchdog.bytes_to_come() is None
                second.declared = 3_000
                assert watchdog.bytes_to_come() == 9_000
    finally:
        watchdog.close()


def test_a_site_that_goes_quiet_is_said_to_be_quiet_until_it_answers(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """A page the site holds back: the status line counts the silence, not a frozen
    byte count, and drops it once the page comes."""
    lines: list[str] = []
    said = threading.Event()

    def holds_page_two(handler: Handler) -> bool:
        if page_of(handler) == 2:
            said.wait(20)  # held until the silence is said (at most 20 s)
        return False

    def progress(report: SyncReport) -> None:
        lines.append(report.progress_line())
        if "no answer for" in lines[-1]:
            said.set()

    site.fault = holds_page_two
    Sync(archive, settings, progress).refresh()
    quiet = [line for line in lines if "no answer for" in line]
    assert quiet and quiet[0].startswith("Fetching new posts, page 2:"), lines
    assert quiet[0].endswith(f"no answer for {QUIET_SAID} s")
    assert "/s" not in quiet[0]  # no rate from before the silence
    assert "no answer" not in lines[-1] and archive.count_posts() == len(site.posts)


def test_the_progress_line_counts_a_silence_in_whole_seconds() -> None:
    report = SyncReport(page=3)
    report.silent = 12.7
    assert report.progress_line() == "Fetching new posts, page 3: waiting for the site… 12 s"
    report.note_received(40_000)
    report.silent = 4.2
    assert report.progress_line().endswith("39.1 KB · no answer for 4 s")
    report.silent = QUIET_SAID - 0.5
    assert report.progress_line().endswith("39.1 KB")


def test_a_request_never_answered_ends_while_others_keep_the_link_busy() -> None:
    """The stall rule watches the link as a whole, so bytes on one connection hid a
    request lost on another for a second window. One sent and not answered by a byte in
    a whole window is ended by itself; the busy one goes on."""
    from eye_tui.transfer import Watchdog

    watchdog = Watchdog(window=0.5, min_rate=1.0)
    done = threading.Event()
    ended: dict[str, str | None] = {}

    def busy() -> None:
        with watchdog.transfer() as transfer:
            watchdog.reading(None)  # the request is sent
            while not done.wait(0.05):
                watchdog.received(100)
            ended["busy"] = transfer.stopped

    def lost() -> None:
        with watchdog.transfer() as transfer:
            watchdog.reading(None)
            for _ in range(150):  # until the watchdog ends it (3 s at most)
                if transfer.stopped:
                    break
                time.sleep(0.02)
            ended["lost"] = transfer.stopped
        done.set()

    threads = [threading.Thread(target=busy), threading.Thread(target=lost)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        done.set()
        watchdog.close()
    assert ended == {"busy": None, "lost": "stalled"}
