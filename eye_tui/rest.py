"""WordPress's REST API (`/wp-json/wp/v2/`) read into the same posts and comments a feed
gives, plus what only the API knows: sections apart from tags, authors by id, featured
images, whether comments are open, replies' parents.

Pure parsing: the walks that fetch these answers are in rest_sync.py. Everything here is
untrusted JSON: any shape that is not what WordPress sends is skipped, never a crash.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from eye_tui.errors import NotAFeedError
from eye_tui.feed import EARLIEST, FUTURE_SLACK, MAX_BODY, MAX_EXCERPT, MAX_LINK, MAX_TITLE
from eye_tui.model import FEATURED_PICTURE, Comment, Post, Tag
from eye_tui.text import clean_body, clean_label, html_title, plain_start, slugify

API_REL = "https://api.w.org/"
PER_PAGE = 100  # WordPress's most per request; 101 is a 400
# Only what the archive stores: the API's full post object is several times larger. The
# excerpt is not asked for: it is the text's first words, cut here as WordPress cuts it.
POST_FIELDS = (
    "id,date_gmt,modified_gmt,guid,link,title,content,author,featured_media,"
    "comment_status,categories,tags"
)
COMMENT_FIELDS = "id,parent,author_name,date_gmt,content,link"
NAME_FIELDS = {
    "categories": "id,name",
    "tags": "id,name",
    "users": "id,name",
    "media": "id,source_url,caption,alt_text",
}
MAX_NAME = 100
EXCERPT_WORDS = 55  # WordPress's excerpt_length
_EXCERPT_HEAD = 800  # characters of plain text that nearly always hold 55 words
_LINK_PART = re.compile(r"<([^>]*)>\s*;([^,]*)")


@dataclass(frozen=True, slots=True)
class NameIds:
    """The ids a post names its sections, tags, author and picture by."""

    category_ids: tuple[int, ...]
    tag_ids: tuple[int, ...]
    author_id: int
    featured_id: int


@dataclass(frozen=True, slots=True)
class RestPost:
    """A post from the API, before its ids are turned into names."""

    post: Post
    ids: NameIds
    modified: str  # the site's modified_gmt, as sent: the next `modified_after`


@dataclass(slots=True)
class Names:
    """Names the API gave for ids, gathered across a refresh."""

    categories: dict[int, Tag]
    tags: dict[int, Tag]
    authors: dict[int, str]
    pictures: dict[int, tuple[str, str]]  # media id -> (address, caption)

    @classmethod
    def empty(cls) -> "Names":
        return cls({}, {}, {}, {})


# -- finding the API ---------------------------------------------------------------------


def api_from_link_header(value: str, base: str) -> str | None:
    """The API root a `Link: <…/wp-json/>; rel="https://api.w.org/"` header names."""
    for target, params in _LINK_PART.findall(value or ""):
        if f'rel="{API_REL}"' in params.replace("'", '"') or f"rel={API_REL}" in params:
            try:
                root = str(urljoin(base, str(target).strip()))
                if urlsplit(root).scheme in ("http", "https"):
                    return root if root.endswith("/") else root + "/"
            except ValueError:  # "http://[::1": no address at all
                continue
    return None


def api_beside_feed(feed_url: str) -> str:
    """Where WordPress serves the API for a feed at `…/feed/`: `…/wp-json/`."""
    parts = urlsplit(feed_url)
    path = re.sub(r"(comments/)?feed(/[a-z0-9]+)?/?$", "", parts.path) or "/"
    path = path if path.endswith("/") else path + "/"
    return urlunsplit(parts._replace(path=path + "wp-json/", query="", fragment=""))


def looks_like_wordpress(feed_body: bytes) -> bool:
    """The feed names WordPress as its generator (the API may still be found)."""
    return b"wordpress.org" in feed_body[:8192].lower()


def route(api: str, path: str, **query: object) -> str:
    """The address of `wp/v2/<path>` with a query, in a fixed order (validators key on it)."""
    from urllib.parse import urlencode

    url = urljoin(api, "wp/v2/" + path)
    return url + ("?" + urlencode(query) if query else "")


def why_not_an_api(status: int, body: bytes, content_type: str) -> str | None:
    """None when this answer is the API's JSON; else the reason, in a few words."""
    if status == 401 or status == 403:
        return "locked (it asks for a login)"
    if status == 404:
        return "switched off on this site"
    if "json" not in content_type.lower() or body.lstrip()[:1] not in (b"[", b"{"):
        return "answered with a web page, not the API (a security plugin?)"
    return None


