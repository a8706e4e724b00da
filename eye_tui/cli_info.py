"""What `eye-tui info` says: where things are and what the archive holds, for a person
(sizes in KB and MB, local time) or, with --json, for scripts. (cli.py holds the rest.)"""

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from eye_tui import __version__
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.exit_codes import OK
from eye_tui.output import print_json, say
from eye_tui.sites import FEED_KEY, feed_page, title_of
from eye_tui.text import human_size, local_time


def info(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    from eye_tui import rest_sync
    from eye_tui.another_site import is_another_site

    held = archive.info()
    # Another site's feed, named this time and not yet read: the rest is the last site's.
    other = is_another_site(archive, settings.feed_url)
    page, moved = feed_page(archive, settings.feed_url)
    values = {
        "version": __version__,
        "data_dir": str(settings.data_dir),
        "db_path": str(archive.path),
        "config_file": str(settings.config_file),
        "feed_url": settings.feed_url,
        "feed_page": None if moved else page,
        "feed_moved_from": page if moved else None,
        "filled_from": archive.get_meta(FEED_KEY) if other else None,
        "site_title": title_of(archive),
        "source": "feed",
        "posts": held.posts,
        "unread": held.unread,
        "starred": held.starred,
        "tags": held.tags,
        "comments": held.comments,
        "last_refresh": held.last_refresh,
        "bytes_downloaded": held.bytes_downloaded,
        "size_on_disk": held.size_on_disk,
        **rest_sync.source_facts(archive, held.history_complete),
        "pictures": held.pictures,
        "pictures_bytes": held.pictures_bytes,
        "documents": held.documents,
        "documents_bytes": held.documents_bytes,
    }
    if args.json:
        print_json(values)
        return OK
    for name, shown in _info_lines(values, settings.auto_backfill):
        say(f"{name:<13}  {shown}")
    return OK


def _info_lines(values: dict[str, Any], auto_backfill: bool) -> list[tuple[str, str]]:
    """`info` for a person: sizes in KB and MB, counts with separators, the last refresh
    in local time (--json keeps the raw values for scripts)."""
    last = values["last_refresh"]
    lines = [
        (name.replace("_", " "), str(values[name])) for name in ("version", "data_dir", "db_path")
    ]
    config = values["config_file"]
    lines.append(
        ("config file", config if Path(config).is_file() else f"{config} (none: defaults)")
    )
    found, moved = values["feed_page"], values["feed_moved_from"]
    said = f" (found from {found})" if found else f" (moved from {moved})" if moved else ""
    lines.append(("feed url", values["feed_url"] + said))
    if values["filled_from"]:
        lines.append(
            ("filled from", f"{values['filled_from']} (until a refresh reads the feed above)")
        )
    lines += [("site", values["site_title"]), ("source", values["source"])]
    lines += [(name, f"{values[name]:,}") for name in ("posts", "unread", "starred", "tags")]
    lines += [
        ("comments", f"{values['comments']:,}"),
        ("last refresh", local_time(datetime.fromisoformat(last)) if last else "never"),
        ("downloaded", human_size(values["bytes_downloaded"])),
        ("size on disk", human_size(values["size_on_disk"])),
        (
            "history",
            _history_said(values["history_complete"], values["posts"], bool(last), auto_backfill),
        ),
    ]
    if values["posts_on_site"] is not None:
        lines.append(("posts on site", f"{values['posts_on_site']:,}"))
    for kept in ("pictures", "documents"):
        lines.append((kept, f"{values[kept]:,} ({human_size(values[kept + '_bytes'])})"))
    return lines


def _history_said(complete: bool, count: int, refreshed: bool, auto_backfill: bool) -> str:
    posts = f"{count:,} post{'s' * (count != 1)}"
    if complete:
        return f"whole history ({posts})"
    if not count and not refreshed:
        return "nothing fetched yet"
    if not auto_backfill:  # a metered link: older posts only when asked for
        return f"{posts} so far; older ones with `eye-tui refresh --all` (or H)"
    return f"{posts} so far; older ones follow on the next refresh"
