"""Where eye-tui keeps its files: the one place that asks platformdirs."""

from pathlib import Path

import platformdirs

APP_NAME = "eye-tui"
ARCHIVE_FILE = "archive.sqlite3"
CONFIG_FILE = "config.toml"


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def default_config_file() -> Path:
    return platformdirs.user_config_path(APP_NAME) / CONFIG_FILE


def archive_path(data_dir: Path) -> Path:
    return data_dir / ARCHIVE_FILE
