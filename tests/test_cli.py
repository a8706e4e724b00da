"""Every `eye-tui` command, its JSON, and its exit codes, against the loopback site."""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from eye_tui import __version__
from eye_tui.cli import build_parser, main
from tests.conftest import CliRun
from tests.site import WordPressSite, answer
from tests.wordpress_site import newer_post


def test_refresh_then_list_json(cli: CliRun) -> None:
    code, out, _ = cli("refresh")
    assert code == 0
    assert out.startswith("Refreshed: 3 pages, 25 new, 0 updated")
    posts = cli.json("list", "--limit", "3")
    assert [p["title"] for p in posts] == [f"Village news item {n}" for n in (25, 24, 23)]
    for key in ("id", "title", "link", "published", "tags", "read", "starred"):
        assert key in posts[0]
    assert posts[0]["read"] is False and posts[0]["published"].startswith("2015-01-30")
    assert cli.json("list", "-n", "2") == posts[:2]  # -n, as head and git log take it
    assert len(cli.json("search", "Enderby", "-n", "4")) == 4


def test_second_refresh_says_up_to_date_and_quiet_says_nothing(cli: CliRun) -> None:
    cli("refresh")
    assert cli("refresh")[1].startswith("Up to date")
    assert cli("refresh", "--quiet") == (0, "", "")


def test_a_refresh_by_the_sites_api_that_brings_nothing_says_up_to_date(
    capsys: pytest.CaptureFixture[str], data_dir: Path, rest_site: WordPressSite
) -> None:
    """Found at the command line: "Refreshed: 0 pages, 0 new, 0 updated, 22 B" when the
    API's answer (never "not modified") held no post newer than the archive's."""
    cli = CliRun(capsys, data_dir, rest_site.url)
    assert cli("refresh")[1].startswith("Refreshed: ")
    code, out, _ = cli("refresh")
    assert (
        code == 0
        and out.startswith("Up to date: nothing new on the site (")
        and out.endswith(" downloaded).\n")
    )
    rest_site.posts.insert(0, newer_post(rest_site, 251))
    assert cli("refresh")[1].startswith("Refreshed: 1 page, 1 new")