def error_code(body: bytes) -> str:
    """The `code` of a WordPress error answer ("rest_post_invalid_page_number")."""
    value = _json(body)
    return str(value.get("code", "")) if isinstance(value, dict) else ""


# -- posts -------------------------------------------------------------------------------


def parse_posts(body: bytes, fetched_at: datetime) -> list[RestPost]:
    """One page of `wp/v2/posts`."""
    value = _json(body)
    if not isinstance(value, list):
        raise NotAFeedError("the site's API sent something other than a list of posts")
    posts = []
    for item in value:
        if isinstance(item, dict) and _int(item.get("id")) > 0:
            posts.append(_rest_post(item, fetched_at))
    return posts


def _rest_post(item: dict[str, Any], fetched_at: datetime) -> RestPost:
    wp_id = _int(item.get("id"))
    link = clean_label(_str(item.get("link")), MAX_LINK)
    # The feed's guid is the same `guid.rendered`: one post, one identity on both paths.
    guid = clean_label(unescape(_rendered(item.get("guid"))), MAX_LINK)
    published, guessed = _date(item.get("date_gmt"), fetched_at)
    modified, _ = _date(item.get("modified_gmt"), fetched_at)
    html = clean_body(_rendered(item.get("content")))
    if len(html) > MAX_BODY:
        html = html[:MAX_BODY]
    excerpt = _excerpt(html)
    post = Post(
        id=guid or link or f"wp:{wp_id}",
        link=link,
        title=clean_label(html_title(_rendered(item.get("title"))), MAX_TITLE) or "(untitled)",
        author="",
        published=published,
        updated=modified if modified != published and not guessed else None,
        tags=(),
        html=html,
        excerpt=excerpt,
        date_is_guess=guessed,
        wp_id=wp_id,
        comments_open={"open": True, "closed": False}.get(_str(item.get("comment_status"))),
        from_rest=True,
    )
    return RestPost(post=post, ids=_name_ids(item), modified=_str(item.get("modified_gmt"))[:19])


def _name_ids(item: dict[str, Any]) -> NameIds:
    return NameIds(
        category_ids=_ids(item.get("categories")),
        tag_ids=_ids(item.get("tags")),
        author_id=_int(item.get("author")),
        featured_id=_int(item.get("featured_media")),
    )


def name_ids(body: bytes) -> list[NameIds]:
    """The ids a page of `wp/v2/posts` names, without reading the rest of its posts: a
    page read elsewhere (rest_pages.py) has its names asked for at once. A page that is
    not a list of posts names none (reading it says why)."""
    value = _json(body)
    items = value if isinstance(value, list) else []
    return [_name_ids(i) for i in items if isinstance(i, dict) and _int(i.get("id")) > 0]


def _excerpt(html: str) -> str:
    """WordPress's excerpt: the first 55 words, "[…]" after them if there are more. Only
    as much plain text as that needs is made: a short head first (55 words fit in it
    nearly always), the longer one where they do not."""
    for length in (_EXCERPT_HEAD, MAX_EXCERPT + 1):
        text = plain_start(html[:20_000], length)
        words = text.split()
        if len(words) > EXCERPT_WORDS or len(text) < length:  # enough, or all there is
            break
    more = " […]" if len(words) > EXCERPT_WORDS else ""
    return (" ".join(words[:EXCERPT_WORDS]) + more)[:MAX_EXCERPT]


def missing_names(posts: Iterable[NameIds], names: Names) -> dict[str, set[int]]:
    """The ids these posts use that `names` does not know yet, per endpoint."""
    wanted: dict[str, set[int]] = {"categories": set(), "tags": set(), "users": set()}
    wanted["media"] = set()
    for uses in posts:
        wanted["categories"].update(i for i in uses.category_ids if i not in names.categories)
        wanted["tags"].update(i for i in uses.tag_ids if i not in names.tags)
        if uses.author_id and uses.author_id not in names.authors:
            wanted["users"].add(uses.author_id)
        if uses.featured_id and uses.featured_id not in names.pictures:
            wanted["media"].add(uses.featured_id)
    return {endpoint: ids for endpoint, ids in wanted.items() if ids}


