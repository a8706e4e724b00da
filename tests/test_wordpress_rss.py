"""The fast reader of WordPress's RSS against feedparser: the same posts, or it declines.

Every document here is parsed twice, by wordpress_rss.py and by feedparser alone, and the
posts (every field, as stored) must be equal. Documents it must leave to feedparser are
checked to be declined, and those it is for, to be read by it (else the speed is lost).
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eye_tui import wordpress_rss
from eye_tui.errors import NotAFeedError
from eye_tui.feed import ParsedFeed, parse_feed
from tests.site import make_posts, rss_document, rss_item
from tests.wordpress_posts import CLASSIC

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SAMPLE = Path(__file__).parent.parent / "eye_tui" / "data" / "sample-feed.xml"
RSS_TYPE = "application/rss+xml; charset=UTF-8"

CHANNEL_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
  xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel><title>Enderby EYE</title>
<atom:link href="http://www.enderbyeye.co.uk/feed/" rel="self" type="application/rss+xml" />
<link>http://www.enderbyeye.co.uk</link><description>News</description>
<sy:updatePeriod>hourly</sy:updatePeriod>
"""


def wrap(items: str, head: str = CHANNEL_HEAD) -> bytes:
    return (head + items + "</channel></rss>\n").encode()


def item(**fields: str) -> str:
    """A WordPress item; each keyword replaces (or, as "", removes) one of its lines."""
    lines = {
        "title": "<title>Parish council &#8211; March</title>",
        "link": "<link>http://www.enderbyeye.co.uk/2015/03/02/parish/</link>",
        "comments": "<comments>http://www.enderbyeye.co.uk/2015/03/02/parish/#comments</comments>",
        "date": "<pubDate>Mon, 02 Mar 2015 09:14:00 +0000</pubDate>",
        "creator": "<dc:creator><![CDATA[Enderby EYE]]></dc:creator>",
        "categories": "<category><![CDATA[News]]></category>"
        "<category><![CDATA[Leicestershire]]></category>",
        "guid": '<guid isPermaLink="false">http://www.enderbyeye.co.uk/?p=812</guid>',
        "description": "<description><![CDATA[The council met [&#8230;]]]></description>",
        "content": f"<content:encoded><![CDATA[{CLASSIC}]]></content:encoded>",
        "comment_feed": "<wfw:commentRss>http://www.enderbyeye.co.uk/2015/03/02/parish/feed/"
        "</wfw:commentRss>",
        "count": "<slash:comments>3</slash:comments>",
    }
    lines.update(fields)
    return "<item>\n" + "\n".join(line for line in lines.values() if line) + "\n</item>\n"


def both_ways(data: bytes, content_type: str = RSS_TYPE) -> tuple[ParsedFeed, ParsedFeed]:
    fast = parse_feed(data, content_type=content_type, fetched_at=NOW)
    slow = parse_feed(data, content_type=content_type, fetched_at=NOW, wordpress_first=False)
    return fast, slow


def assert_same(data: bytes, content_type: str = RSS_TYPE, read_fast: bool = True) -> None:
    """Both readers give the same posts; `read_fast`: and the fast one did read it."""
    assert (wordpress_rss.read(data, content_type) is not None) is read_fast
    fast, slow = both_ways(data, content_type)
    assert fast.title == slow.title and fast.link == slow.link
    assert len(fast.posts) == len(slow.posts)
    for mine, theirs in zip(fast.posts, slow.posts, strict=True):
        assert mine == theirs


# -- what WordPress writes: read fast, read the same ------------------------------------------


def test_the_bundled_sample_and_the_test_sites_feed_are_read_the_same() -> None:
    assert_same(SAMPLE.read_bytes())
    posts = make_posts(30)
    items = "".join(rss_item(post, "http://127.0.0.1:8080") for post in posts)
    assert_same(rss_document(items, base="http://127.0.0.1:8080").encode())
    summaries = "".join(rss_item(p, "http://x", summary_only=True) for p in posts)
    assert_same(rss_document(summaries).encode())


