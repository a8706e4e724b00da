"""The `eye-tui` command: a thin shell over the engine. No logic of its own lives here."""

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from eye_tui import __version__, cli_info, cli_media, cli_posts
from eye_tui.archive import Archive, is_behind
from eye_tui.config import Settings, load_settings
from eye_tui.demo import demo_settings, remove_demo_dir
from eye_tui.errors import EyeError, UsageError
from eye_tui.exit_codes import FAILED, INTERRUPTED, OK, USAGE
from eye_tui.model import SyncReport
from eye_tui.output import fail as _fail
from eye_tui.output import fitted
from eye_tui.paths import archive_path
from eye_tui.sites import settings_for
from eye_tui.start import start_is_over
from eye_tui.text import human_size

JSON_HELP = "as JSON, for scripts"
MONTH_HELP = "only posts from this month (YYYY alone: that whole year)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eye-tui", description="Read the Enderby EYE in the terminal, online or off."
    )
    parser.add_argument("--feed", metavar="URL|PATH", help="feed URL or local feed file")
    parser.add_argument("--data-dir", metavar="DIR", help="where the archive is kept")
    parser.add_argument("--offline", action="store_true", help="never touch the network")
    parser.add_argument(
        "--demo", action="store_true", help="use the bundled sample archive (no network needed)"
    )
    parser.add_argument(
        "--reset", action="store_true", help="keep a damaged archive aside and start a fresh one"
    )
    parser.add_argument("--version", action="version", version=f"eye-tui {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="with none, the reader opens"
    )

    refresh = commands.add_parser("refresh", help="fetch new posts into the archive")
    refresh.add_argument("--all", action="store_true", help="walk the whole history")
    refresh.add_argument("--comments", action="store_true", help="fetch comments too")
    refresh.add_argument(
        "--documents",
        action="store_true",
        help="save the documents (PDF, Word) stored posts link to on the site, within "
        "documents_budget_mb",
    )
    refresh.add_argument(
        "--pictures",
        action="store_true",
        help="keep the pictures of stored posts, newest first, within pictures_budget_mb",
    )
    refresh.add_argument("--quiet", action="store_true", help="print nothing on success")

    listing = commands.add_parser("list", help="list stored posts, newest first")
    _add_filter_arguments(listing)

    show = commands.add_parser(
        "show", help="show one post: as the reader draws it, or as Markdown when piped"
    )
    show.add_argument(
        "id", metavar="ID", help="the post's number (from list), its id or its address"
    )
    show.add_argument(
        "--markdown", action="store_true", help="Markdown in a terminal too, as in a pipe"
    )
    show.add_argument(
        "--json", action="store_true", help="the post and its HTML body as JSON, for scripts"
    )

    search = commands.add_parser("search", help="full-text search of the archive")
    search.add_argument(
        "query",
        metavar="QUERY",
        help='words to find in titles and bodies (every word must be there; "in quotes":'
        ' side by side; "dog -fete": no post with fete; "fete OR fair": either)',
    )
    _add_filter_arguments(search)

    mark = commands.add_parser("mark-read", help="mark the posts a filter lists as read")
    _add_tag_arguments(mark)
    mark.add_argument("--month", metavar="YYYY[-MM]", help=MONTH_HELP)
    mark.add_argument("--search", metavar="QUERY", help="only posts matching")
    mark.add_argument("--starred", action="store_true", help="only starred posts")

    tags = commands.add_parser("tags", help="tags with post counts")
    tags.add_argument("--json", action="store_true", help=JSON_HELP)
    info = commands.add_parser("info", help="where things are and what the archive holds")
    info.add_argument("--json", action="store_true", help=JSON_HELP)
    documents = commands.add_parser(
        "documents", help="documents saved from posts, with their files and posts"
    )
    documents.add_argument("--json", action="store_true", help=JSON_HELP)
    prune = commands.add_parser("prune", help="drop kept pictures (posts are never dropped)")
    prune.add_argument("--pictures", action="store_true", required=True, help="every picture")
    return parser


def _add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    _add_tag_arguments(parser)
    parser.add_argument(
        "-n",
        "--limit",
        type=_positive,
        default=50,
        metavar="N",
        help="at most N posts (50 unless told)",
    )
    parser.add_argument("--json", action="store_true", help=JSON_HELP)
    parser.add_argument("--month", metavar="YYYY[-MM]", help=MONTH_HELP)
    parser.add_argument("--unread", action="store_true", help="only posts not yet read")
    parser.add_argument("--starred", action="store_true", help="only starred posts")


