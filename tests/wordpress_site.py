"""The tests' site filed as a WordPress site files its posts (a section each, tags, two
authors), and what its REST API was asked."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from tests.site import SitePost, WordPressSite, make_posts


def wordpress_posts(count: int) -> list[SitePost]:
    """Posts as a WordPress site files them: a section each, tags, two authors."""
    posts = make_posts(count)
    for post in posts:
        post.categories = ["News"] if post.number % 2 else ["Civic"]
        post.author = "Ann Smith" if post.number % 3 else "Bob Jones"
    return posts


def newer_post(site: WordPressSite, number: int) -> SitePost:
    """A news post filed a day after the site's newest."""
    newest = max(p.published for p in site.posts)
    post = make_posts(1)[0]
    post.number, post.title = number, f"Village news item {number}"
    post.published = newest + timedelta(days=1)
    post.categories = ["News"]
    return post


def api_paths(site: WordPressSite) -> list[str]:
    return [p for p in site.paths() if p.startswith("/wp-json/")]


def query_of(path: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}
