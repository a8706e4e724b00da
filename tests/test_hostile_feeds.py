"""Hostile feed content: it is shown as text, never acts, never crashes, never hangs."""

import html
import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.archive.search import plain_snippet
from eye_tui.config import Settings
from eye_tui.errors import FetchError, NotAFeedError
from eye_tui.feed import MAX_BODY, parse_feed
from eye_tui.links import LinkKind, can_open, describe
from eye_tui.model import PostFilter, Validators
from eye_tui.paths import archive_path
from eye_tui.render import render_body, render_post_markdown
from eye_tui.sync import Sync
from eye_tui.ui.printed import print_post
from tests.conftest import CliRun
from tests.hostile import BILLION_LAUGHS, HOSTILE, has_forbidden, rss, xxe
from tests.site import WordPressSite, make_posts

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def item(title: str, body: str = "<p>x</p>", guid: str = "g", extra: str = "") -> str:
    from xml.sax.saxutils import escape

    return (
        f"<item><title>{escape(title)}</title><guid>{escape(guid)}</guid>{extra}"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def test_hostile_strings_in_every_field_come_out_clean(archive: Archive) -> None:
    items = "".join(
        item(
            text,
            f"<p>{text}</p><a href='http://x/{n}'>{text}</a>",
            f"g{n}",
            f"<category><![CDATA[{text}]]></category><author>{text}</author>",
        ).replace("\x00", "&#0;")
        for n, text in enumerate(HOSTILE)
    )
    data = items.encode("utf-8", "surrogatepass")
    parsed = parse_feed(rss(data.decode()), fetched_at=NOW)
    archive.store_document("u", parsed.posts, Validators(), 0)
    for post in archive.list_posts(limit=100):
        stored = archive.get_post(post.key)
        assert stored is not None
        text = render_post_markdown(stored)
        fields = [post.title, post.author, *post.tags, stored.html, text]
        assert not any(has_forbidden(f) for f in fields), fields
    assert "[@click=app.quit]quit[/]" in {p.title for p in archive.list_posts(limit=100)}


def test_cli_prints_markup_literally_and_no_escape_sequences(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    posts = make_posts(len(HOSTILE))
    for post, text in zip(posts, HOSTILE, strict=True):
        post.title = text.replace("\x00", "")
    with WordPressSite(posts) as site:
        cli = CliRun(capsys, data_dir, site.url)
        assert cli("refresh")[0] == 0
        code, out, _ = cli("list", "--limit", "100")
        assert code == 0 and not has_forbidden(out.replace("\n", ""))
        assert "[bold red]x[/]" in out and "[@click=app.quit]quit[/]" in out
        assert "paypalgnp.exe" in out and "enderbyeye" in out  # disguises removed
        for key in range(1, len(HOSTILE) + 1):
            code, out, _ = cli("show", str(key))
            assert code == 0 and not has_forbidden(out.replace("\n", "").replace("\t", ""))


def test_show_in_a_terminal_draws_hostile_posts_as_plain_text(data_dir: Path) -> None:
    """`show` in a terminal draws the post through Rich (eye_tui.ui.printed): feed text
    there stays text, as in the pane, titles, bodies, tags and comments alike."""
    posts = make_posts(len(HOSTILE), tags=tuple(HOSTILE[:3]))
    for post, text in zip(posts, HOSTILE, strict=True):
        post.title = text.replace("\x00", "")
        post.html = (
            f"<p>{html.escape(text)}</p><table><tr><td>{html.escape(text)}</td></tr></table>"
        )
        post.comments = [(text, f"<p>{html.escape(text)}</p>")]
    with Archive(archive_path(data_dir)) as archive:
        with WordPressSite(posts) as site:
            Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh(comments=True)
        printed = io.StringIO()
        for summary in archive.list_posts(limit=100):
            post = archive.get_post(summary.key)
            assert post is not None
            print_post(post, archive.comments_for(summary.key), printed)
    out = printed.getvalue()
    assert not has_forbidden(out.replace("\n", ""))
    assert out.count("[bold red]x[/]") >= 3 and "[@click=app.quit]quit[/]" in out
    assert "Comments (1)" in out


def test_billion_laughs_is_neutralised() -> None:
    # Its time is a benchmark figure (benchmarks/hostile.py); memory does not vary by machine.
    tracemalloc.start()
    try:
        parsed = parse_feed(BILLION_LAUGHS, fetched_at=NOW)
    except NotAFeedError:
        parsed = None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    if parsed is not None:
        assert all(len(p.title) < 1000 and "lollollol" not in p.html for p in parsed.posts)


def test_external_entities_read_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TAX-RETURN")
    try:
        parsed = parse_feed(xxe(str(secret)), fetched_at=NOW)
    except NotAFeedError:
        return
    for post in parsed.posts:
        assert "TOP-SECRET" not in post.title + post.html + post.excerpt


def test_deeply_nested_html_stores_and_renders(archive: Archive) -> None:
    nested = "<div><blockquote><ul><li>" * 2500 + "deep" + "</li></ul></blockquote></div>" * 2500
    parsed = parse_feed(rss(item("Deep", nested)), fetched_at=NOW)
    archive.store_document("u", parsed.posts, Validators(), 0)
    stored = archive.get_post(1)
    assert stored is not None
    markdown = render_body(stored.html).markdown
    assert "deep" in markdown
    assert len(markdown) < 2_000_000  # indentation is capped, not 10,000 levels deep


def test_a_20mb_body_is_cut_with_a_note(archive: Archive) -> None:
    body = "<p>" + "word " * (4 * 1024 * 1024) + "</p>"
    parsed = parse_feed(rss(item("Huge", body)), fetched_at=NOW)
    (post,) = parsed.posts
    assert len(post.html) < MAX_BODY + 200 and "cut short" in post.html
    archive.store_document("u", parsed.posts, Validators(), 0)
    assert archive.count_posts() == 1


def test_a_50mb_document_is_refused_with_a_clear_message(archive: Archive, data_dir: Path) -> None:
    from tests.site import WordPressSite

    chunk = item("x" * 100, "<p>" + "y" * 10_000 + "</p>").encode()
    items = b"".join(
        chunk.replace(b"<guid>g</guid>", f"<guid>{n}</guid>".encode())
        for n in range(50 * 1024 * 1024 // len(chunk) + 1)
    )
    document = rss("")[: -len(b"</channel></rss>")] + items + b"</channel></rss>"
    with WordPressSite([]) as site:  # a download: a file on disk has a higher bound
        site.files["/feed/"] = (document, "application/rss+xml")
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with pytest.raises(FetchError, match="sent a document that unpacks to over 20 MB"):
            Sync(archive, settings).refresh()
    assert archive.count_posts() == 0


@pytest.mark.parametrize(
    "document, reason",
    [
        (b"\xef\xbb\xbf" + rss(item("BOM first")), None),
        (rss(item("caf\xe9")).replace("caf\xe9".encode(), b"caf\xe9"), None),  # invalid UTF-8
        (rss(item("Latin")).replace(b'encoding="utf-8"', b'encoding="iso-8859-1"'), None),
        (rss(item("Wrong")).replace(b'encoding="utf-8"', b'encoding="utf-16"'), None),
        (rss(item("cdata ]]> edge", "<p>a ]]]]><![CDATA[> b</p>")), None),
        (rss(item("T", "")).replace(b"<![CDATA[]]>", b"<![CDATA[<![CDATA[nested]]>"), None),
        (b"", "empty"),
        (b"<html><head><title>404 Not Found</title></head><body>Nope</body></html>", "web page"),
        (
            b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>R</title></channel>'
            b'<item rdf:about="http://x/1"><title>RSS one</title><link>http://x/1</link></item>'
            b"</rdf:RDF>",
            None,
        ),
        (rss(item("cut", "<p>" + "z" * 500 + "</p>"))[:-100], "cut off"),
        (b"\x00\x01\x02\xff\xfe garbage", "not an RSS"),
        (b"<rss><channel><item><title>no version</title></item>", "cut off"),
        (b"<rss><channel><item><title>no version</title></item></channel></rss>", None),
    ],
)
def test_broken_documents_parse_or_fail_clearly(document: bytes, reason: str | None) -> None:
    if reason is None:
        parsed = parse_feed(document, fetched_at=NOW)
        for post in parsed.posts:
            assert not has_forbidden(post.title + post.html)
    else:
        with pytest.raises(NotAFeedError, match=reason):
            parse_feed(document, fetched_at=NOW)


def test_link_schemes_and_relative_urls() -> None:
    html = (
        '<p><a href="javascript:alert(1)">js</a><a href="data:text/html,x">data</a>'
        '<a href="file:///etc/passwd">file</a><a href="../up/">up</a>'
        '<img src="/wp-content/uploads/2015/10/bp.jpg" alt="bp"></p>'
    )
    body = render_body(html, "http://www.enderbyeye.co.uk/2015/10/22/post/")
    assert "http://www.enderbyeye.co.uk/2015/10/22/up/" in body.links
    assert "http://www.enderbyeye.co.uk/wp-content/uploads/2015/10/bp.jpg" in body.links
    assert [can_open(link) for link in body.links] == [False, False, False, True, True]
    for scheme in (
        "javascript:x",
        " JAVASCRIPT:x",
        "data:,x",
        "file:///x",
        "ftp://x",
        "vbscript:x",
        "\x01javascript:x",
    ):
        assert not can_open(scheme)
    assert can_open("https://x") and can_open("mailto:a@b")


def test_addresses_python_cannot_split_are_listed_not_a_crash(archive: Archive) -> None:
    """ "http://[x" makes urllib raise: as a post's own address, a link or a picture it
    must render, list and classify like any other, never reach a browser unescaped."""
    html = '<p><a href="http://[x">one</a> <img src="http://[y]z" alt="two"> <a href="/a">3</a></p>'
    body = render_body(html, "http://[post/")
    assert body.links == ("http://%5Bx", "http://%5By%5Dz", "http://%5Bpost/a")
    assert [describe_link.kind for describe_link in describe(["http://[x", "http://a]"])] == [
        LinkKind.BLOCKED,
        LinkKind.BLOCKED,
    ]
    assert not can_open("http://[x") and archive.post_key_for_link("http://[x") is None


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"unbalanced',
        "NEAR(a b",
        "*",
        "a*b",
        "AND OR NOT",
        "col:x",
        "^x",
        "(",
        ")",
        "'",
        ";--",
        "\x00",
        "🙂",
    ],
)
def test_search_syntax_never_raises(archive: Archive, typed: str) -> None:
    documents = [
        item("Recycling near Enderby", "<p>AND OR NEAR</p>", "g1"),
        item(f"Typed {typed} in a title", f"<p>body with {typed} in it</p>", "g2"),
    ]
    parsed = parse_feed(rss("".join(documents)), fetched_at=NOW)
    archive.store_document("u", parsed.posts, Validators(), 0)
    hits = archive.search(PostFilter(query=typed))
    listed = archive.list_posts(PostFilter(query=typed))
    # The three ways of asking agree, and nothing typed leaks control text into a snippet.
    assert [hit.post.key for hit in hits] == [post.key for post in listed]
    assert archive.count_posts(PostFilter(query=typed)) == len(listed)
    assert not any(has_forbidden(plain_snippet(hit.snippet)) for hit in hits)


def test_garbage_encoding_name_is_not_a_crash() -> None:
    # Found by the fuzzer: feedparser itself raised UnicodeDecodeError on this declaration.
    document = rss(item("x")).replace(b'encoding="utf-8"', b'encoding="\x80utf-8"')
    try:
        parsed = parse_feed(document, fetched_at=NOW)
    except NotAFeedError as error:
        assert "could not be read" in str(error) or "not an RSS" in str(error)
    else:
        assert [post.title for post in parsed.posts] == ["x"]
