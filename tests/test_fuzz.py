"""Property-based fuzzing: random feeds with hostile strings, through parse -> store -> render.

No exception may escape but our own NotAFeedError, and no control character may survive
into what is stored or shown.
"""

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style

from eye_tui.archive import Archive
from eye_tui.errors import NotAFeedError
from eye_tui.feed import parse_feed
from eye_tui.model import Validators
from eye_tui.render import render_body, render_post_markdown
from eye_tui.ui import post_lines
from eye_tui.ui.post_layout import layout
from tests.hostile import HOSTILE, has_forbidden

NOW = datetime(2026, 11, 22, tzinfo=UTC)
# Text that XML can carry (no NUL or lone surrogates), mixed with the hostile corpus.
xml_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
)
schemes = st.sampled_from(
    [
        "http://x/",
        "https://x/a?b=1",
        "javascript:alert(1)",
        "data:,x",
        "file:///etc/passwd",
        "/relative/",
        "../up",
        "mailto:a@b",
        "",
    ]
)


def html_nodes() -> st.SearchStrategy[str]:
    leaf = xml_text.map(escape)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(
                st.sampled_from(
                    [
                        "p",
                        "b",
                        "em",
                        "blockquote",
                        "ul",
                        "li",
                        "h2",
                        "div",
                        "table",
                        "td",
                        "pre",
                        "code",
                    ]
                ),
                st.lists(inner, max_size=4),
            ).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
            st.tuples(schemes, inner).map(lambda t: f"<a href={quoteattr(t[0])}>{t[1]}</a>"),
            st.tuples(schemes, xml_text).map(
                lambda t: f"<img src={quoteattr(t[0])} alt={quoteattr(t[1])}>"
            ),
            inner.map(lambda s: s + "<br>"),
            inner.map(lambda s: "<p>" + s),  # unclosed
        ),
        max_leaves=25,
    )


dates = st.sampled_from(
    [
        "Thu, 22 Oct 2015 09:14:00 +0000",
        "garbage",
        "",
        "2015-10-22",
        "Thu, 22 Oct 2099 09:14:00 +0000",
        "Mon, 99 Foo 0000 99:99:99",
    ]
)


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        guid = draw(st.one_of(st.none(), xml_text))
        tags = draw(st.lists(xml_text, max_size=4))
        body = draw(html_nodes())
        items.append(
            "<item>"
            f"<title>{escape(draw(xml_text))}</title>"
            + (f"<guid>{escape(guid)}</guid>" if guid is not None else "")
            + f"<link>{escape(draw(schemes))}</link>"
            + f"<pubDate>{escape(draw(dates))}</pubDate>"
            + "".join(f"<category>{escape(t)}</category>" for t in tags)
            + f"<author>{escape(draw(xml_text))}</author>"
            + f"<content:encoded><![CDATA[{body.replace(']]>', '')}]]></content:encoded>"
            + "</item>"
        )
    text = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(draw(xml_text))}</title>{''.join(items)}</channel></rss>"
    )
    data = text.encode("utf-8")
    if draw(st.booleans()):  # sometimes break the document itself
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data


console = Console(width=80, color_system=None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=feed_documents())
def test_parse_store_render_never_crashes_or_leaks_controls(document: bytes) -> None:
    try:
        parsed = parse_feed(document, fetched_at=NOW)
    except NotAFeedError:
        return
    with (
        tempfile.TemporaryDirectory() as folder,
        Archive(Path(folder) / "archive.sqlite3") as archive,
    ):
        archive.store_document("http://x/feed/", parsed.posts, Validators(), len(document))
        archive.store_document("http://x/feed/", parsed.posts, Validators(), 0)  # idempotent
        assert archive.count_posts() == len(parsed.posts)
        for summary in archive.list_posts(limit=10):
            post = archive.get_post(summary.key)
            assert post is not None
            shown = render_post_markdown(post)
            body = render_body(post.html, summary.link)
            theme = post_lines.Theme(*([Style()] * 9))
            blocks = post_lines.header_blocks(post, theme) + post_lines.body_blocks(body, theme)
            on_screen = [line.plain for line in layout(blocks, console, 60)]
            for text in [
                summary.title,
                summary.author,
                *summary.tags,
                summary.link,
                shown,
                *on_screen,
            ]:
                assert not has_forbidden(text.replace("\n", "").replace("\t", "")), text
