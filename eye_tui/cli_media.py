"""The command line's pictures and documents: keeping them with a refresh, listing and
pruning them, and naming them in `show --json`. (cli.py holds the rest.)"""

import argparse
from typing import TYPE_CHECKING

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import StoredPost
from eye_tui.output import fail, print_json, say
from eye_tui.text import human_size

if TYPE_CHECKING:
    from eye_tui.files import KeepReport
    from eye_tui.sync import Sync

OK = 0


def refresh_pictures(args: argparse.Namespace, archive: Archive, sync: "Sync") -> None:
    report = sync.fetch_pictures(_newest_first(archive))
    _summary(args, "Pictures", "fetched", "kept", "pictures_budget_mb", report)


def refresh_documents(args: argparse.Namespace, archive: Archive, sync: "Sync") -> None:
    report = sync.fetch_documents(_newest_first(archive))
    _summary(args, "Documents", "saved", "saved", "documents_budget_mb", report)


def _newest_first(archive: Archive) -> list[int]:
    return [post.key for post in archive.list_posts(limit=1_000_000)]


def _summary(
    args: argparse.Namespace,
    what: str,
    done: str,
    kept: str,
    budget: str,
    report: "KeepReport",
) -> None:
    """'Pictures: 4 fetched (1.2 MB), 2 already here, 1 not kept, 3 left for later', and
    each of the first five reasons for one not kept on stderr."""
    for problem in report.problems[:5]:
        fail(f"{what.lower()[:-1]} not {kept}: {problem}")
    if args.quiet:
        return
    line = f"{what}: {report.fetched} {done} ({human_size(report.bytes)}), "
    line += f"{report.already_here} already here"
    if report.refused:
        line += f", {report.refused} not {kept}"
    if report.over_budget:
        line += f", {report.over_budget} left for later ({budget})"
    print(line)


def documents(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    saved = archive.all_documents()
    rows = [
        {
            "url": document.url,
            "path": str(archive.documents_folder / document.file),
            "bytes": document.bytes,
            "post": document.post,
            "post_title": document.post_title,
        }
        for document in saved
    ]
    if args.json:
        print_json(rows)
        return OK
    if not rows:
        say("No documents saved yet (eye-tui refresh --documents saves them).")
    for row in rows:
        say(f"{human_size(int(str(row['bytes']))):>9}  {row['path']}")
        say(f"           from: {row['post_title']}")
    return OK


def prune(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    from eye_tui.pictures import evict

    before = archive.info()
    if not before.pictures:
        say("No pictures are kept: nothing to drop.")
        return OK
    evict(archive, 0)
    noun = "picture" if before.pictures == 1 else "pictures"
    say(
        f"Dropped {before.pictures} {noun} ({human_size(before.pictures_bytes)}); posts and "
        "documents are kept."
    )
    return OK


def post_media(archive: Archive, post: StoredPost) -> dict[str, object]:
    """The post's pictures and documents for `show --json`: saved or not, and where."""
    from eye_tui.documents import document_links
    from eye_tui.render import render_body

    body = render_body(post.html, post.summary.link)
    kept = archive.pictures_for(body.pictures)
    saved = archive.documents_for(body.links)
    return {
        "pictures": [
            {
                "url": url,
                "label": f"Image {number}",
                "saved": url in kept,
                "path": str(archive.media_folder / kept[url].file) if url in kept else None,
            }
            for number, url in enumerate(body.pictures, start=1)
        ],
        "documents": [
            {
                "url": url,
                "saved": url in saved,
                "path": str(archive.documents_folder / saved[url].file) if url in saved else None,
            }
            for url in document_links(body.links, post.summary.link)
        ],
    }
