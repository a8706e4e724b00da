"""Documents linked from posts, saved for offline reading: only the site's own, only
what their bytes say they are, never a path outside the documents folder."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eye_tui.cli import main
from tests.site import WordPressSite, make_posts

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from eye_tui.config import Settings
    from tests.pilot import RecordingApp

UPLOADS = "/wp-content/uploads/2024/06"


def _pdf(words: str) -> bytes:
    """A small PDF of our own making: a header, one object, a trailer."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% "
        + words.encode()
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def test_refresh_documents_saves_the_sites_own_documents_safely(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = make_posts(2)
    posts[0].html = (
        f'<p>The <a href="{UPLOADS}/Enderby-Connection-June.pdf">June newsletter</a>, the '
        f'<a href="{UPLOADS}/minutes.pdf">minutes</a> (not really a PDF), '
        f'<a href="https://elsewhere.example/leaflet.pdf">a leaflet elsewhere</a> and '
        f'<a href="{UPLOADS}/..%2F..%2F..%2Fetc%2Fpasswd.pdf">a sly name</a>.</p>'
    )
    posts[1].html = f'<p>Again: <a href="{UPLOADS}/Enderby-Connection-June.pdf">it</a></p>'
    with WordPressSite(posts) as site:
        site.files = {
            f"{UPLOADS}/Enderby-Connection-June.pdf": (_pdf("June"), "application/pdf"),
            f"{UPLOADS}/minutes.pdf": (b"<html>Log in to read the minutes</html>", "text/html"),
            f"{UPLOADS}/..%2F..%2F..%2Fetc%2Fpasswd.pdf": (_pdf("sly"), "application/pdf"),
        }
        args = ["--data-dir", str(data_dir), "--feed", site.url]
        assert main([*args, "refresh", "--documents"]) == 0
        out, err = capsys.readouterr()
        asked = [r.path for r in site.requests if r.path.endswith(".pdf")]
    assert "Documents: 2 saved" in out and "1 not saved" in out
    assert "not a PDF file" in err and err.count("\n") == 1
    assert asked.count(f"{UPLOADS}/Enderby-Connection-June.pdf") == 1  # one file, two posts
    folder = data_dir / "documents"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 and all(name.endswith(".pdf") for name in files)
    assert any(name.endswith("-Enderby-Connection-June.pdf") for name in files)
    assert all("/" not in name and ".." not in name for name in files)
    assert not (data_dir.parent / "etc").exists()
    assert main(["--data-dir", str(data_dir), "documents", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(Path(d["path"]).parent for d in listed) == [folder, folder]
    assert {d["post_title"] for d in listed} == {"Village news item 2"}
    assert Path(listed[0]["path"]).read_bytes().startswith(b"%PDF-")
    assert main(["--data-dir", str(data_dir), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 2 and info["documents_bytes"] > 0


@asynccontextmanager
async def _links_view(settings: "Settings") -> "AsyncIterator[tuple[Pilot[None], RecordingApp]]":
    """The reader, its newest post open and the post's links view showing."""
    from eye_tui.ui.screens.links import LinksScreen
    from tests.pilot import RecordingApp, started, wait_for

    app = RecordingApp(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "u")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        yield pilot, app


async def test_s_in_the_links_view_saves_a_document_and_enter_opens_the_saved_copy(
    data_dir: Path, browser: Path
) -> None:
    from textual.widgets import OptionList

    from eye_tui.config import Settings
    from eye_tui.ui.screens.links import LinksScreen
    from tests.pilot import RecordingApp, filled, started, wait_for

    posts = make_posts(1)
    posts[0].html = f'<p>The <a href="{UPLOADS}/newsletter.pdf">newsletter</a>.</p>'
    with WordPressSite(posts) as site:
        site.files = {f"{UPLOADS}/newsletter.pdf": (_pdf("June"), "application/pdf")}
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir), offline=False)
        async with _links_view(settings) as (pilot, app):
            await pilot.press("s")
            await wait_for(
                pilot, lambda: any("Saved for offline" in n.message for n in app.notices)
            )
    # Later, with the site gone: the links view says it is saved, Enter opens the file.
    offline = RecordingApp(replace(settings, offline=True))
    async with offline.run_test(size=(100, 30)) as pilot:
        await started(pilot, offline)
        await pilot.press("enter", "u")
        await wait_for(pilot, lambda: isinstance(offline.screen, LinksScreen))
        row = str(offline.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "saved" in row
        await pilot.press("enter")
        await wait_for(pilot, lambda: browser.read_text() != "")
    opened = browser.read_text().split()
    assert len(opened) == 1 and opened[0].startswith("file://")
    assert opened[0].startswith((data_dir / "documents").as_uri())


async def test_the_links_view_stays_open_to_save_one_document_after_another(
    data_dir: Path, browser: Path
) -> None:
    """A post with an agenda and its minutes: s on each, in turn, without reopening the
    view; each row says when it is saved."""
    from textual.widgets import OptionList

    from eye_tui.config import Settings
    from tests.pilot import filled, wait_for

    posts = make_posts(1)
    posts[0].html = (
        f'<p>The <a href="{UPLOADS}/agenda.pdf">agenda</a> and the '
        f'<a href="{UPLOADS}/minutes.pdf">minutes</a>.</p>'
    )
    with WordPressSite(posts) as site:
        site.files = {
            f"{UPLOADS}/agenda.pdf": (_pdf("agenda"), "application/pdf"),
            f"{UPLOADS}/minutes.pdf": (_pdf("minutes"), "application/pdf"),
        }
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir), offline=False)
        async with _links_view(settings) as (pilot, app):
            links = app.screen

            def row(index: int) -> str:
                return str(links.query_one(OptionList).get_option_at_index(index).prompt)

            await pilot.press("s")
            assert app.screen is links  # still open
            await wait_for(pilot, lambda: "saved," in row(0))
            await pilot.press("down", "s")
            await wait_for(pilot, lambda: "saved," in row(1))
            assert app.screen is links and "saved," in row(0)
            await pilot.press("s")  # again: said, nothing fetched twice
            await wait_for(pilot, lambda: any("Already saved" in n.message for n in app.notices))
            await pilot.press("up", "enter")
            await wait_for(pilot, lambda: browser.read_text() != "")
        asked = [r.path for r in site.requests if r.path.endswith(".pdf")]
    assert sorted(asked) == [f"{UPLOADS}/agenda.pdf", f"{UPLOADS}/minutes.pdf"]
    assert browser.read_text().split()[0].startswith((data_dir / "documents").as_uri())


def test_media_redirected_elsewhere_is_refused_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from http.server import BaseHTTPRequestHandler

    posts = make_posts(1)
    posts[0].html = (
        f'<p><a href="{UPLOADS}/agenda.pdf">agenda</a></p>'
        f'<img src="{UPLOADS}/photo.png" alt="Photo">'
    )
    with WordPressSite(posts) as site:

        def redirect(handler: BaseHTTPRequestHandler) -> bool:
            targets = {
                f"{UPLOADS}/agenda.pdf": "http://localhost:9/agenda.pdf",  # another host
                f"{UPLOADS}/photo.png": "file:///etc/passwd",  # another scheme
            }
            if handler.path not in targets:
                return False
            handler.send_response(302)
            handler.send_header("Location", targets[handler.path])
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return True

        site.fault = redirect
        args = ["--data-dir", str(data_dir), "--feed", site.url]
        assert main([*args, "refresh", "--documents", "--pictures"]) == 0
    out, err = capsys.readouterr()
    assert "Documents: 0 saved" in out and "Pictures: 0 fetched" in out
    lines = err.splitlines()
    assert any("document not saved" in line and "another site" in line for line in lines)
    assert any("picture not kept" in line and "refusing to follow" in line for line in lines)
    assert not (data_dir / "documents").exists() or not any((data_dir / "documents").iterdir())
