"""Settings: flags beat environment, environment beats config.toml, which beats defaults."""

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from eye_tui.errors import ConfigError, UsageError
from eye_tui.paths import default_config_file, default_data_dir

DEFAULT_FEED_URL = "http://www.enderbyeye.co.uk/feed/"


# The reading pane wraps text at this many columns at most, however wide the terminal
# (a 165-character line is hard to follow back to the next); 0: the pane's width.
TEXT_WIDTH = 100


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, from the config file, the environment and the command line."""

    feed_url: str = DEFAULT_FEED_URL
    data_dir: Path = Path()
    connect_timeout: float = 10.0  # seconds to open a connection
    read_timeout: float = 60.0  # seconds of complete silence mid-response before giving up
    # A download is never cut off for taking long, only for stalling: fewer than min_rate
    # bytes a second over stall_window seconds (a trickle of 1 byte every 2 s included).
    stall_window: float = 30.0
    min_rate: float = 64.0
    max_download_bytes: int = 20 * 1024 * 1024  # per document, compressed or not
    max_pages: int = 10_000  # backfill safety net against a server that never ends
    retries: int = 2  # extra tries after a 5xx or 429, a broken connection or no answer at all
    auto_backfill: bool = True  # after new posts, fetch older ones until the history is whole
    refresh_minutes: float = 0.0  # while the reader is open, refresh this often; 0: never
    # True when a flag, the environment or config.toml named the feed; otherwise an
    # archive already filled from another feed keeps reading that one (see sites.py).
    feed_chosen: bool = False
    browser: str = ""  # command to open links ("firefox %s"); empty: the system's choice
    # Pictures: "off" (placeholders only), "on-demand" (fetched for a post when asked,
    # key i), "with-refresh" (new posts' pictures fetched after each refresh).
    pictures: str = "on-demand"
    pictures_budget_mb: int = 200  # most picture bytes one refresh may download
    pictures_cap_mb: int = 1000  # most picture bytes kept: the least viewed go first
    documents_budget_mb: int = 200  # most document bytes `refresh --documents` may download
    text_width: int = TEXT_WIDTH
    offline: bool = False
    config_file: Path = Path()  # the file these came from, or would have (`info` says)


# Each number's sensible range: a value outside it is refused with one clear line.
_RANGES: dict[str, tuple[float, float]] = {
    "connect_timeout": (0.5, 600),
    "read_timeout": (1, 3600),
    "stall_window": (2, 3600),
    "min_rate": (0, 10_000_000),
    "max_download_bytes": (1024, 4 * 1024**3),
    "max_pages": (1, 1_000_000),
    "retries": (0, 10),
    "refresh_minutes": (0, 10080),  # a week
    "pictures_budget_mb": (0, 100_000),
    "pictures_cap_mb": (0, 1_000_000),
    "documents_budget_mb": (0, 100_000),
    "text_width": (0, 1000),
}
_FEWEST_MINUTES = 5  # between refreshes on a schedule
_CHOICES = {"pictures": ("off", "on-demand", "with-refresh")}
_RENAMED = {
    "refresh_deadline": "eye-tui no longer limits a whole refresh, only a stalled download: "
    "use stall_window and min_rate"
}


_ENV = {"feed_url": "EYE_TUI_FEED", "data_dir": "EYE_TUI_DATA_DIR"}


# Settings only flags give (or the app works out): a config file naming one is refused.
NOT_IN_A_FILE = ("offline", "data_dir", "feed_chosen", "config_file")
# Settings a resident may well write in the file, said where they are set instead.
_SET_ELSEWHERE = {
    "data_dir": "set by --data-dir or EYE_TUI_DATA_DIR",
    "offline": "set by --offline, for one run",
    "theme": "set in the reader (Ctrl+P, then theme), which remembers it",
}


def load_settings(
    feed: str | None = None,
    data_dir: str | None = None,
    offline: bool = False,
    config_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build the settings from every source, strongest first: flags, env, file, defaults."""
    environ = dict(os.environ if environ is None else environ)
    config_file = config_file or Path(environ.get("EYE_TUI_CONFIG", default_config_file()))
    values: dict[str, Any] = {"data_dir": default_data_dir()}
    values.update(_read_config_file(config_file))
    for name, var in _ENV.items():
        if environ.get(var, "").strip():  # an empty variable is none, as a shell's unset one
            values[name] = environ[var]
    if feed is not None and not feed.strip():  # a script's unset variable, most likely
        raise UsageError("--feed is empty: give a feed's web address or its file")
    if feed:
        values["feed_url"] = feed
    if data_dir:
        values["data_dir"] = data_dir
    values["data_dir"] = Path(values["data_dir"]).expanduser()
    values["feed_chosen"] = "feed_url" in values
    values["feed_url"] = feed_address(str(values.get("feed_url", DEFAULT_FEED_URL)))
    values["offline"], values["config_file"] = offline, config_file
    return replace(Settings(), **values)