def _add_tag_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="NAME",
        help="only posts with this tag (repeat for several: all must match)",
    )
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="NAME",
        help="only posts in this section of the site (News, Events…; combines with --tag)",
    )


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number above 0")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.feed, args.data_dir, args.offline)
        if args.demo:
            settings = demo_settings(settings)
        try:
            return _run(args, settings)
        finally:
            if args.demo:
                remove_demo_dir(settings)
    except UsageError as error:
        _fail(str(error))
        return USAGE
    except EyeError as error:
        _fail(str(error))
        return FAILED
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            sys.stderr.write("\r\x1b[2K")  # the progress line, if any, ends here
        _fail("interrupted; every page fetched so far is kept, and the next refresh resumes")
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of our output (`| head`) has gone; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def _run(args: argparse.Namespace, settings: Settings) -> int:
    # A big archive takes seconds to bring up to date; said, or the wait goes unexplained.
    watched = sys.stderr.isatty() and not getattr(args, "quiet", False)
    if watched and is_behind(archive_path(settings.data_dir)):
        sys.stderr.write("Updating the archive for this version of eye-tui (once)…\n")
    if args.command is None:
        from eye_tui.ui.app import run_reader  # Textual loads only when the reader opens

        return run_reader(settings, demo=args.demo, reset=args.reset)
    with Archive(archive_path(settings.data_dir), reset=args.reset) as archive:
        if args.reset:
            _say_reset(archive)
        settings = settings_for(archive, settings)
        start_is_over()  # the command's own work may leave garbage to collect
        if args.demo:
            from eye_tui.sync import Sync

            Sync(archive, replace(settings, offline=False)).refresh()
        command = {
            "refresh": _refresh,
            "list": cli_posts.list_posts,
            "show": cli_posts.show,
            "search": cli_posts.search,
            "tags": cli_posts.tags,
            "info": cli_info.info,
            "mark-read": cli_posts.mark_read,
            "documents": cli_media.documents,
            "prune": cli_media.prune,
        }[args.command]
        return command(args, archive, settings)


def _refresh(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    if settings.offline:
        raise UsageError("refresh needs the network, but --offline was given")
    from eye_tui.sync import Sync  # the network stack loads only for the commands that need it

    progress = None
    if not args.quiet and sys.stderr.isatty():
        progress = _progress_line
    # A quiet run is the cron job's: it respects a site's request to wait; by hand, asks anyway.
    report = Sync(archive, settings, progress).refresh(
        all_pages=args.all, comments=args.comments, manual=not args.quiet
    )
    if progress:
        sys.stderr.write("\r\x1b[2K")
    if report.notice:
        _fail(report.notice)  # one line on stderr, as any other message
    if not args.quiet:
        nothing = not report.new and not archive.count_posts()
        print("The feed has no posts yet." if nothing else _report_line(report))
    if args.pictures or settings.pictures == "with-refresh":
        cli_media.refresh_pictures(args, archive, Sync(archive, settings))
    if args.documents:
        cli_media.refresh_documents(args, archive, Sync(archive, settings))
    return OK


def _progress_line(report: SyncReport) -> None:
    # Cut to the terminal's width (one cell spare): a longer line wraps, "\r" goes back
    # only to its last row, and every update would leave a row behind.
    line = fitted(_report_line(report, working=True), sys.stderr, margin=1)
    sys.stderr.write(f"\r\x1b[2K{line}")
    sys.stderr.flush()


def _report_line(report: SyncReport, working: bool = False) -> str:
    if working:
        return report.progress_line()
    head = "Refreshed"
    if report.requests and report.not_modified == report.requests:
        return "Up to date: the feed has not changed since the last refresh."
    from_file = not report.requests  # a feed file: nothing was downloaded
    if not (report.new or report.updated or report.comments):  # asked, and nothing came
        if from_file:
            return "Up to date: nothing new in the feed file."
        return f"Up to date: nothing new on the site ({human_size(report.bytes)} downloaded)."
    if from_file:
        return f"Refreshed from the feed file: {report.new} new, {report.updated} updated."
    line = (
        f"{head}: {report.pages} page{'s' * (report.pages != 1)}, {report.new} new, "
        f"{report.updated} updated"
    )
    if report.comments:
        line += f", {report.comments} new comments"
    return line + f", {human_size(report.bytes)} downloaded"


def _say_reset(archive: Archive) -> None:
    if archive.set_aside_to is not None:
        _fail(f"the damaged archive was kept as {archive.set_aside_to}; started a fresh one")
    else:
        _fail(f"the archive {archive.path} is not damaged: --reset left it as it was")