@pytest.mark.parametrize(
    "fields",
    [
        {},
        # Titles: entities decoded once more (WordPress escapes inside CDATA), markup kept
        {"title": "<title><![CDATA[What&#8217;s On &amp; where]]></title>"},
        {"title": "<title>Fish &amp;amp; chips &lt;b&gt;night&lt;/b&gt;</title>"},
        {"title": "<title></title>"},
        {"title": "<title>  padded\n  title  </title>"},
        {"title": ""},
        # Links and ids
        {"link": "<link>http://www.enderbyeye.co.uk/?p=812&amp;preview=true</link>"},
        {"link": "<link>http:///www.enderbyeye.co.uk/extra-slashes/</link>"},
        {"link": "<link>/2015/03/02/relative/</link>"},
        {"link": ""},
        {"link": "", "guid": "<guid>http://www.enderbyeye.co.uk/permalink-guid/</guid>"},
        {"link": "", "guid": '<guid isPermaLink="true">http://e.example/p/</guid>'},
        {"link": "", "guid": ""},
        {"guid": "<guid isPermaLink='false'>  spaced-guid  </guid>"},
        {"guid": "<guid></guid>"},
        # Dates in WordPress's form, with other zones
        {"date": "<pubDate>Sun, 01 Nov 2015 01:30:00 +0100</pubDate>"},
        {"date": "<pubDate>Sun, 01 Nov 2015 01:30:00 -0530</pubDate>"},
        {"date": "<pubDate>Sun, 01 Nov 2015 01:30:00 GMT</pubDate>"},
        {"date": "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate>"},
        {"date": "<pubDate>Fri, 01 Jan 2100 00:00:00 +0000</pubDate>"},
        {"date": ""},
        # Bodies, summaries, authors, tags and counts
        {"content": ""},
        {"description": ""},
        {"description": "", "content": ""},
        {
            "content": "<content:encoded><![CDATA[<p>Line one\r\nline two\rthree</p>]]>"
            "</content:encoded>"
        },
        {
            "content": "<content:encoded>&lt;p&gt;Escaped &amp;amp; markup&lt;/p&gt;"
            "</content:encoded>"
        },
        {"creator": "<dc:creator>jo@example.com (Jo Bloggs)</dc:creator>"},
        {"creator": ""},
        {
            "categories": "<category>News</category><category>news</category>"
            "<category><![CDATA[Caf&#233; &amp; Bar]]></category><category></category>"
        },
        {"categories": '<category domain="category">News</category><category>News</category>'},
        {"categories": ""},
        {"count": "<slash:comments>many</slash:comments>"},
        {"count": "<slash:comments>-4</slash:comments>"},
        {"comments": "", "comment_feed": ""},
        # Text that feedparser mends: UTF-8 read as Latin-1, and C1 controls as Windows-1252
        {"title": "<title>Caf\u00c3\u00a9 opens</title>"},
        {"title": "<title>Price \u0080 5 \u0093quoted\u0094 \u0081</title>"},
        {"title": "<title>Bells \U0001f514 and \u202eevil\u202c text\u200b</title>"},
        {
            "content": "<content:encoded><![CDATA[<p>\u00e2\u0080\u0099 and \x85</p>]]>"
            "</content:encoded>"
        },
        # Files attached to a post: read by both, whether the body links them or not
        {"extra": '<enclosure url="http://e.example/a.mp3" length="1" type="audio/mpeg" />'},
        {
            "extra": '<enclosure url="http://e.example/a.mp3" length="1" type="audio/mpeg" />'
            '<enclosure url="http://e.example/b.pdf" length="0" type="application/pdf" />'
        },
        {"extra": '<enclosure url="http://www.enderbyeye.co.uk/wp-content/uploads/fete.mp4" />'},
        {"extra": '<enclosure url="javascript:alert(1)" length="5" type="audio/mpeg" />'},
        # Known extras, ignored by both
        {"extra": '<post-id xmlns="com-wordpress:feed-additions:1">812</post-id>'},
    ],
)
def test_wordpress_items_are_read_the_same(fields: dict[str, str]) -> None:
    assert_same(wrap(item(**fields) + item(guid="<guid>http://e.example/?p=2</guid>")))


def test_channel_shapes_are_read_the_same() -> None:
    plain = CHANNEL_HEAD.replace("<atom:link", "<!-- --><atom:link")
    link_after = CHANNEL_HEAD.replace("<link>http://www.enderbyeye.co.uk</link>", "").replace(
        "<description>", "<link>http://www.enderbyeye.co.uk/?a=1&amp;b=2</link><description>"
    )
    image = CHANNEL_HEAD + (
        "<image><url>http://e.example/i.png</url><title>Logo</title>"
        "<link>http://e.example/elsewhere</link></image>"
    )
    for head in (plain, link_after, image, CHANNEL_HEAD.replace("<title>Enderby EYE</title>", "")):
        assert_same(wrap(item(), head))
    assert_same(wrap(""))  # no posts at all


