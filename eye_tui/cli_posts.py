"""The command line's posts: listing, searching, showing and marking them read, and the
tags they carry. (cli.py holds the parser and the refresh.)"""

import argparse
import sys
import textwrap

from eye_tui import cli_media
from eye_tui.archive import Archive
from eye_tui.archive.search import MATCH_END, MATCH_START, plain_snippet
from eye_tui.config import Settings
from eye_tui.errors import UsageError
from eye_tui.exit_codes import OK
from eye_tui.matching import has_something_to_find
from eye_tui.model import SECTION_PREFIX, PostFilter
from eye_tui.output import print_json as _print_json
from eye_tui.output import say as _print
from eye_tui.output import say_row, terminal_width
from eye_tui.text import local_date, terminal_safe

SNIPPET_INDENT = " " * 8  # a search result's snippet, under its title


def mark_read(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    if args.search is not None:
        _check_findable(args.search)  # before a single post is marked
    asked = _filter_from(args, args.search or "")
    marked = archive.mark_all_read(asked)
    _print(f"Marked {len(marked):,} post{'s' * (len(marked) != 1)} read.")
    if not marked:
        print(f"Nothing to mark: {_why_none(args, archive, asked)}.", file=sys.stderr)
    return OK


def _why_none(args: argparse.Namespace, archive: Archive, asked: PostFilter) -> str:
    """Why mark-read marked nothing: a name or month the archive lacks, no match, or
    every post it names read already."""
    if missing := _missing(args, archive):
        return missing
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


def list_posts(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
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
    missing = _missing(args, archive)
    return f"No posts in this list: {missing}." if missing else "No posts in this list."


def _missing(args: argparse.Namespace, archive: Archive) -> str | None:
    """A tag, section or month asked for that the archive lacks, said; else None."""
    return _missing_tag(args, archive) or _missing_month(args, archive)


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


def show(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
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


def search(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
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
    if not hits:
        missing = _missing(args, archive)  # a typo in a tag must not look like no match
        said = f"No posts match {terminal_safe(args.query)!r}"
        print(f"{said}: {missing}." if missing else f"{said}.", file=sys.stderr)
    return OK


def tags(args: argparse.Namespace, archive: Archive, settings: Settings) -> int:
    tags = archive.tag_counts()
    if args.json:
        _print_json(
            [{"name": t.name, "slug": t.slug, "posts": t.posts, "kind": t.kind} for t in tags]
        )
    else:
        for tag in tags:
            _print(f"{tag.posts:>8,}  {tag.name}" + ("  (section)" * (tag.kind == "category")))
    return OK
