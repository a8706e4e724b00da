"""The test site's web pages' heads: the feeds a theme names there, as WordPress writes
them (`feed_links`, then `feed_links_extra` for a post's comments), beside links that are
alternates but not feeds (oEmbed, the post's API address)."""

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from tests.site import SitePost, WordPressSite


def head(site: "WordPressSite", title: str, post: "SitePost | None" = None) -> str:
    links = ""
    if site.feed_links:
        name = escape(site.title)
        links = (
            '<link rel="alternate" type="application/rss+xml" '
            f'title="{name} &raquo; Feed" href="{site.base}/feed/" />\n'
            '<link rel="alternate" type="application/rss+xml" '
            f'title="{name} &raquo; Comments Feed" href="{site.base}/comments/feed/" />\n'
        )
        if post is not None:
            links += (
                '<link rel="alternate" type="application/rss+xml" '
                f'title="{name} &raquo; {escape(post.title)} Comments Feed" '
                f'href="{post.link(site.base)}feed/" />\n'
            )
    if post is not None:
        links += (
            '<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" '
            f'href="{site.base}/wp-json/oembed/1.0/embed?url=x" />\n'
            '<link rel="alternate" title="JSON" type="application/json" '
            f'href="{site.base}/wp-json/wp/v2/posts/{post.number}" />\n'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="UTF-8" />\n'
        f"<title>{escape(title)}</title>\n{links}"
        f"<link rel='stylesheet' href='{site.base}/wp-content/themes/eye/style.css' />\n"
        "</head>\n"
    )


def home_page(site: "WordPressSite") -> bytes:
    """The front page: the newest posts' titles under the site's name."""
    newest = sorted(site.posts, key=lambda p: p.published, reverse=True)[:5]
    items = "".join(f'<li><a href="{p.link(site.base)}">{escape(p.title)}</a></li>' for p in newest)
    return (
        head(site, f"{site.title} | community news")
        + f'<body class="home blog"><header>{escape(site.title)}</header><ul>{items}</ul>'
        "</body></html>"
    ).encode()
