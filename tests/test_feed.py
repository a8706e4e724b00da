"""Normalising feed items: ids, dates, terms, bodies and control characters."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eye_tui.errors import NotAFeedError
from eye_tui.feed import parse_comments, parse_feed
from eye_tui.render import render_body
from eye_tui.text import (
    clean_label,
    clean_text,
    html_to_plain,
    html_to_prose,
    html_to_words,
    plain_start,
    slugify,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def feed(*items: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {NS}><channel>'
        f"<title>Enderby EYE</title><link>http://www.enderbyeye.co.uk</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def parse(*items: str):
    return parse_feed(feed(*items), source="test", fetched_at=NOW).posts


def test_full_wordpress_item() -> None:
    (post,) = parse("""<item><title>Blueprint 2020 &#8211; the force</title>
      <link>http://www.enderbyeye.co.uk/2015/10/22/blueprint/</link>
      <pubDate>Thu, 22 Oct 2015 09:14:00 +0100</pubDate>
      <dc:creator><![CDATA[Enderby EYE]]></dc:creator>
      <category><![CDATA[News]]></category><category><![CDATA[Police]]></category>
      <category><![CDATA[police]]></category><category><![CDATA[Blueprint 2020]]></category>
      <guid isPermaLink="false">http://www.enderbyeye.co.uk/?p=1512</guid>
      <description><![CDATA[<p>Short excerpt [&#8230;]</p>]]></description>
      <content:encoded><![CDATA[<p>The <strong>full</strong> body.</p>]]></content:encoded>
      <wfw:commentRss>http://www.enderbyeye.co.uk/2015/10/22/blueprint/feed/</wfw:commentRss>
      <slash:comments>4</slash:comments></item>""")
    assert post.id == "http://www.enderbyeye.co.uk/?p=1512"
    assert post.title == "Blueprint 2020 – the force"
    assert post.author == "Enderby EYE"
    assert post.published == datetime(2015, 10, 22, 8, 14, tzinfo=UTC)  # stored in UTC
    assert not post.date_is_guess
    assert [(t.name, t.slug) for t in post.tags] == [
        ("News", "news"),
        ("Police", "police"),
        ("Blueprint 2020", "blueprint-2020"),
    ]
    assert post.html == "<p>The <strong>full</strong> body.</p>"
    assert post.excerpt == "Short excerpt […]"
    assert post.comments_url.endswith("/blueprint/feed/") and post.comment_count == 4


def test_id_falls_back_to_link_then_to_a_hash_of_title_and_date() -> None:
    bare_item = "<item><title>B</title><pubDate>Thu, 22 Oct 2015 09:14:00 GMT</pubDate></item>"
    with_link, bare = parse("<item><title>A</title><link>http://x/a/</link></item>", bare_item)
    (bare_again,) = parse(bare_item)
    assert with_link.id == "http://x/a/"
    assert bare.id.startswith("urn:eye-tui:")
    assert bare_again.id == bare.id  # stable: the same item always gets the same id
    assert parse("<item><title>C</title></item>")[0].id != bare.id


def test_body_falls_back_to_description() -> None:
    (post,) = parse(
        "<item><title>A</title><guid>g</guid>"
        "<description>&lt;p&gt;Only a description&lt;/p&gt;</description></item>"
    )
    assert post.html == "<p>Only a description</p>"


@pytest.mark.parametrize(
    "date",
    ["", "<pubDate>not a date</pubDate>", "<pubDate>Thu, 22 Oct 2099 09:14:00 GMT</pubDate>"],
)
def test_missing_garbage_and_future_dates_fall_back_to_fetch_time(date: str) -> None:
    (post,) = parse(f"<item><title>A</title><guid>g</guid>{date}</item>")
    assert post.published == NOW and post.date_is_guess


def test_control_characters_are_stripped_from_every_text_field() -> None:
    (post,) = parse(
        """<item><title>Bad&#x1b;[31m red&#x9b;2J title&#x7;</title>
      <guid>g&#x1b;]8;;x&#x7;</guid><dc:creator>Ev&#x202e;il</dc:creator>
      <category>Tag&#x1b;[0m</category>
      <content:encoded><![CDATA[<p>body\x1b]52;c;AAAA\x07 text\x0b</p>]]></content:encoded>
      </item>""".replace("\\x1b", "\x1b")
        .replace("\\x07", "\x07")
        .replace("\\x0b", "\x0b")
    )
    fields = [post.title, post.id, post.author, post.html, *(t.name for t in post.tags)]
    for value in fields:
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in value)
        assert "\u202e" not in value
    # feedparser reads the C1 reference &#x9b; as cp1252 would (›): harmless text.
    assert post.title == "Bad[31m red›2J title"


def test_duplicate_guids_in_one_document_keep_the_first() -> None:
    posts = parse(
        "<item><title>First</title><guid>same</guid></item>",
        "<item><title>Second</title><guid>same</guid></item>",
    )
    assert [p.title for p in posts] == ["First"]


def test_huge_title_and_thousands_of_tags_are_capped() -> None:
    tags = "".join(f"<category>t{n}</category>" for n in range(10_000))
    (post,) = parse(f"<item><title>{'x' * 100_000}</title><guid>g</guid>{tags}</item>")
    assert len(post.title) <= 500 and post.title.endswith("…")
    assert len(post.tags) == 100


def test_a_web_page_and_an_empty_body_are_not_feeds() -> None:
    with pytest.raises(NotAFeedError, match="web page"):
        parse_feed(b"<!DOCTYPE html><html><body>404</body></html>", fetched_at=NOW)
    with pytest.raises(NotAFeedError, match="empty"):
        parse_feed(b"  \n", fetched_at=NOW)


def test_a_truncated_document_is_refused_whole() -> None:
    whole = feed("<item><title>A</title><guid>a</guid><description>long text</description></item>")
    with pytest.raises(NotAFeedError, match="cut off"):
        parse_feed(whole[:-40], fetched_at=NOW)


def test_atom_feeds_work_too() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>Atom post</title><id>urn:1</id><updated>2015-03-01T10:00:00Z</updated>
    <link href="http://x/1"/><category term="Enderby"/>
    <content type="html">&lt;p&gt;Hi&lt;/p&gt;</content>
    </entry></feed>"""
    (post,) = parse_feed(atom, fetched_at=NOW).posts
    assert (post.id, post.title, post.tags[0].name) == ("urn:1", "Atom post", "Enderby")
    assert post.published == datetime(2015, 3, 1, 10, tzinfo=UTC)


def test_an_atom_entry_with_no_author_has_its_sources_or_the_feeds() -> None:
    # Found in tmux on an Atom feed like a parish clerk's: its writer named once, on the feed,
    # as Atom allows (RFC 4287 4.2.1), and every post showed no author.
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <author><name>Parish Clerk</name></author>
    <entry><id>urn:1</id><title>Own</title><author><name>Mrs Patel</name></author></entry>
    <entry><id>urn:2</id><title>Copied</title>
      <source><id>urn:s</id><title>S</title><author><name>Blaby Police</name></author></source>
    </entry>
    <entry><id>urn:3</id><title>The clerk's</title></entry>
    </feed>"""
    authors = [post.author for post in parse_feed(atom, fetched_at=NOW).posts]
    assert authors == ["Mrs Patel", "Blaby Police", "Parish Clerk"]
    # RSS has no such rule: a channel's editor is not each item's writer.
    rss = feed("<item><title>A</title><guid>a</guid></item>").replace(
        b"<channel>", b"<channel><managingEditor>ed@x (Ed)</managingEditor>"
    )
    assert [post.author for post in parse_feed(rss, fetched_at=NOW).posts] == [""]


def test_an_atom_title_given_as_html_reads_as_its_words() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><id>urn:1</id><title type="html">Closed: &lt;em&gt;Mill&lt;/em&gt; Lane
      &amp;amp; Caf&lt;b&gt;&#233;&lt;/b&gt;</title></entry>
    <entry><id>urn:2</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      Carols at <strong>St Peter's</strong><br/>Sunday</div></title></entry>
    <entry><id>urn:3</id><title type="text">Use the &lt;em&gt; tag</title></entry>
    <entry><id>urn:4</id><title>1 &lt; 2 &lt;b&gt;x&lt;/b&gt;</title></entry>
    </feed>"""
    titles = [post.title for post in parse_feed(atom, fetched_at=NOW).posts]
    assert titles == [
        "Closed: Mill Lane & Café",
        "Carols at St Peter's Sunday",
        "Use the <em> tag",  # a text title is what it says, markup-like words and all
        "1 < 2 <b>x</b>",
    ]


def test_a_guid_that_is_no_web_address_is_never_the_posts_link() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><id>tag:blaby.example.org,2026:3</id><title>No link</title></entry></feed>"""
    (entry,) = parse_feed(atom, fetched_at=NOW).posts
    urn, web = parse(
        "<item><title>A</title><guid>urn:x:1</guid></item>",
        "<item><title>B</title><guid>http://www.enderbyeye.co.uk/b/</guid></item>",
    )
    assert (entry.id, entry.link) == ("tag:blaby.example.org,2026:3", "")
    assert (urn.id, urn.link) == ("urn:x:1", "")
    assert (web.id, web.link) == ("http://www.enderbyeye.co.uk/b/",) * 2


def test_files_a_post_attaches_show_where_its_body_does_not_link_them() -> None:
    (episode, minutes, linked) = parse(
        """<item><title>Episode 12</title><guid>https://radio.example.org/12</guid>
        <description>We talk to the fete committee.</description>
        <enclosure url="https://radio.example.org/audio/ep%2012.mp3" length="23456789"
          type="audio/mpeg"/>
        <enclosure url="javascript:alert(1)" length="5" type="audio/mpeg"/></item>""",
        """<item><title>Minutes</title><guid>https://radio.example.org/minutes</guid>
        <enclosure url="https://radio.example.org/docs/minutes-nov.pdf" length="120000"
          type="application/pdf"/>
        <enclosure url="https://radio.example.org/clip.mp4" length="junk" type="video/mp4"/>
        </item>""",
        """<item><title>Band</title><guid>https://radio.example.org/band</guid>
        <content:encoded><![CDATA[<p><a href="https://radio.example.org/band.mp3">Listen</a>
        </p>]]></content:encoded>
        <enclosure url="https://radio.example.org/band.mp3" length="9" type="audio/mpeg"/>
        </item>""",
    )
    episode_text = render_body(episode.html).markdown.replace("\\", "")
    assert "We talk to the fete committee." in episode_text
    assert "▶ Audio: ep 12.mp3 · 22.4 MB (radio.example.org)" in episode_text
    assert "javascript" not in episode.html  # only a web address is ever a post's file
    minutes_body = render_body(minutes.html)
    minutes_text = minutes_body.markdown.replace("\\", "")
    assert "minutes-nov.pdf" in minutes_text and "(PDF, 117.2 KB)" in minutes_text
    assert "▶ Video: clip.mp4 (radio.example.org)" in minutes_text  # no size: none said
    assert minutes_body.links[0] == "https://radio.example.org/docs/minutes-nov.pdf"
    assert linked.html.count("band.mp3") == 1  # the body links it: nothing added


def test_an_atom_entrys_comments_are_counted_and_found_by_its_replies_feed() -> None:
    # Blogger and other Atom feeds: thr:total counts them, a replies link of a feed type
    # is where they are (the text/html one is the post's comment form).
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
    <title>Narborough Notes</title>
    <entry><id>urn:2</id><title>A walk to the mill</title>
    <link rel="replies" type="text/html" href="https://narb.example.org/walk.html#comments"/>
    <link rel="replies" type="application/atom+xml"
      href="https://narb.example.org/feeds/2/comments/default"/>
    <link rel="alternate" type="text/html" href="https://narb.example.org/walk.html"/>
    <thr:total>3</thr:total></entry>
    <entry><id>urn:3</id><title>No comments</title>
    <link rel="replies" type="application/atom+xml" href="javascript:alert(1)"/></entry>
    </feed>"""
    walk, quiet = parse_feed(atom, fetched_at=NOW).posts
    assert walk.comments_url == "https://narb.example.org/feeds/2/comments/default"
    assert walk.comment_count == 3
    assert (quiet.comments_url, quiet.comment_count) == ("", 0)
    comments = parse_comments(
        b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>c</title>
        <entry><id>c1</id><author><name>Ann</name></author>
        <published>2026-11-30T10:00:00Z</published><content type="html">Lovely walk</content>
        </entry></feed>""",
        fetched_at=NOW,
    )
    assert [(c.author, c.html) for c in comments] == [("Ann", "Lovely walk")]


def test_comment_feed_items_become_comments_oldest_first() -> None:
    comments = parse_comments(
        feed(
            "<item><title>By: Mary</title><guid>c2</guid>"
            "<pubDate>Fri, 23 Oct 2015 10:00:00 GMT</pubDate>"
            "<description>Second</description></item>",
            "<item><title>By: Dev</title><guid>c1</guid>"
            "<pubDate>Thu, 22 Oct 2015 10:00:00 GMT</pubDate>"
            "<description>First</description></item>",
        ),
        fetched_at=NOW,
    )
    assert [(c.id, c.author) for c in comments] == [("c1", "Dev"), ("c2", "Mary")]


def test_text_helpers() -> None:
    assert clean_text("a\r\nb\x00c\x1b[0m\td") == "a\nbc[0m\td"
    assert clean_label("  two\n lines\u200b here\u202e ") == "two lines here"
    assert slugify("Neighbourhood Policing") == "neighbourhood-policing"
    assert slugify("Café & Bar") == "cafe-bar"
    assert slugify("日本").startswith("tag-")


# Bodies made of the pieces that matter to plain text: tags, entities, scripts, spaces.
_HTML_PIECES = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<b class='x'>",
            "&amp;",
            "&#8217;",
            "&nbsp;",
            " ",
            "\n\t ",
            "a > b",
            "<script>var x = '<p>';</script>",
            "<STYLE>p {}</STYLE>",
            "word",
            "Enderby",
            "<br/>",
            "\u00a0",
            "&",
            "<",
            ">",
            "&amp",
            "<!-- note > -->",
        ]
    ),
    max_size=400,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(html=_HTML_PIECES, length=st.integers(min_value=1, max_value=300))
def test_an_excerpt_is_the_start_of_the_whole_bodys_plain_text(html: str, length: int) -> None:
    # As it was written before it was made faster: the same text, by regular expressions.
    tags_out = unescape(re.sub(r"<[^>]*>", " ", _without_scripts(html)))
    whole = re.sub(r"\s+", " ", tags_out).strip()
    assert html_to_plain(html) == whole
    assert html_to_words(html).split() == whole.split()  # the search index's words
    # What a reader sees: inline tags leave no space, the others one. The pieces make two
    # inline tags: <b class='x'>, and <a …> from "<" before "a > b" (hypothesis found it).
    inline_out = re.sub(r"</?[ab]\b[^>]*>", "", _without_scripts(html))
    prose = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", inline_out))).strip()
    assert html_to_prose(html) == prose
    assert plain_start(html, length) == prose[:length]


@pytest.mark.parametrize(
    ("html", "prose"),
    [
        # Found in `eye-tui search`: "It was (right now) , but the rain held off".
        ("It was <em>(right now)</em>, but", "It was (right now), but"),
        ("Caf<em>é</em> and <span class='dropcap'>E</span>nderby", "Café and Enderby"),
        ('<a href="/x">councillor</a>s met', "councillors met"),
        ("<STRONG>Bold</STRONG>, <i>then</i>; <sup>2</sup>", "Bold, then; 2"),
        ("one<br>two<br/>three", "one two three"),
        ("<p>one</p><p>two</p><ul><li>a</li><li>b</li></ul>", "one two a b"),
        ("<td>a</td><td>b</td>", "a b"),
        ("held off<img src='smile.png' alt=''>and", "held off and"),
        ("<section>x</section><small>y</small>z", "x yz"),  # names that begin alike
        ("<b>x</b><br><br>y", "x y"),
    ],
)
def test_prose_reads_as_a_browser_shows_it(html: str, prose: str) -> None:
    assert html_to_prose(html) == prose


def _without_scripts(html: str) -> str:
    return re.sub(r"<(script|style)\b.*?</\1\s*>", " ", html, flags=re.IGNORECASE | re.DOTALL)


@pytest.mark.parametrize(
    ("document", "title"),
    [
        # RSS names its site in the channel's title; the posts' titles are not it.
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>A post</title>'
            b"</item><title>Enderby EYE</title></channel></rss>",
            "Enderby EYE",
        ),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Blaby &amp;amp; '
            b"District</title><entry><title>News</title></entry></feed>",
            "Blaby & District",  # WordPress-style escaping decoded once, as for posts
        ),
        # Found with an Atom file: a title of XHTML (or HTML) is its words, not nothing
        # (the header said "Enderby EYE") and not its tags.
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div '
            b'xmlns="http://www.w3.org/1999/xhtml">Narborough <em>News</em></div></title>',
            "Narborough News",
        ),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Parish '
            b"&lt;b&gt;council&lt;/b&gt;</title>",
            "Parish council",
        ),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Parish &lt;b&gt;council'
            b"&lt;/b&gt;</title>",
            "Parish <b>council</b>",  # text: what it says, "<" and all
        ),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns="http://purl.org/rss/1.0/"><channel><title>Parish RDF</title>',
            "Parish RDF",  # the rest need not have arrived
        ),
        # Feed text is never markup, and never a direction override or a control.
        (
            b"<rss><channel><title><![CDATA[[bold]News[/bold] \xe2\x80\xae]]></title>",
            "[bold]News[/bold]",
        ),
        (b"<rss><channel><title>" + b"A" * 500 + b"</title>", "A" * 119 + "…"),
        (b"<html><head><title>A web page</title></head></html>", ""),
        (b'<!DOCTYPE r [<!ENTITY a "Bomb">]><rss><channel><title>&a;</title>', ""),
        (b"\x00\x01 not XML", ""),
        (b"", ""),
    ],
)
def test_the_sites_own_name_is_read_from_the_feeds_first_bytes(document: bytes, title: str) -> None:
    from eye_tui.feed_names import site_title

    assert site_title(document) == title