def test_a_refresh_from_a_feed_file_says_nothing_of_downloads(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """Found at the command line: a feed file "Refreshed: 1 page, 3 new, 0 updated,
    0 B downloaded" though nothing was downloaded."""
    feed = tmp_path / "feed.xml"
    item = "<item><title>Notice {0}</title><link>http://x.example/{0}/</link></item>"
    items = "".join(item.format(n) for n in range(3))
    feed.write_text(f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>")
    cli = CliRun(capsys, data_dir, str(feed))
    assert cli("refresh")[1] == "Refreshed from the feed file: 3 new, 0 updated.\n"
    assert cli("refresh")[1] == "Up to date: nothing new in the feed file.\n"
    quiet = tmp_path / "quiet.xml"  # read without fault, and nothing in it
    quiet.write_text("<rss version='2.0'><channel><title>Q</title></channel></rss>")
    empty = CliRun(capsys, tmp_path / "other", str(quiet))
    assert empty("refresh")[1] == "The feed has no posts yet.\n"


def test_a_feed_file_named_from_its_folder_is_found_from_any_other(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found at the command line: `--feed ./feed.xml` was remembered as "./feed.xml", so
    the next `eye-tui refresh` (cron runs it from the home folder) found no such file."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    item = "<item><title>Notice {0}</title><link>http://x.example/{0}/</link></item>"
    (folder / "feed.xml").write_text(
        f"<rss version='2.0'><channel><title>T</title>{item.format(1)}</channel></rss>"
    )
    monkeypatch.chdir(folder)
    assert main(["--data-dir", str(data_dir), "--feed", "./feed.xml", "refresh"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "refresh"]) == 0  # the archive's own feed
    assert capsys.readouterr() == ("Up to date: nothing new in the feed file.\n", "")
    assert main(["--data-dir", str(data_dir), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["feed_url"] == str(folder / "feed.xml")
    # A file that is not there is named whole, so the line says where it was looked for.
    assert main(["--data-dir", str(data_dir), "--feed", "./gone.xml", "refresh"]) == 1
    assert str(tmp_path / "gone.xml") in capsys.readouterr().err


def test_info_names_the_config_file_and_whether_it_is_there(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # To set auto_backfill or pictures, a resident must first find the file.
    config = tmp_path / "config.toml"
    monkeypatch.setenv("EYE_TUI_CONFIG", str(config))
    assert cli.json("info")["config_file"] == str(config)  # type: ignore[index]
    assert f"config file    {config} (none: defaults)\n" in cli("info")[1]
    config.write_text("auto_backfill = false\n")
    assert f"config file    {config}\n" in cli("info")[1]


def test_tags_and_info(cli: CliRun, data_dir: Path, site: WordPressSite) -> None:
    cli("refresh")
    tags = cli.json("tags")
    assert tags[0] == {
        "name": "Leicestershire",
        "slug": "leicestershire",
        "posts": 25,
        "kind": "tag",  # a feed cannot tell sections from tags: its terms are tags
    }
    assert {t["name"] for t in tags} == {"Leicestershire", "Enderby", "Police", "Blaby"}
    info = cli.json("info")
    assert info["data_dir"] == str(data_dir)
    assert info["db_path"] == str(data_dir / "archive.sqlite3")
    assert info["feed_url"] == site.url
    assert (info["posts"], info["tags"], info["comments"]) == (25, 4, 0)
    assert info["last_refresh"] and info["bytes_downloaded"] > 0
    assert (info["source"], info["history_complete"], info["posts_on_site"]) == ("feed", True, None)
    code, out, _ = cli("info")
    assert code == 0 and str(data_dir) in out
    said = {line[:13].strip(): line[15:] for line in out.splitlines()}
    # For a person: sizes in KB, the refresh in words, the history in a sentence.
    assert said["posts"] == "25" and said["history"] == "whole history (25 posts)"
    assert said["site"] == info["site_title"] == "Enderby EYE"  # as the test site's feed says
    assert said["downloaded"].endswith(" KB") and said["size on disk"].endswith((" KB", " MB"))
    # In words, not the ISO stamp the JSON keeps (a weekday's initial may well be "T").
    last = said["last refresh"]
    assert last[:1].isalpha() and not re.search(r"\d{4}-\d\d-\d\dT", last), last
    assert said["pictures"] == "0 (0 B)"


def test_network_failure_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    cli = CliRun(capsys, data_dir, f"http://127.0.0.1:{port}/feed/")
    code, out, err = cli("refresh")
    assert (code, out) == (1, "")
    assert err == "eye-tui: cannot reach 127.0.0.1: connection refused\n"


def test_a_web_page_instead_of_a_feed_exits_1_and_changes_nothing(
    cli: CliRun, site: WordPressSite
) -> None:
    cli("refresh")
    before = cli.json("info")

    def login_page(handler: BaseHTTPRequestHandler) -> bool:
        body = b"<!DOCTYPE html><html><body><form>Log in to the Wi-Fi</form></body></html>"
        return answer(handler, 200, body, {"Content-Type": "text/html"})

    site.fault = login_page
    code, out, err = cli("refresh")
    assert (code, out) == (1, "")
    assert "is a web page, not a feed" in err and err.count("\n") == 1
    after = cli.json("info")
    assert (after["posts"], after["bytes_downloaded"]) == (
        before["posts"],
        before["bytes_downloaded"],
    )


def test_offline_refresh_and_bad_month_are_usage_errors(cli: CliRun) -> None:
    assert cli("--offline", "refresh")[0] == 2
    code, _, err = cli("list", "--month", "2015-13")
    assert code == 2 and "not a month" in err and "YYYY for a whole year" in err
    assert cli("refresh")[0] == 0
    code, out, err = cli("mark-read", "--month", "2015-1")  # a typo marks nothing, and says so
    assert code == 2 and "not a month" in err and not out
    assert cli.json("info")["unread"] == 25  # type: ignore[index]


def test_bad_arguments_exit_2_without_traceback(
    cli: CliRun, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("list", "--limit", "zero")
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_demo_works_with_no_network(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cli = CliRun(capsys, tmp_path / "unused", "http://127.0.0.1:9/feed/")
    code, out, _ = cli("--demo", "list")
    assert code == 0
    assert "Blueprint 2020 – shaping the future of the force" in out
    assert "Woman charged in connection with Stoney Stanton child death" in out
    tags = {t["name"] for t in cli.json("--demo", "tags")}
    assert {"Leicestershire", "Police", "Enderby", "Blaby", "Recycling"} <= tags
    assert not (tmp_path / "unused").exists()  # the demo never touches the real archive


def test_an_empty_feed_is_said_not_read_as_the_current_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Found by hand: `--feed " "` and EYE_TUI_FEED=" " said "cannot read feed file .: Is a
    # directory", and `--feed ""` (a variable unset in a script) read the Enderby EYE.
    from eye_tui.config import DEFAULT_FEED_URL, load_settings

    for given in ("", "  "):
        assert main(["--data-dir", str(tmp_path), "--feed", given, "info"]) == 2
        assert capsys.readouterr().err == (
            "eye-tui: --feed is empty: give a feed's web address or its file\n"
        )
    # An empty variable is no variable, as a shell's unset one is.
    none = tmp_path / "none.toml"
    assert load_settings(config_file=none, environ={"EYE_TUI_FEED": " "}).feed_url == (
        DEFAULT_FEED_URL
    )


def test_console_script_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "eye_tui", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.strip() == f"eye-tui {__version__}"


def test_settings_flags_beat_env_beat_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eye_tui.config import DEFAULT_FEED_URL, load_settings

    config = tmp_path / "config.toml"
    config.write_text('feed_url = "http://from-file/feed/"\nread_timeout = 5\n')
    assert (
        load_settings(config_file=tmp_path / "none.toml", environ={}).feed_url == DEFAULT_FEED_URL
    )
    from_file = load_settings(config_file=config, environ={})
    assert (from_file.feed_url, from_file.read_timeout) == ("http://from-file/feed/", 5)
    env = {"EYE_TUI_FEED": "http://from-env/feed/", "EYE_TUI_DATA_DIR": str(tmp_path / "e")}
    from_env = load_settings(config_file=config, environ=env)
    assert (from_env.feed_url, from_env.data_dir) == ("http://from-env/feed/", tmp_path / "e")
    flags = load_settings(
        feed="http://flag/feed/", data_dir=str(tmp_path / "f"), config_file=config, environ=env
    )
    assert (flags.feed_url, flags.data_dir) == ("http://flag/feed/", tmp_path / "f")


def test_bad_config_file_is_one_clear_line(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("feed_url = [unclosed\n")
    monkeypatch.setenv("EYE_TUI_CONFIG", str(config))
    code, _, err = cli("info")
    assert code == 1 and err.startswith("eye-tui: cannot read config file")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "setting, said",
    [
        ("max_download_bytes = -5", "max_download_bytes = -5 is out of range (1024 to"),
        ("stall_window = 0", "stall_window = 0 is out of range (2 to 3600)"),
        ("retries = 99", "retries = 99 is out of range (0 to 10)"),
        ("read_timeout = 'soon'", "read_timeout must be a number"),
        ("auto_backfill = 1", "auto_backfill must be true or false"),
        ("refresh_minutes = 0.5", "refresh_minutes = 0.5: 0 (never) or 5 minutes and more"),
        ("refresh_minutes = 20000", "refresh_minutes = 20000 is out of range (0 to 10080)"),
        ("refresh_deadline = 120", "no longer limits a whole refresh"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("refresh_minute = 30", "unknown setting 'refresh_minute' (did you mean refresh_minutes?)"),
        ("pictures_budget = 50", "(did you mean pictures_budget_mb?)"),
        ("data_dir = '~/eye'", "data_dir is set by --data-dir or EYE_TUI_DATA_DIR"),
        ("offline = true", "offline is set by --offline, for one run"),
        # Found by hand: an emptied feed_url read the current folder as the feed file.
        ("feed_url = ''", "feed_url is empty (leave it out to read the Enderby EYE)"),
        ("feed_url = '  '", "feed_url is empty (leave it out to read the Enderby EYE)"),
        ("theme = 'nord'", "theme is set in the reader (Ctrl+P, then theme), which remembers it"),
    ],
)
def test_a_setting_out_of_range_is_one_clear_line_exit_1(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, said: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(setting + "\n")
    monkeypatch.setenv("EYE_TUI_CONFIG", str(config))
    code, out, err = cli("refresh")
    assert (code, out) == (1, "")
    assert said in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_new_demo_removes_sample_folders_whose_process_is_gone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    abandoned = tmp_path / "eye-tui-demo-abandoned"
    abandoned.mkdir()
    (abandoned / "owner.pid").write_text(gone)
    alive = tmp_path / "eye-tui-demo-running"
    alive.mkdir()
    (alive / "owner.pid").write_text(str(os.getpid()))
    code = main(["--demo", "list"])
    assert code == 0
    assert not abandoned.exists() and alive.exists()
    assert not [p for p in tmp_path.glob("eye-tui-demo-*") if p not in (alive,)]


def test_an_archive_remembers_the_feed_it_was_filled_from(
    capsys: pytest.CaptureFixture[str], data_dir: Path, site: WordPressSite
) -> None:
    assert main(["--data-dir", str(data_dir), "--feed", site.url, "refresh", "--quiet"]) == 0
    capsys.readouterr()
    # No --feed now: the archive's own feed, not the default Enderby EYE site.
    assert main(["--data-dir", str(data_dir), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["feed_url"] == site.url
    site.requests.clear()
    assert main(["--data-dir", str(data_dir), "refresh", "--quiet"]) == 0
    assert site.paths() and site.paths()[0] == "/feed/"


def test_a_feed_that_never_answered_is_not_remembered_as_the_archives(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-feed.xml"
    assert main(["--data-dir", str(data_dir), "--feed", str(missing), "refresh"]) != 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "info", "--json"]) == 0
    from eye_tui.config import DEFAULT_FEED_URL

    assert json.loads(capsys.readouterr().out)["feed_url"] == DEFAULT_FEED_URL


def test_info_on_an_archive_never_filled_says_so(cli: CliRun) -> None:
    code, out, _ = cli("info")
    said = {line[:13].strip(): line[15:] for line in out.splitlines()}
    assert code == 0 and said["last refresh"] == "never"
    assert said["history"] == "nothing fetched yet" and said["posts"] == "0"


def test_every_option_of_every_command_says_what_it_does() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, f"{name} {'/'.join(action.option_strings) or action.dest}"


def test_the_readme_lists_every_command() -> None:
    # `prune` had no line in the README's command list.
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The command line", 1)[1].split("```")[1]
    commands = next(
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    for name in commands.choices:
        assert any(line.split()[:1] == [name] for line in block.splitlines()), name


def test_the_readme_names_every_setting_a_config_file_may_set() -> None:
    # `pictures_cap_mb` worked in config.toml but the README never named it.
    from dataclasses import fields

    from eye_tui.config import NOT_IN_A_FILE, Settings

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    said = readme.split("`config.toml` may set", 1)[1].split("a value out of its range", 1)[0]
    for setting in fields(Settings):
        if setting.name not in NOT_IN_A_FILE:
            assert f"`{setting.name}`" in said, setting.name
