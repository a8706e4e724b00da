"""A site's web address given where its feed was wanted: the feed its pages name."""

from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eye_tui.archive import Archive
from eye_tui.config import Settings, load_settings
from eye_tui.errors import NotAFeedError
from eye_tui.feed_discovery import feed_named_by
from eye_tui.sites import settings_for
from eye_tui.sync import Sync
from tests.conftest import CliRun
from tests.site import WordPressSite, answer

PAGE = "https://village.example/2015/07/27/fete/"


def page(head: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>Fete</title>{head}</head><body>x</body></html>".encode()
    )


def rss_link(href: str, title: str = "Feed", kind: str = "application/rss+xml") -> str:
    return f'<link rel="alternate" type="{kind}" title="{title}" href="{href}" />'


def test_the_site_feed_comes_before_its_comment_feeds() -> None:
    head = (
        '<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" href="/o" />'
        + rss_link("/comments/feed/", "Village &raquo; Comments Feed")
        + rss_link("/feed/", "Village &raquo; Feed")
        + rss_link("/2015/07/27/fete/feed/", "Village &raquo; Fete Comments Feed")
    )
    assert feed_named_by(page(head), "text/html", PAGE) == "https://village.example/feed/"


def test_atom_and_relative_addresses_and_rel_in_any_case() -> None:
    head = '<LINK REL="Alternate feed" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml">'
    assert feed_named_by(page(head), "text/html", PAGE) == PAGE + "atom.xml"


@pytest.mark.parametrize(
    "head",
    [
        "",  # names no feed
        rss_link("/comments/feed/", "Comments Feed"),  # only comments
        rss_link("file:///etc/passwd"),  # only web addresses are followed
        rss_link("javascript:alert(1)"),
        rss_link("http://[::1"),  # urljoin's ValueError must not leave the engine
        rss_link("http://[not-ipv6]/feed/"),
        rss_link(""),
        '<link rel="stylesheet" type="application/rss+xml" href="/feed/" />',
        rss_link("/feed/", kind="application/json"),
    ],
)
def test_no_feed_to_follow(head: str) -> None:
    assert feed_named_by(page(head), "text/html", PAGE) is None


def test_only_a_web_page_is_looked_into() -> None:
    rss = b'<?xml version="1.0"?><rss><channel><link rel="alternate" href="/x"/></channel></rss>'
    assert feed_named_by(rss, "application/rss+xml", PAGE) is None
    # A page sent as text/plain or with no type at all is still known by its start.
    assert feed_named_by(page(rss_link("/feed/")), "", PAGE) == "https://village.example/feed/"


def test_markup_the_html_parser_gives_up_on_keeps_the_links_before_it() -> None:
    body = page(rss_link("/feed/") + "<![foo[ x ]]>" + rss_link("/other/"))
    assert feed_named_by(body, "text/html", PAGE) == "https://village.example/feed/"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<html>",
                "<![",
                "foo[",
                "<!",
                "<link ",
                "rel=alternate ",
                'type="application/rss+xml" ',
                "href=",
                "/feed/",
                "javascript:",
                '"',
                "'",
                ">",
                "&#99999999;",
                "\x00",
                "<head>",
                "]]>",
                "<!--",
                "-->",
                "<?",
                "</",
                "\ufffd",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_no_page_breaks_the_search_for_its_feed(markup: str) -> None:
    found = feed_named_by(markup.encode(), "text/html", PAGE)
    assert found is None or found.startswith("https://village.example/")


def test_a_wordpress_page_that_names_no_feed_has_one_beside_its_api() -> None:
    # A theme without automatic-feed-links: WordPress still names its API in a header.
    assert (
        feed_named_by(
            page(""),
            "text/html",
            PAGE,
            '<https://village.example/wp-json/>; rel="https://api.w.org/"',
        )
        == "https://village.example/feed/"
    )


def test_the_site_address_fills_the_archive_and_is_remembered(
    site: WordPressSite, archive: Archive, data_dir: Path
) -> None:
    typed = load_settings(feed=site.base.removeprefix("http://"), data_dir=str(data_dir))
    assert typed.feed_url == site.base  # a web address, as typed
    report = Sync(archive, typed).refresh(all_pages=True)
    assert report.new == 25 and archive.count_posts() == 25
    assert site.paths()[:2] == ["/", "/feed/"]
    # The next run, given the same address, reads the feed at once.
    again = settings_for(archive, typed)
    assert again.feed_url == site.url
    site.requests.clear()
    Sync(archive, again).refresh()
    assert site.paths() == ["/feed/"]
    # And a refresh with the address as typed (the reader keeps its settings) does too.
    site.requests.clear()
    Sync(archive, typed).refresh()
    assert site.paths() == ["/feed/"]