FEED_FILE_ENDINGS = (".xml", ".rss", ".atom", ".rdf")


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")  # ftp://… (one letter: a Windows drive)


def feed_address(typed: str) -> str:
    """The feed as the person meant it: a file that exists, else a web address.

    `example.org/feed/` and `127.0.0.1:8080/feed/` are web addresses (no such file);
    anything else stays a file name, and reading it says what is missing.
    """
    text = typed.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in ("http", "https", "file") or not text or _URL.match(text):
        return text  # (another scheme's address is refused when fetched, said so)
    if Path(text).expanduser().exists():
        return _whole_path(text)
    host = text.split("/", 1)[0]
    name = host.rsplit(":", 1)[0] if host.rsplit(":", 1)[-1].isdigit() else host
    if host == text and name.lower().endswith(FEED_FILE_ENDINGS):
        return _whole_path(text)  # "feed.xml": a file's name (no site's ends so), not there
    if (
        " " not in text
        and ("." in name or name == "localhost")
        and not text.startswith((".", "/", "~"))
    ):
        return "http://" + text
    return _whole_path(text)


def _whole_path(text: str) -> str:
    """A feed file's path from the root: the archive remembers it, and a refresh run from
    another folder (cron starts in the home folder) must find the same file."""
    return os.path.abspath(os.path.expanduser(text))


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file: most starts have none, and it costs 2 ms

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None
    known: dict[str, object] = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name in _RENAMED:
            raise ConfigError(f"config file {path}: {key}: {_RENAMED[name]}")
        if name in _SET_ELSEWHERE:
            raise ConfigError(f"config file {path}: {key} is {_SET_ELSEWHERE[name]}")
        if name not in known or name in NOT_IN_A_FILE:
            import difflib  # only for a mistyped name: not on every start

            settable = [n for n in known if n not in NOT_IN_A_FILE]
            near = difflib.get_close_matches(name, settable, n=1)
            guess = f" (did you mean {near[0]}?)" if near else ""
            raise ConfigError(f"config file {path}: unknown setting {key!r}{guess}")
        kind = known[name]
        if kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(f"config file {path}: {key} must be true or false")
        elif kind in (int, float):
            allowed = (int, float) if kind is float else (int,)
            if not isinstance(value, allowed) or isinstance(value, bool):
                raise ConfigError(f"config file {path}: {key} must be a number")
            low, high = _RANGES[name]
            if not low <= value <= high:
                raise ConfigError(
                    f"config file {path}: {key} = {value} is out of range ({low:g} to {high:g})"
                )
            if name == "refresh_minutes" and 0 < value < _FEWEST_MINUTES:  # not a site's load
                raise ConfigError(
                    f"config file {path}: {key} = {value}: 0 (never) or"
                    f" {_FEWEST_MINUTES} minutes and more"
                )
        elif not isinstance(value, str):
            raise ConfigError(f"config file {path}: {key} must be text")
        elif name == "feed_url" and not value.strip():  # else the current folder was read
            raise ConfigError(
                f"config file {path}: {key} is empty (leave it out to read the Enderby EYE)"
            )
        elif name in _CHOICES and value not in _CHOICES[name]:
            choices = ", ".join(f'"{choice}"' for choice in _CHOICES[name])
            raise ConfigError(f"config file {path}: {key} must be one of {choices}")
        values[name] = value
    return values