# -- what it leaves to feedparser ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        # other formats and encodings
        (
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            b"<entry><title>x</title><id>1</id></entry></feed>",
            RSS_TYPE,
        ),
        (
            b'<?xml version="1.0"?><rss version="0.91"><channel><title>A</title>'
            b"<item><title>x</title></item></channel></rss>",
            RSS_TYPE,
        ),
        (wrap(item()).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"'), RSS_TYPE),
        (wrap(item()), "application/rss+xml; charset=iso-8859-1"),
        (wrap(item()).decode().encode("utf-16-le"), RSS_TYPE),
        (wrap(item()).decode().encode("utf-16"), RSS_TYPE),
        (wrap(item()).replace(b"<rss", b'<!DOCTYPE rss SYSTEM "x.dtd">\n<rss'), RSS_TYPE),
        # what it does not know exactly as feedparser reads it
        (
            wrap(
                item(
                    extra='<media:content xmlns:media="http://search.yahoo.com/mrss/" '
                    'url="http://e.example/a.jpg"><media:title>x</media:title>'
                    "</media:content>"
                )
            ),
            RSS_TYPE,
        ),
        (wrap(item(extra="<dc:date>2015-03-02T09:14:00Z</dc:date>")), RSS_TYPE),
        (wrap(item(extra="<author>jo@example.com (Jo)</author>")), RSS_TYPE),
        (wrap(item(extra="<title>Second title</title>")), RSS_TYPE),
        (wrap(item(date="<pubDate>2015-03-02 09:14</pubDate>")), RSS_TYPE),
        (wrap(item(date="<pubDate>Mon, 2 Mar 2015 09:14:00 +0000</pubDate>")), RSS_TYPE),
        (wrap(item(date="<pubDate>Mon, 30 Feb 2015 09:14:00 +0000</pubDate>")), RSS_TYPE),
        (wrap(item(date="<pubDate>Mon, 02 Mar 2015 09:14:00 +9900</pubDate>")), RSS_TYPE),
        (wrap(item(title="<title>A <b>bold</b> title</title>")), RSS_TYPE),
        (wrap(item(description='<description type="text">x</description>')), RSS_TYPE),
        (wrap(item(categories='<category term="x" />')), RSS_TYPE),
        (wrap(item()).replace(b"<channel>", b'<channel xml:base="http://e.example/">'), RSS_TYPE),
        (wrap(item()).replace(b"<title>Enderby", b"<title>Enderby</title><title>EYE"), RSS_TYPE),
        (
            wrap(item()).replace(
                b"<sy:updatePeriod>", b"<managingEditor>x</managingEditor><sy:updatePeriod>"
            ),
            RSS_TYPE,
        ),
        # not well formed: feedparser's own rules for damaged feeds apply
        (wrap(item()).replace(b"</channel></rss>\n", b"</channel>"), RSS_TYPE),
        (wrap(item(title="<title>Fish &nbsp; chips</title>")), RSS_TYPE),
    ],
    ids=lambda value: str(value)[:30] if isinstance(value, bytes) else None,
)
def test_anything_else_is_left_to_feedparser(data: bytes, content_type: str) -> None:
    assert wordpress_rss.read(data, content_type) is None
    assert outcome(data, content_type, True) == outcome(data, content_type, False)


def outcome(data: bytes, content_type: str, wordpress_first: bool) -> object:
    """The posts read, or the one line that says why none could be."""
    try:
        return parse_feed(
            data, content_type=content_type, fetched_at=NOW, wordpress_first=wordpress_first
        )
    except NotAFeedError as error:
        return str(error)


# -- any text at all in WordPress's places -----------------------------------------------------

# Text as a feed can carry it: any character XML allows, escaped as WordPress escapes it.
_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=60,
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_XML_TEXT, body=_XML_TEXT, tag=_XML_TEXT, author=_XML_TEXT, guid=_XML_TEXT)
def test_any_text_is_read_the_same(title: str, body: str, tag: str, author: str, guid: str) -> None:
    data = wrap(
        item(
            title=f"<title>{_escaped(title)}</title>",
            content=f"<content:encoded>{_cdata(body)}</content:encoded>",
            categories=f"<category>{_cdata(tag)}</category>",
            creator=f"<dc:creator>{_escaped(author)}</dc:creator>",
            guid=f'<guid isPermaLink="false">{_escaped(guid)}</guid>',
        )
    )
    fast, slow = both_ways(data)
    assert fast.posts == slow.posts
