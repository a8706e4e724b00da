"""Pictures kept for offline reading: fetched on demand or with a refresh, within a
budget, stored once by content, and hostile files refused with one line each."""

from dataclasses import replace
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.pictures import UPLOADS, picture, site_with_pictures


def _media(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "media").iterdir()) if (data_dir / "media").exists() else []


def test_refresh_keeps_pictures_once_and_refuses_hostile_files_in_one_line_each(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with site_with_pictures() as site:
        args = ["--data-dir", str(data_dir), "--feed", site.url]
        assert main([*args, "refresh", "--pictures"]) == 0
        out, err = capsys.readouterr()
        picture_paths = [r.path for r in site.requests if "/uploads/" in r.path]
    # Block pictures only: the smiley and the 1x1 pixel are never fetched.
    assert sorted(set(picture_paths)) == sorted(
        f"{UPLOADS}/{name}" for name in ("fete.png", "map.svg", "notes.png", "bomb.png", "band.jpg")
    )
    assert len(picture_paths) == 5  # the picture both posts show was fetched once
    assert "Pictures: 2 fetched" in out and "3 not kept" in out
    refused = [line for line in err.splitlines() if "picture not kept" in line]
    assert len(refused) == 3
    assert any("SVG" in line for line in refused)
    assert any("could not be read as one" in line for line in refused)
    assert any("too many pixels to decode safely" in line for line in refused)
    files = _media(data_dir)
    assert sorted(f.suffix for f in files) == [".jpg", ".png"]
    assert all(f.parent == data_dir / "media" and not f.name.startswith(".part") for f in files)
    with Archive(archive_path(data_dir)) as archive:
        info = archive.info()
    assert info.pictures == 2 and info.pictures_bytes == sum(f.stat().st_size for f in files)


def test_the_budget_is_honoured_and_a_second_run_fetches_nothing_again(data_dir: Path) -> None:
    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            sync = Sync(archive, settings)
            sync.refresh()
            keys = [post.key for post in archive.list_posts()]
            nothing = Sync(archive, replace(settings, pictures_budget_mb=0)).fetch_pictures(keys)
            assert nothing.fetched == 0 and nothing.over_budget == 5
            first = Sync(archive, settings).fetch_pictures(keys)
            site.requests.clear()
            again = Sync(archive, settings).fetch_pictures(keys)
        assert first.fetched == 2 and again.fetched == 0 and again.already_here == 2
        assert [r.path for r in site.requests if "fete" in r.path or "band" in r.path] == []


def test_a_picture_cut_off_mid_download_leaves_no_file(data_dir: Path) -> None:
    from http.server import BaseHTTPRequestHandler

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir, retries=0)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
            keys = [post.key for post in archive.list_posts()]
            whole = picture()

            def cut(handler: BaseHTTPRequestHandler) -> bool:
                if "/uploads/" not in handler.path:
                    return False
                handler.send_response(200)
                handler.send_header("Content-Type", "image/png")
                handler.send_header("Content-Length", str(len(whole)))
                handler.end_headers()
                handler.wfile.write(whole[: len(whole) // 2])
                handler.wfile.flush()
                handler.close_connection = True
                return True

            site.fault = cut
            report = Sync(archive, settings).fetch_pictures(keys)
            assert report.fetched == 0 and report.refused == 5
            assert archive.info().pictures == 0
    assert _media(data_dir) == []


def _picture_lines(app: object) -> list[int]:
    from eye_tui.ui.widgets.post_reader import PostReader

    reader = app.screen.query_one(PostReader)  # type: ignore[attr-defined]
    return [
        n for n, line in enumerate(reader.plain_text.splitlines()) if set(line.strip()) == {"▀"}
    ]


async def test_i_keeps_a_posts_pictures_and_draws_them_above_their_captions(
    data_dir: Path,
) -> None:
    from tests.pilot import RecordingApp, reader_text, started, wait_for

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
        app = RecordingApp(settings)
        async with app.run_test(size=(100, 40)) as pilot:
            await started(pilot, app)
            await pilot.press("enter")  # the newest post: the one with every picture
            await wait_for(pilot, lambda: "[Image 1: The fete]" in reader_text(app))
            assert _picture_lines(app) == []  # placeholders until asked (on-demand)
            await pilot.press("i")
            await wait_for(pilot, lambda: any("kept for offline" in n.message for n in app.notices))
            await wait_for(pilot, lambda: _picture_lines(app))
            lines = reader_text(app).splitlines()
            drawn = _picture_lines(app)
            caption = lines.index("[Image 1: The fete][1]")
            assert drawn[0] < caption and caption - 1 in drawn  # the caption right beneath
            notice = next(n.message for n in app.notices if "kept for offline" in n.message)
            assert notice.startswith("2 pictures kept") and "Not kept:" in notice
    # Offline, with the site gone: the pictures are still drawn.
    app = RecordingApp(replace(settings, offline=True))
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: _picture_lines(app))


async def test_pictures_off_shows_placeholders_only(data_dir: Path) -> None:
    from tests.pilot import RecordingApp, reader_text, started, wait_for

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            sync = Sync(archive, settings)
            sync.refresh()
            sync.fetch_pictures([post.key for post in archive.list_posts()])
    app = RecordingApp(replace(settings, offline=True, pictures="off"))
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("enter", "i")
        await wait_for(pilot, lambda: any("Pictures are off" in n.message for n in app.notices))
        assert "[Image 1: The fete]" in reader_text(app) and _picture_lines(app) == []


def test_a_picture_keeps_its_shape_and_fits_the_pane() -> None:
    import io

    from PIL import Image

    from eye_tui.ui.picture_lines import picture_lines

    wide = Image.open(io.BytesIO(picture(400, 100))).convert("RGB")
    lines = picture_lines(wide, 80, max_rows=18)
    assert len(lines) == 10 and all(line.cell_len == 80 for line in lines)  # 4:1 at 2 px a line
    tall = Image.open(io.BytesIO(picture(100, 400))).convert("RGB")
    lines = picture_lines(tall, 80, max_rows=18)
    assert len(lines) == 18 and lines[0].cell_len == 9  # height capped, shape kept
    small = Image.open(io.BytesIO(picture(20, 20))).convert("RGB")
    assert picture_lines(small, 80)[0].cell_len == 20  # never scaled up


def test_the_cap_drops_the_least_recently_viewed_pictures_and_prune_drops_all(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
            newest, oldest = [post.key for post in archive.list_posts()]
            Sync(archive, settings).fetch_pictures([newest])  # both pictures, viewed now
            assert archive.info().pictures == 2
            # Room for the fete picture only: the other post shows it too, so it is the
            # one viewed last; the band picture, viewed before it, is dropped.
            from eye_tui.pictures import evict

            fete = next((data_dir / "media").glob("*.png"))
            Sync(archive, settings).fetch_pictures([oldest])  # views the fete picture
            assert evict(archive, fete.stat().st_size) == 1
            assert [p.suffix for p in _media(data_dir)] == [".png"]
            assert archive.info().pictures == 1 and archive.count_posts() == 2
            # A cap of 0 through the setting: every picture goes, posts never do.
            capped = replace(settings, pictures_cap_mb=0)
            report = Sync(archive, capped).fetch_pictures([oldest])
            assert report.evicted == 1 and archive.info().pictures == 0
            assert _media(data_dir) == []
            Sync(archive, settings).fetch_pictures([newest])
        args = ["--data-dir", str(data_dir)]
        assert main([*args, "show", str(newest), "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert [p["saved"] for p in shown["pictures"]] == [True, False, False, False, True]
        assert all(Path(p["path"]).exists() for p in shown["pictures"] if p["saved"])
        assert main([*args, "prune", "--pictures"]) == 0
        assert "Dropped 2 pictures" in capsys.readouterr().out
        assert main([*args, "prune", "--pictures"]) == 0  # again: nothing left to drop
        assert capsys.readouterr().out == "No pictures are kept: nothing to drop.\n"
        with Archive(archive_path(data_dir)) as archive:
            assert archive.info().pictures == 0 and archive.count_posts() == 2
    assert _media(data_dir) == []


async def test_with_refresh_the_new_posts_pictures_follow_the_refresh(data_dir: Path) -> None:
    from tests.pilot import RecordingApp, started, wait_for

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir, pictures="with-refresh")
        app = RecordingApp(settings)
        async with app.run_test(size=(100, 40)) as pilot:
            await started(pilot, app)
            await wait_for(pilot, lambda: any("kept for offline" in n.message for n in app.notices))
        with Archive(archive_path(data_dir)) as archive:
            assert archive.info().pictures == 2


def test_the_pictures_setting_takes_three_words_only(tmp_path: Path) -> None:
    from eye_tui.config import load_settings
    from eye_tui.errors import ConfigError

    config = tmp_path / "config.toml"
    config.write_text('pictures = "always"\n')
    with pytest.raises(ConfigError, match='must be one of "off", "on-demand", "with-refresh"'):
        load_settings(config_file=config, environ={})
    config.write_text('pictures = "off"\npictures_budget_mb = 50\n')
    loaded = load_settings(config_file=config, environ={})
    assert (loaded.pictures, loaded.pictures_budget_mb) == ("off", 50)


def test_a_huge_picture_is_cut_off_on_the_wire_and_refused(data_dir: Path) -> None:
    from eye_tui.pictures import MAX_BYTES

    with site_with_pictures() as site:
        site.files[f"{UPLOADS}/fete.png"] = (b"\x89PNG" + b"\0" * (MAX_BYTES + 10), "image/png")
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
            newest = archive.list_posts(limit=1)[0].key
            report = Sync(archive, settings).fetch_pictures([newest])
    problems = "\n".join(report.problems or [])
    assert "fete.png: 127.0.0.1 sent a document that unpacks to over 10 MB" in problems
    assert not any(p.stat().st_size > MAX_BYTES for p in _media(data_dir))


async def test_the_status_line_shows_pictures_being_kept(data_dir: Path) -> None:
    from tests.pilot import RecordingApp, started, wait_for

    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
        site.latency = 0.3  # a slow link: each picture takes a while
        app = RecordingApp(replace(settings, offline=False))
        async with app.run_test(size=(100, 40)) as pilot:
            await started(pilot, app)
            await wait_for(pilot, lambda: not app.screen.refreshing)
            await pilot.press("enter", "i")
            status = app.screen.query_one("#status")
            await wait_for(pilot, lambda: "Keeping pictures: " in str(status.render()))
            assert " of 5…" in str(status.render())
            await wait_for(pilot, lambda: any("kept for offline" in n.message for n in app.notices))
            assert "Keeping pictures" not in str(status.render())
