"""A post's links: what each leads to, the words it had, and finding the post it names."""

from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.links import LinkKind, address_variants, describe, host_of, kind_of, same_site
from eye_tui.paths import archive_path
from eye_tui.render import render_body
from tests.pilot import filled
from tests.site import WordPressSite, make_posts


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.blaby.gov.uk/council/", LinkKind.PAGE),
        ("http://enderbyeye.co.uk/wp-content/uploads/2024/03/Minutes-March.PDF", LinkKind.PDF),
        ("http://enderbyeye.co.uk/wp-content/uploads/2024/03/car%20park.jpeg", LinkKind.IMAGE),
        ("https://example.org/agenda.docx?download=1", LinkKind.DOCUMENT),
        ("https://radio.example.org/audio/ep%2012.MP3", LinkKind.AUDIO),
        ("http://enderbyeye.co.uk/wp-content/uploads/2024/06/fete.mp4", LinkKind.VIDEO),
        # A video's own page on a video site, as the reading pane names an embedded one.
        ("https://www.youtube.com/watch?v=Fete2024xyz", LinkKind.VIDEO),
        ("https://m.youtube.com/shorts/Ab12", LinkKind.VIDEO),
        ("https://youtu.be/Fete2024xyz", LinkKind.VIDEO),
        ("https://vimeo.com/123456789", LinkKind.VIDEO),
        ("https://www.dailymotion.com/video/x8abc", LinkKind.VIDEO),
        # The same sites' other pages are pages.
        ("https://www.youtube.com/@EnderbyEye", LinkKind.PAGE),
        ("https://www.youtube.com/", LinkKind.PAGE),
        ("https://vimeo.com/enderbyeye", LinkKind.PAGE),
        ("https://notyoutube.com/watch?v=x", LinkKind.PAGE),
        ("mailto:editor@enderbyeye.co.uk?subject=Hello", LinkKind.EMAIL),
        ("javascript:alert(1)", LinkKind.BLOCKED),
        ("file:///etc/passwd", LinkKind.BLOCKED),
        ("data:text/html,<b>x</b>", LinkKind.BLOCKED),
    ],
)
def test_a_links_kind_is_read_from_its_address(url: str, kind: LinkKind) -> None:
    assert kind_of(url) is kind


def test_hosts_drop_www_and_mail_gives_its_domain() -> None:
    assert host_of("https://www.blaby.gov.uk/x") == "blaby.gov.uk"
    assert host_of("mailto:Editor@EnderbyEye.co.uk?subject=x") == "enderbyeye.co.uk"
    assert host_of("http://[broken/") == ""  # listed all the same, with no host
    assert host_of("javascript:alert(1)") == ""


def test_one_post_address_has_every_spelling_a_link_may_use() -> None:
    variants = address_variants("https://enderbyeye.co.uk/2024/03/fete/#comments")
    assert "http://www.enderbyeye.co.uk/2024/03/fete/" in variants
    assert "https://enderbyeye.co.uk/2024/03/fete" in variants
    assert not [v for v in variants if "#" in v]
    assert address_variants("mailto:x@y") == []


def test_rendering_keeps_each_links_own_words_in_its_number() -> None:
    body = render_body(
        '<p>Read <a href="/minutes.pdf">the <b>March</b> minutes</a>, see '
        '<a href="https://example.org/">https://example.org/</a>, '
        '<a href="/big.jpg"><img src="/small.jpg" alt="The fete"></a>'
        '<img src="/map.png" alt="Map"> and <a href="/minutes.pdf">again</a>.</p>',
        "https://enderbyeye.co.uk/2024/03/fete/",
    )
    assert body.links == (
        "https://enderbyeye.co.uk/minutes.pdf",
        "https://example.org/",  # a link whose words are its address is numbered too
        "https://enderbyeye.co.uk/big.jpg",
        "https://enderbyeye.co.uk/map.png",
    )
    assert body.link_labels == (
        "the March minutes",
        "https://example.org/",
        "Image 1: The fete",
        "Image 2: Map",
    )
    assert "[https://example.org/][2]" in body.markdown


def test_a_link_to_a_post_of_the_archive_finds_it_in_any_spelling(data_dir: Path) -> None:
    posts = make_posts(3)
    with WordPressSite(posts) as site:
        filled(Settings(feed_url=site.url, data_dir=data_dir))
        link = posts[1].link(site.base)
    with Archive(archive_path(data_dir)) as archive:
        key = archive.post_key_for_link(link)
        assert key is not None
        assert archive.get_post(key).summary.title == posts[1].title  # type: ignore[union-attr]
        respelt = link.replace("http://", "https://").rstrip("/") + "#comments"
        assert archive.post_key_for_link(respelt) == key
        assert archive.post_key_for_link(link + "elsewhere/") is None
        found = describe(
            [respelt, "https://example.org/x.pdf"], ["Item", ""], archive.post_key_for_link
        )
    assert [(f.number, f.kind, f.post_key) for f in found] == [
        (1, LinkKind.POST, key),
        (2, LinkKind.PDF, None),
    ]
    assert found[0].label == "Item" and found[1].host == "example.org"


def test_same_site_is_one_host_and_port_with_or_without_www_and_either_scheme() -> None:
    assert same_site("http://www.enderbyeye.co.uk/2015/post/", "https://enderbyeye.co.uk/wp-json/")
    assert same_site("http://127.0.0.1:8000/a/", "http://127.0.0.1:8000/wp-json/")
    assert not same_site("http://127.0.0.1:8000/a/", "http://127.0.0.1:8001/wp-json/")
    assert not same_site("http://enderbyeye.co.uk/a/", "http://blaby.gov.uk/wp-json/")
    assert not same_site("", "")  # no address is on no site
    assert not same_site("http://x:99999/a/", "http://x:99999/wp-json/")  # no such port