def learn_names(endpoint: str, body: bytes, names: Names) -> None:
    """Add one answer of `categories`, `tags`, `users` or `media` to `names`."""
    value = _json(body)
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict) or _int(item.get("id")) <= 0:
            continue
        key = _int(item.get("id"))
        name = clean_label(unescape(_str(item.get("name"))), MAX_NAME)
        if endpoint in ("categories", "tags") and name:
            getattr(names, endpoint)[key] = Tag(name, slugify(name))
        elif endpoint == "users" and name:
            names.authors[key] = name
        elif endpoint == "media":
            address = clean_label(_str(item.get("source_url")), MAX_LINK)
            caption = clean_label(html_title(_rendered(item.get("caption"))), MAX_TITLE)
            alt = clean_label(_str(item.get("alt_text")), MAX_TITLE)
            if address.startswith(("http://", "https://")):
                names.pictures[key] = (address, caption or alt)


def finish(rest: RestPost, names: Names) -> Post:
    """The post with its ids turned into names, and its featured picture above the text."""
    html, ids = rest.post.html, rest.ids
    picture = names.pictures.get(ids.featured_id)
    if picture and picture[0] not in html:
        address, caption = picture
        figure = f'{FEATURED_PICTURE}<img src="{escape(address)}" alt="">'
        if caption:
            figure += f"<figcaption>{escape(caption)}</figcaption>"
        html = figure + "</figure>" + html
    categories = tuple(names.categories[i] for i in ids.category_ids if i in names.categories)
    tags = tuple(names.tags[i] for i in ids.tag_ids if i in names.tags)
    return replace(
        rest.post,
        html=html,
        author=names.authors.get(ids.author_id, ""),
        categories=_unique(categories),
        tags=_unique(tags),
    )


def _unique(tags: tuple[Tag, ...]) -> tuple[Tag, ...]:
    return tuple({tag.slug: tag for tag in tags}.values())


# -- comments ------------------------------------------------------------------------------


def parse_comments(body: bytes, fetched_at: datetime) -> list[Comment]:
    """One page of `wp/v2/comments?post=ID`, each knowing the comment it answers."""
    value = _json(body)
    comments = []
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, dict) or _int(item.get("id")) <= 0:
            continue
        parent = _int(item.get("parent"))
        published, _ = _date(item.get("date_gmt"), fetched_at)
        comments.append(
            Comment(
                id=f"wp-comment:{_int(item.get('id'))}",
                author=clean_label(unescape(_str(item.get("author_name"))), MAX_NAME),
                published=published,
                html=clean_body(_rendered(item.get("content")))[:MAX_BODY],
                link=clean_label(_str(item.get("link")), MAX_LINK),
                parent=f"wp-comment:{parent}" if parent > 0 else "",
            )
        )
    return comments


def comments_by_post(body: bytes, fetched_at: datetime) -> dict[int, list[Comment]]:
    """A page of the site's comments (any posts), grouped by WordPress's post id."""
    value = _json(body)
    items = value if isinstance(value, list) else []
    by_id = {
        f"wp-comment:{_int(item.get('id'))}": _int(item.get("post"))
        for item in items
        if isinstance(item, dict)
    }
    grouped: dict[int, list[Comment]] = {}
    for comment in parse_comments(body, fetched_at):
        post = by_id.get(comment.id, 0)
        if post > 0:
            grouped.setdefault(post, []).append(comment)
    return grouped


# -- small readers of untrusted JSON ---------------------------------------------------


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise NotAFeedError("the site's API sent something that is not JSON") from None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _ids(value: object) -> tuple[int, ...]:
    return tuple(i for i in value if _int(i) > 0)[:100] if isinstance(value, list) else ()


def _rendered(value: object) -> str:
    return _str(value.get("rendered")) if isinstance(value, dict) else ""


def _date(value: object, fetched_at: datetime) -> tuple[datetime, bool]:
    try:
        when = datetime.fromisoformat(_str(value)[:19]).replace(tzinfo=UTC)
    except ValueError:
        return fetched_at, True
    if when > fetched_at + FUTURE_SLACK or when < EARLIEST:
        return fetched_at, True
    return when, False
