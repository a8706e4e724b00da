"""Settings: flags beat environment, environment beats config.toml, which beats defaults."""

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from eye_tui.errors import UsageError
from eye_tui.paths import default_config_file, default_data_dir

DEFAULT_FEED_URL = "http://www.enderbyeye.co.uk/feed/"


@dataclass(frozen=True, slots=True)
class Settings:
    feed_url: str = DEFAULT_FEED_URL
    data_dir: Path = Path()
    connect_timeout: float = 10.0  # seconds to open a connection
    read_timeout: float = 20.0  # seconds of silence mid-response before giving up
    refresh_deadline: float = 120.0  # seconds for one whole refresh, however slow the link
    max_download_bytes: int = 20 * 1024 * 1024  # per document, compressed or not
    max_pages: int = 10_000  # backfill safety net against a server that never ends
    retries: int = 2  # extra tries after a 5xx or 429
    offline: bool = False


_ENV = {"feed_url": "EYE_TUI_FEED", "data_dir": "EYE_TUI_DATA_DIR"}


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
        if environ.get(var):
            values[name] = environ[var]
    if feed:
        values["feed_url"] = feed
    if data_dir:
        values["data_dir"] = data_dir
    values["data_dir"] = Path(values["data_dir"]).expanduser()
    values["offline"] = offline
    return replace(Settings(), **values)


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"cannot read config file {path}: {error}") from None
    known: dict[str, object] = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in known or name == "offline":
            raise UsageError(f"config file {path}: unknown setting {key!r}")
        expected: tuple[type, ...] = {float: (int, float), int: (int,)}.get(  # type: ignore[call-overload]
            known[name], (str,)
        )
        if not isinstance(value, expected) or isinstance(value, bool):
            raise UsageError(f"config file {path}: {key} has the wrong type")
        values[name] = value
    return values
