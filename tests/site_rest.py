"""The tests' site's REST API, behaving as WordPress core's `/wp-json/wp/v2/` does.

Written from the WordPress REST API handbook: posts with X-WP-Total and X-WP-TotalPages,
`per_page` 1-100 (anything else: 400 rest_invalid_param), 400
rest_post_invalid_page_number past the last page, `_fields`, `after`, `modified_after`,
`orderby`/`order`, `include`; categories, tags, users, media and comments (with
`parent`) by id; ids equal to the feed's `?p=` guids. `site.rest` switches it:
"on", "hidden" (works, but no Link header: found beside the feed), "off" (404
rest_no_route), "locked" (401 rest_not_logged_in), "html" (a security plugin's page).
"""

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from tests.site import SitePost, WordPressSite

Answer = tuple[int, bytes, dict[str, str]]
JSON_TYPE = "application/json; charset=UTF-8"


def api_link(site: "WordPressSite") -> dict[str, str]:
    """The header WordPress adds to every page and feed, naming its API."""
    if site.rest in ("on", "locked", "html"):
        return {"Link": f'<{site.base}/wp-json/>; rel="https://api.w.org/"'}
    return {}


def answer(site: "WordPressSite", path: str) -> Answer | None:
    """The API's answer to `path`, or None when the path is not the API's."""
    parts = urlsplit(path)
    if not parts.path.startswith("/wp-json"):
        return None
    if site.rest == "off":
        return _error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )
    if site.rest == "locked":
        return _error(401, "rest_not_logged_in", "You are not currently logged in.")
    if site.rest == "html":
        page = b"<!DOCTYPE html><html><body><h1>Access denied</h1></body></html>"
        return 200, page, {"Content-Type": "text/html; charset=UTF-8"}
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    route = parts.path.removeprefix("/wp-json").rstrip("/")
    if route == "":
        return _json({"name": "Enderby EYE", "namespaces": ["wp/v2"], "routes": {}})
    handler = _ROUTES.get(route)
    if handler is None:
        return _error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )
    return handler(site, query)


# -- posts ---------------------------------------------------------------------------


def post_json(site: "WordPressSite", post: "SitePost") -> dict[str, Any]:
    from tests.site import summary_text

    return {
        "id": post.number,
        "date_gmt": _time(post.published),
        "modified_gmt": _time(post.modified or post.published),
        "guid": {"rendered": post.guid or f"{site.base}/?p={post.number}"},
        "link": post.link(site.base),
        "slug": post.slug,
        "title": {"rendered": post.title.replace("&", "&#038;")},
        "content": {"rendered": post.html, "protected": False},
        "excerpt": {"rendered": f"<p>{summary_text(post)}</p>\n", "protected": False},
        "author": _user_id(post.author),
        "featured_media": _media_id(post) if post.featured else 0,
        "comment_status": "open" if post.comments_open else "closed",
        "categories": [_term_id(name, "categories") for name in post.categories],
        "tags": [_term_id(name, "tags") for name in post.tags],
    }


