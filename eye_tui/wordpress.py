"""WordPress markup, understood before a post is rendered.

What real WordPress feeds carry (classic editor, Gutenberg blocks, wordpress.com,
FeedBurner) and a plain HTML-to-Markdown pass gets wrong:

- embeds (<iframe>, <video>, <audio>, <object>, <embed>, Gutenberg embed blocks) would
  vanish: each becomes a labelled link where it stood, "▶ Video: title (youtube.com)";
- smileys, emoji and wordpress.com maths are images inside a sentence: their alt text;
- captions (<figure>, the classic .wp-caption, galleries, [caption] shortcodes) label
  their picture instead of trailing as loose paragraphs; galleries become lists;
- tracking pixels, share and "like" blocks, FeedBurner flares, "The post X appeared first
  on Y." and the site's own "Tagged with / Posted in / Leave a Reply" lines go.

Block pictures are numbered and labelled here ("Image 3: caption, else alt, else file
name"); render.py writes the placeholders.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from eye_tui.html_emphasis import spaces_outside
from eye_tui.html_inline import inline_marks, raised
from eye_tui.html_tables import tidy_tables
from eye_tui.html_tree import Element, holding, parse, serialize

IMAGE_LABEL = "data-eye-label"  # the placeholder's words, set on each block picture

_SHARE_BLOCKS = {
    "sharedaddy",
    "sd-sharing-enabled",
    "sd-like",
    "jp-relatedposts",
    "jetpack-likes-widget-wrapper",
    "feedflare",
    "wpcnt",
    "addtoany_share_save_container",
    "a2a_kit",
    "wp-block-jetpack-subscriptions",
}
_GALLERIES = {"gallery", "wp-block-gallery", "blocks-gallery-grid", "tiled-gallery"}
_CAPTIONS = {"wp-caption-text", "gallery-caption", "blocks-gallery-item__caption"}
_TRACKERS = ("pixel.wp.com", "stats.wp.com", "stats.wordpress.com", "feeds.feedburner.com")
_SHARE_LINKS = ("feeds.feedburner.com/~ff/", "feeds.wordpress.com/1.0/", "addtoany.com/")
_INLINE_IMAGES = ("/images/core/emoji/", "/images/smilies/", "latex.php", "/latex/")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "dailymotion")
_AUDIO_HOSTS = ("soundcloud.com", "spotify.com", "mixcloud.com", "anchor.fm", "podbean.com")
_OTHER_EMBEDS = {
    "facebook.com": "Facebook post",
    "twitter.com": "Tweet",
    "x.com": "Tweet",
    "instagram.com": "Instagram post",
    "google.com": "Map",
}
_BOILERPLATE = re.compile(
    r"(tagged with:.*|posted in .{1,100}|filed under:? .{1,100}|leave a (reply|comment)"
    r"|%d bloggers like this:?|like this:?|share this:?|like loading\.*|related)",
    re.IGNORECASE,
)
_APPEARED_FIRST = re.compile(r"^The post .+ appeared first on .+\.?$", re.DOTALL)
_CAPTION_SHORTCODE = re.compile(r"\[caption[^\]]{0,500}\](.{0,20000}?)\[/caption\]", re.DOTALL)
_PICTURE_THEN_TEXT = re.compile(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.DOTALL)
_TEXT_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "section"}


def clean_post_html(html: str, base_url: str = "") -> str:
    """The post's HTML with WordPress's furniture turned into what a reader should see.
    (`base_url` resolves relative addresses, to name an embed's host.)"""
    root = parse(_CAPTION_SHORTCODE.sub(_caption_to_figure, html))
    for element in list(root.elements()):
        if not element.attached():
            continue  # inside something already removed
        if element.classes() & _SHARE_BLOCKS or _is_share_link(element):
            element.remove()
        elif "wp-block-file" in element.classes():
            _file_block(element)
        elif element.tag == "cite" and element.parent and element.parent.tag == "blockquote":
            _attribution(element)
        elif element.tag in ("iframe", "video", "audio", "object", "embed") or (
            element.tag == "figure" and "wp-block-embed" in element.classes()
        ):
            _replace_embed(element, base_url)
    _drop_boilerplate(root)
    _label_pictures(root)
    inline_marks(root)  # before the footnotes: their marks are <sup> too
    _footnotes(root)
    _definitions(root)
    _countdowns(root)
    tidy_tables(root)
    spaces_outside(root)
    return serialize(root)


# -- embeds ---------------------------------------------------------------------------------


def _replace_embed(element: Element, base_url: str) -> None:
    url = _embed_address(element)
    figure = element if element.tag == "figure" else element.enclosing("figure")
    captions = [e for e in figure.elements() if e.tag == "figcaption"] if figure is not None else []
    caption = captions[0].text() if captions else ""
    player = next((e for e in element.elements() if e.tag == "iframe"), element)
    title = player.attrs.get("title", "").strip() or caption
    if captions and title == caption:
        captions[0].remove()  # it labels the link now: not said twice below it
    host = _host(_joined(base_url, url))
    kind = _embed_kind(element, host)
    label = f"▶ {kind}: {title}" if title else f"▶ {kind}"
    if host:
        label += f" ({host})"
    replacement = Element("p")
    if url:
        link = Element("a", {"href": _watch_address(url)})
        link.append(label)
        replacement.append(link)
    else:
        replacement.append(label)
    target = figure if figure is not None and "wp-block-embed" in figure.classes() else element
    target.replace_with(replacement)


def _embed_address(element: Element) -> str:
    if element.tag == "figure":  # a Gutenberg embed whose iframe the feed left out
        for inner in element.elements():
            if inner.tag in ("iframe", "video", "audio", "object", "embed"):
                return _embed_address(inner)
        return next((w for w in element.text().split() if w.startswith("http")), "")
    for name in ("src", "data"):
        if element.attrs.get(name):
            return element.attrs[name].strip()
    for inner in element.elements():  # <video><source src>, <object><param value>
        if inner.tag == "source" and inner.attrs.get("src"):
            return inner.attrs["src"].strip()
        if inner.tag == "param" and inner.attrs.get("name", "").lower() in ("movie", "src"):
            return inner.attrs.get("value", "").strip()
    return ""


def _embed_kind(element: Element, host: str) -> str:
    classes = " ".join(element.classes())
    if element.tag == "video" or "is-type-video" in classes or host.endswith(_VIDEO_HOSTS):
        return "Video"
    if element.tag == "audio" or "is-type-audio" in classes or host.endswith(_AUDIO_HOSTS):
        return "Audio"
    for site, kind in _OTHER_EMBEDS.items():
        if host == site or host.endswith("." + site):
            return kind
    return "Embedded media" if element.tag in ("object", "embed") else "Embedded page"


def _watch_address(url: str) -> str:
    """An embed's player address as the page a person would open."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return url
    if host in ("youtube.com", "youtube-nocookie.com") and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.split('/')[2]}"
    if host == "player.vimeo.com" and parts.path.startswith("/video/"):
        return f"https://vimeo.com/{parts.path.split('/')[2]}"
    return url


# -- pictures -------------------------------------------------------------------------------


def _label_pictures(root: Element) -> None:
    """Smileys become words, pixels go, captions label their picture, block pictures
    are numbered, and galleries become lists."""
    number = 0
    for image in [e for e in root.elements() if e.tag == "img"]:
        if _is_tracker(image):
            _remove_with_empty_link(image)
        elif _is_inline(image):
            image.replace_with(image.attrs.get("alt", ""))
        else:
            number += 1
            caption = _take_caption(image)
            name = _file_name(image.attrs.get("src", ""))
            words = caption or image.attrs.get("alt", "").strip() or name
            image.attrs[IMAGE_LABEL] = f"Image {number}: {words}" if words else f"Image {number}"
    for gallery in [e for e in root.elements() if e.classes() & _GALLERIES]:
        if gallery.attached():
            _gallery_to_list(gallery)


def _is_tracker(image: Element) -> bool:
    if any(_pixels(image.attrs.get(side, "")) <= 2 for side in ("width", "height")):
        return True
    source = image.attrs.get("src", "")
    return _host(source).endswith(_TRACKERS) or "/~r/" in source or "/b.gif?" in source


_UNDECLARED = 10_000  # a side with no size given: as large as anything
_ICON_PIXELS = 32


def _pixels(value: str) -> int:
    digits = re.match(r"\s*(\d{1,6})\s*(px)?\s*$", value)
    return int(digits[1]) if digits else _UNDECLARED


def _is_inline(image: Element) -> bool:
    classes = image.classes()
    if classes & {"wp-smiley", "emoji", "latex"}:
        return True
    if any(marker in image.attrs.get("src", "") for marker in _INLINE_IMAGES):
        return True
    # An icon (a file's beside its link, a small logo) is no picture worth a line.
    sides = [_pixels(image.attrs.get(side, "")) for side in ("width", "height")]
    declared = [pixels for pixels in sides if pixels != _UNDECLARED]
    return bool(declared) and max(declared) <= _ICON_PIXELS


def _take_caption(image: Element) -> str:
    """The caption of the figure (or classic caption box) holding only this picture,
    taken out of the tree so it is not shown twice."""
    box = image.parent
    while box is not None and box.tag != "#root":
        if box.tag == "figure" or box.classes() & {"wp-caption", "gallery-item"}:
            break
        box = box.parent
    if box is None or box.tag == "#root":
        return ""
    if sum(1 for e in box.elements() if e.tag == "img") != 1:
        return ""  # a gallery's one caption belongs to the whole gallery
    for element in box.elements():
        if element.tag == "figcaption" or element.classes() & _CAPTIONS:
            words = element.text()
            element.remove()
            return words
    return ""


def _gallery_to_list(gallery: Element) -> None:
    listing = Element("ul")
    for image in [e for e in gallery.elements() if e.tag == "img"]:
        item = Element("li")
        wrapper = image.enclosing("a")
        item.append(wrapper if wrapper is not None else image)
        listing.append(item)
    gallery_caption = [
        e for e in gallery.children if isinstance(e, Element) and e.tag == "figcaption"
    ]
    gallery.replace_with(listing, *gallery_caption)


def _remove_with_empty_link(image: Element) -> None:
    link = image.enclosing("a")
    image.remove()
    if link is not None and not link.text():
        link.remove()


def _file_name(source: str) -> str:
    try:
        path = urlsplit(source).path
    except ValueError:  # "http://[x" from a hostile feed
        return ""
    return PurePosixPath(unquote(path)).name[:80]


def _caption_to_figure(found: re.Match[str]) -> str:
    """Old posts keep the [caption] shortcode: picture, then its words, in one box."""
    picture = _PICTURE_THEN_TEXT.match(found[1])
    if picture is None:
        return found[1]
    return f"<figure>{picture[1]}<figcaption>{picture[2].strip()}</figcaption></figure>"


def _file_block(block: Element) -> None:
    """The file block names a document three times (a preview, its name, "Download"):
    its name, as a link on a line of its own, is enough."""
    for part in list(block.elements()):
        if part.attached() and (part.classes() & {"wp-block-file__embed", "wp-block-file__button"}):
            part.remove()
    block.tag = "p"


def _attribution(cite: Element) -> None:
    """A quote block's <cite> names who said it: "— Mrs Patel", as print sets it, not a
    last line of the quote that reads as if she had said her own name."""
    said_by = cite.text().strip()
    if said_by and not said_by.startswith(("—", "–", "―", "-", "~")):
        cite.children.insert(0, "— ")


def _definitions(root: Element) -> None:
    """A definition list reads as "Venue: Village hall", a line each: Markdown has no
    such list, and its indented definitions ran on into one line with every term."""
    for listing in [e for e in root.elements() if e.tag == "dl"]:
        if not listing.attached():
            continue
        lines: list[Element | str] = []
        term: Element | None = None
        for part in listing.children:
            if isinstance(part, Element) and part.tag == "dt":
                lines += [term] if term is not None else []
                term = holding("p", [holding("strong", part.children)])
            elif isinstance(part, Element) and part.tag == "dd" and not _has_blocks(part):
                if term is None:
                    lines.append(holding("p", part.children))
                else:
                    lines.append(holding("p", [*term.children, ": ", *part.children]))
                    term = None
            elif isinstance(part, Element):  # a definition of paragraphs: after its term
                lines += [term] if term is not None else []
                term = None
                lines.append(holding("div", part.children))
            elif part.strip():
                lines.append(part)
        listing.replace_with(*lines, *([term] if term is not None else []))


def _countdowns(root: Element) -> None:
    """A reversed list (the list block's "Reverse order": a top-ten countdown) counts down
    from its start, else from its number of items, which the Markdown pass cannot see
    when it meets the list: the start is written on it here."""
    for listing in root.elements():
        if listing.tag != "ol" or "reversed" not in listing.attrs:
            continue
        if not listing.attrs.get("start", "").strip().isdigit():
            items = [c for c in listing.children if isinstance(c, Element) and c.tag == "li"]
            listing.attrs["start"] = str(len(items))


# -- links, footnotes and boilerplate -------------------------------------------------------


def _is_share_link(element: Element) -> bool:
    if element.tag != "a":
        return False
    href = element.attrs.get("href", "")
    if any(marker in href for marker in _SHARE_LINKS):
        return True
    query = href.partition("?")[2].partition("#")[0]  # no urlsplit: it can raise
    return "share" in parse_qs(query)  # Jetpack's "?share=facebook" buttons


def _footnotes(root: Element) -> None:
    """Links within the post (footnote marks, their back-links, a table of contents)
    lead nowhere from a terminal: marks become superscript numbers, back-links go."""
    for link in [e for e in root.elements() if e.tag == "a"]:
        href = link.attrs.get("href", "")
        if not href.startswith("#") or not link.attached():
            continue
        words = link.text()
        # (A heading's "#" or "¶" is a permalink to itself: nothing to read.)
        if (
            words in ("↩", "↩︎", "↑", "^", "#", "¶", "§", "🔗")
            or "footnote-backref" in link.classes()
        ):
            link.remove()
        elif words.isdigit() and link.enclosing("sup") is not None:
            link.replace_with(raised(words))
        else:
            link.replace_with(*link.children)


def _drop_boilerplate(root: Element) -> None:
    for block in [e for e in root.elements() if e.tag in _TEXT_BLOCKS]:
        if block.attached() and _APPEARED_FIRST.match(block.text()):
            block.remove()
    # The site's own closing lines, only at the very end: the same words in the middle
    # of a post are the author's.
    blocks = [e for e in root.elements() if e.tag in _TEXT_BLOCKS and not _has_blocks(e)]
    for block in reversed(blocks):
        words = block.text()
        if words and not _BOILERPLATE.fullmatch(words):
            break
        if block.attached() and not any(e.tag == "img" for e in block.elements()):
            block.remove()


def _has_blocks(element: Element) -> bool:
    return any(e.tag in _TEXT_BLOCKS for e in element.elements())


def _joined(base_url: str, url: str) -> str:
    try:
        return urljoin(base_url, url)
    except ValueError:
        return url


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