def test_a_post_page_leads_to_the_site_feed(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    post = site.posts[3]
    Sync(archive, replace(settings, feed_url=post.link(site.base))).refresh(all_pages=True)
    assert archive.count_posts() == 25
    assert not any("comments" in path for path in site.paths())


def test_a_page_that_names_no_feed_says_so_and_stores_nothing(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    site.feed_links = False
    with pytest.raises(NotAFeedError) as said:
        Sync(archive, replace(settings, feed_url=site.base + "/")).refresh()
    assert str(said.value) == (
        f"{site.base}/ is a web page, and it names no feed "
        f"(a WordPress site's would be at {site.base}/feed/)"
    )
    assert archive.count_posts() == 0


def test_a_named_feed_that_is_another_page_is_not_followed_on(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    def loop(handler: BaseHTTPRequestHandler) -> bool:
        body = page(rss_link("/elsewhere/"))
        return answer(handler, 200, body, {"Content-Type": "text/html"})

    site.fault = loop
    with pytest.raises(NotAFeedError, match="web page, not a feed"):
        Sync(archive, replace(settings, feed_url=site.base + "/")).refresh()
    assert len(site.requests) == 2  # the page, the one it named; no further


def test_the_archive_s_own_feed_turned_web_page_is_not_looked_into(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    """A Wi-Fi login page in place of the feed the archive reads must not lead it to
    another site, whatever that page names."""
    Sync(archive, settings).refresh()
    site.requests.clear()

    def login(handler: BaseHTTPRequestHandler) -> bool:
        body = page(rss_link("http://elsewhere.example/feed/"))
        return answer(handler, 200, body, {"Content-Type": "text/html"})

    site.fault = login
    with pytest.raises(NotAFeedError, match="web page, not a feed"):
        Sync(archive, settings).refresh()
    assert site.paths() == ["/feed/"]
    assert archive.count_posts() == 25


def test_info_says_which_page_the_feed_was_found_from(
    capsys: pytest.CaptureFixture[str], site: WordPressSite, data_dir: Path
) -> None:
    typed = site.base.removeprefix("http://")
    cli = CliRun(capsys, data_dir, typed)
    assert cli("refresh")[0] == 0
    facts = cli.json("info")
    assert facts["feed_url"] == site.url and facts["feed_page"] == site.base  # type: ignore[index]
    assert f"feed url       {site.url} (found from {site.base})\n" in cli("info")[1]
    # Given as a feed, a feed is not "found from" anything.
    direct = CliRun(capsys, data_dir / "direct", site.url)
    direct("refresh")
    assert direct.json("info")["feed_page"] is None  # type: ignore[index]
    assert f"feed url       {site.url}\n" in direct("info")[1]


@pytest.mark.parametrize(
    "feed",
    [
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Parish</title></channel></rss>',
        b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" '
        b'type="application/atom+xml" href="/other.xml"/></feed>',
        b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'></rdf:RDF>",
    ],
)
def test_a_feed_sent_as_text_html_is_still_a_feed(feed: bytes) -> None:
    """Servers that send RSS as text/html are common; an address with no "feed" in it
    must not be told it names none."""
    from eye_tui.feed_discovery import feed_instead
    from eye_tui.model import Validators
    from eye_tui.net import Fetched

    asked = "http://parish.example/rss.xml"
    fetched = Fetched(asked, 200, feed, "text/html; charset=UTF-8", Validators(), len(feed))
    assert feed_named_by(feed, "text/html", asked) is None
    assert feed_instead(asked, fetched, None) is None


def test_a_feed_sent_as_text_html_fills_the_archive(
    site: WordPressSite, archive: Archive, settings: Settings
) -> None:
    document = (site.document_for("/feed/") or "").encode()

    def as_html(handler: BaseHTTPRequestHandler) -> bool:
        if handler.path != "/news.xml":
            return False
        return answer(handler, 200, document, {"Content-Type": "text/html; charset=UTF-8"})

    site.fault = as_html
    Sync(archive, replace(settings, feed_url=site.base + "/news.xml")).refresh()
    assert archive.count_posts() == 10