def _posts(site: "WordPressSite", query: dict[str, str]) -> Answer:
    per_page = _int(query.get("per_page", "10"))
    if per_page is None or not 1 <= per_page <= 100:
        return _error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
    page = _int(query.get("page", "1")) or 1
    posts = list(site.posts)
    for name, attribute in (("after", "published"), ("modified_after", "modified")):
        if name == "modified_after" and site.rest_before_5_7:
            continue  # WordPress before 5.7 knows no modified_after, and ignores it
        if name in query:
            since = datetime.fromisoformat(query[name]).replace(tzinfo=UTC)
            posts = [p for p in posts if _when(p, attribute) > since]
    if "include" in query:
        wanted = {int(i) for i in query["include"].split(",") if i.isdigit()}
        posts = [p for p in posts if p.number in wanted]
    key: Callable[[SitePost], Any] = {
        "date": lambda p: p.published,
        "modified": lambda p: _when(p, "modified"),
        "id": lambda p: p.number,
    }.get(query.get("orderby", "date"), lambda p: p.published)
    posts.sort(key=key, reverse=query.get("order", "desc") != "asc")
    total = len(posts)
    pages = -(-total // per_page)
    if page > max(pages, 1):
        return _error(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    chunk = posts[(page - 1) * per_page : page * per_page]
    items = [_only(post_json(site, p), query.get("_fields")) for p in chunk]
    return _json(items, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


def _when(post: "SitePost", attribute: str) -> datetime:
    value: datetime = getattr(post, attribute) or post.published
    return value.replace(tzinfo=UTC)


# -- the other endpoints ---------------------------------------------------------------


def _terms(kind: str) -> Callable[["WordPressSite", dict[str, str]], Answer]:
    def terms(site: "WordPressSite", query: dict[str, str]) -> Answer:
        names = sorted({n for p in site.posts for n in getattr(p, kind)})
        items = [
            {
                "id": _term_id(name, kind),
                "name": name.replace("&", "&amp;"),
                "slug": "-".join(name.lower().split()),
                "count": sum(name in getattr(p, kind) for p in site.posts),
                "taxonomy": "category" if kind == "categories" else "post_tag",
            }
            for name in names
        ]
        return _listing(items, query)

    return terms


def _users(site: "WordPressSite", query: dict[str, str]) -> Answer:
    names = sorted({p.author for p in site.posts})
    return _listing([{"id": _user_id(n), "name": n, "slug": n.lower()} for n in names], query)


def _media(site: "WordPressSite", query: dict[str, str]) -> Answer:
    items = [
        {
            "id": _media_id(p),
            "source_url": site.base + p.featured[0],
            "alt_text": "",
            "caption": {"rendered": f"<p>{p.featured[1]}</p>\n"},
            "media_type": "image",
        }
        for p in site.posts
        if p.featured
    ]
    return _listing(items, query)


def _comments(site: "WordPressSite", query: dict[str, str]) -> Answer:
    """One post's comments (`post=ID`), else the whole site's; oldest first by id."""
    number = _int(query.get("post", ""))
    items = []
    for post in site.posts:
        if number is not None and post.number != number:
            continue
        for i, (author, html) in enumerate(post.comments):
            parent = post.comment_parents.get(i)
            items.append(
                {
                    "id": comment_id(post.number, i),
                    "post": post.number,
                    "parent": 0 if parent is None else comment_id(post.number, parent),
                    "author_name": author,
                    "date_gmt": _time(post.published + timedelta(hours=i + 1)),
                    "content": {"rendered": html},
                    "link": f"{post.link(site.base)}#comment-{i}",
                }
            )
    items.sort(key=lambda item: int(str(item["id"])), reverse=query.get("order", "desc") != "asc")
    return _listing(items, query)


def comment_id(post_number: int, index: int) -> int:
    return post_number * 1000 + index


def _listing(items: list[dict[str, Any]], query: dict[str, str]) -> Answer:
    """The shared paging and filtering of WordPress collection endpoints."""
    per_page = _int(query.get("per_page", "10"))
    if per_page is None or not 1 <= per_page <= 100:
        return _error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
    if "include" in query:
        wanted = {int(i) for i in query["include"].split(",") if i.isdigit()}
        items = [item for item in items if item["id"] in wanted]
    page = _int(query.get("page", "1")) or 1
    total, pages = len(items), -(-len(items) // per_page)
    if page > max(pages, 1):
        return _error(400, "rest_invalid_page_number", "The page number is too large.")
    chunk = [_only(i, query.get("_fields")) for i in items[(page - 1) * per_page :][:per_page]]
    return _json(chunk, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})


_ROUTES: dict[str, Callable[["WordPressSite", dict[str, str]], Answer]] = {
    "/wp/v2/posts": _posts,
    "/wp/v2/categories": _terms("categories"),
    "/wp/v2/tags": _terms("tags"),
    "/wp/v2/users": _users,
    "/wp/v2/media": _media,
    "/wp/v2/comments": _comments,
}


# -- helpers -----------------------------------------------------------------------------


def _term_id(name: str, kind: str) -> int:
    # Stable ids from names; categories and tags share WordPress's term table, so a
    # category and a tag of the same name have different ids.
    return 10 + sum(ord(c) * (i + 1) for i, c in enumerate(kind + ":" + name)) % 1_000_000


def _user_id(name: str) -> int:
    return 1 + sum(map(ord, name)) % 1000


def _media_id(post: "SitePost") -> int:
    return 500_000 + post.number


def _time(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None).isoformat()


def _only(item: dict[str, Any], fields: str | None) -> dict[str, Any]:
    if not fields:
        return item
    wanted: Sequence[str] = fields.split(",")
    return {k: v for k, v in item.items() if k in wanted}


def _int(value: str) -> int | None:
    return int(value) if value.strip().lstrip("-").isdigit() else None


def _json(value: object, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps(value, separators=(",", ":")).encode()
    return 200, body, {"Content-Type": JSON_TYPE, **(headers or {})}


def _error(status: int, code: str, message: str) -> Answer:
    body = json.dumps({"code": code, "message": message, "data": {"status": status}}).encode()
    return status, body, {"Content-Type": JSON_TYPE}
