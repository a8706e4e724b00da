"""The `eye-tui` command: a thin shell over the engine. No logic of its own lives here."""

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace

from eye_tui import __version__, cli_info, cli_media
from eye_tui.archive import Archive, is_behind
from eye_tui.archive.search import MATCH_END, MATCH_START, plain_snippet
from eye_tui.config import Settings, load_settings
from eye_tui.demo import demo_settings, remove_demo_dir
from eye_tui.errors import EyeError, UsageError
from eye_tui.exit_codes import FAILED, INTERRUPTED, OK, USAGE
from eye_tui.matching import has_something_to_find
from eye_tui.model import SECTION_PREFIX, PostFilter, SyncReport
from eye_tui.output import fail as _fail
from eye_tui.output import fitted, say_row, terminal_width
from eye_tui.output import print_json as _print_json
from eye_tui.output import say as _print
from eye_tui.paths import archive_path
from eye_tui.sites import settings_for
from eye_tui.start import start_is_over
from eye_tui.text import human_size, local_date, terminal_safe

JSON_HELP = "as JSON, for scripts"
MONTH_HELP = "only posts from this month (YYYY alone: that whole year)"
SNIPPET_INDENT = " " * 8  # a search result's snippet, under its title


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    listing.add_argument("--month", metavar="YYYY[-MM]", help=MONTH_HELP)
    listing.add_argument("--unread", action="store_true", help="only posts not yet read")
    listing.add_argument("--starred", action="store_true", help="only starred posts")

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
        help="words to find in titles and bodies (every word must be there)",
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
            "list": _list,
            "show": _show,
            "search": _search,
            "tags": _tags,
            "info": cli_info.info,
            "mark-read": _mark_read,
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


def _mark_read(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    if args.search is not None:
        _check_findable(args.search)  # before a single post is marked
    marked = archive.mark_all_read(_filter_from(args, args.search or ""))
    _print(f"Marked {len(marked):,} post{'s' * (len(marked) != 1)} read.")
    if not marked:
        print(f"Nothing to mark: {_why_none(args, archive)}.", file=sys.stderr)
    return OK


def _why_none(args: argparse.Namespace, archive: Archive) -> str:
    """Why mark-read marked nothing: a name or month the archive lacks, no match, or
    every post it names read already."""
    if missing := _missing_tag(args, archive) or _missing_month(args, archive):
        return missing
    asked = _filter_from(args, args.search or "")
    named = archive.count_posts(asked)
    if not named and asked.is_empty:
        return "the archive holds no posts yet"
    if not named:
        return f"no post matches {args.search!r}" if args.search else "no post in this list"
    if named == 1:
        return "the one post it names is read already"
    return f"the {named:,} posts it names are read already"


def _filter_from(args: argparse.Namespace, query: str = "") -> PostFilter:
    return PostFilter(
        tags=(*args.tag, *(SECTION_PREFIX + name for name in args.category)),
        month=getattr(args, "month", None),
        unread=getattr(args, "unread", False),
        starred=getattr(args, "starred", False),
        query=query,
    )


def _list(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    posts = archive.list_posts(_filter_from(args), limit=args.limit)
    if args.json:
        _print_json([post.to_json() for post in posts])
        return OK
    for post in posts:
        marks = ("★" if post.starred else " ") + (" " if post.read else "●")
        tags = f"  [{', '.join(post.tags)}]" if post.tags else ""
        say_row(f"{post.key:>6}  {local_date(post.published):%Y-%m-%d}  {marks} {post.title}{tags}")
    if not posts:
        print(_why_empty(args, archive), file=sys.stderr)
    return OK


def _why_empty(args: argparse.Namespace, archive: Archive) -> str:
    """Said when a list is empty: a tag's name mistyped must not look like no posts."""
    if not archive.count_posts():
        return "The archive is empty: `eye-tui refresh` fetches the site's posts."
    missing = _missing_tag(args, archive) or _missing_month(args, archive)
    return f"No posts in this list: {missing}." if missing else "No posts in this list."


def _missing_month(args: argparse.Namespace, archive: Archive) -> str | None:
    """A month (or year) asked for that holds no post, said with the months that do."""
    months = sorted(m.month for m in archive.month_counts())
    if not args.month or not months or any(m.startswith(args.month) for m in months):
        return None
    held = f"only {months[0]}" if months[0] == months[-1] else f"{months[0]} to {months[-1]}"
    return f"nothing from {args.month} in the archive, which holds {held}"


def _missing_tag(args: argparse.Namespace, archive: Archive) -> str | None:
    """A tag or section asked for that the archive does not hold, said; None if none."""
    names = [*args.tag, *(SECTION_PREFIX + name for name in args.category)]
    for name in names:  # a tag with no posts alone is not in the archive
        if not archive.list_posts(PostFilter(tags=(name,)), limit=1):
            shown = terminal_safe(name.removeprefix(SECTION_PREFIX))
            return f"no tag or section {shown!r} in the archive (see `eye-tui tags`)"
    return None


def _show(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    from eye_tui.render import render_post_markdown  # html2text, only for this command

    post = archive.get_post(args.id)
    if post is None and (key := archive.post_key_for_link(args.id)) is not None:
        post = archive.get_post(key)  # its address, copied from a browser or the links
    if post is None:
        raise UsageError(f"no post {args.id!r} in the archive (see `eye-tui list`)")
    comments = archive.comments_for(post.summary.key)
    if args.json:
        _print_json(
            {
                **post.summary.to_json(),
                "html": post.html,
                "markdown": render_post_markdown(post, ()),
                **cli_media.post_media(archive, post),
                "comments": [
                    {
                        "id": c.id,
                        "author": c.author,
                        "published": c.published.isoformat(),
                        "html": c.html,
                    }
                    for c in comments
                ],
            }
        )
    elif sys.stdout.isatty() and not args.markdown:
        from eye_tui.ui.printed import page_post  # Rich, only for a person reading

        page_post(post, comments, sys.stdout, settings.text_width)
    else:
        _print(render_post_markdown(post, comments), end="")
    return OK


def _check_findable(query: str) -> None:
    if not has_something_to_find(query):  # the archive would list (or mark) every post
        raise UsageError("nothing to search for: give a word or more")


def _search(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    _check_findable(args.query)
    hits = archive.search(_filter_from(args, args.query), limit=args.limit)
    if args.json:
        _print_json([{**hit.post.to_json(), "snippet": plain_snippet(hit.snippet)} for hit in hits])
        return OK
    bold, plain = ("\x1b[1m", "\x1b[22m") if sys.stdout.isatty() else ("", "")
    # In a terminal, snippets wrap inside their indent: run on, they went on at column 0.
    width = terminal_width(sys.stdout) - len(SNIPPET_INDENT)
    for hit in hits:
        say_row(f"{hit.post.key:>6}  {local_date(hit.post.published):%Y-%m-%d}  {hit.post.title}")
        # Clean first, then add our own emphasis: feed text can never bring its own.
        snippet = terminal_safe(
            hit.snippet.replace(MATCH_START, "\ue000").replace(MATCH_END, "\ue001")
        )
        for line in textwrap.wrap(snippet, width) if width >= 20 else [snippet]:
            print(SNIPPET_INDENT + line.replace("\ue000", bold).replace("\ue001", plain))
    if not hits and not args.json:
        print(f"No posts match {terminal_safe(args.query)!r}.", file=sys.stderr)
    return OK


def _tags(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    tags = archive.tag_counts()
    if args.json:
        _print_json(
            [{"name": t.name, "slug": t.slug, "posts": t.posts, "kind": t.kind} for t in tags]
        )
    else:
        for tag in tags:
            _print(f"{tag.posts:>6}  {tag.name}" + ("  (section)" * (tag.kind == "category")))
    return OK


def _say_reset(archive: Archive) -> None:
    if archive.set_aside_to is not None:
        _fail(f"the damaged archive was kept as {archive.set_aside_to}; started a fresh one")
    else:
        _fail(f"the archive {archive.path} is not damaged: --reset left it as it was")
