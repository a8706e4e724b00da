"""Post HTML -> Markdown for the terminal (html2text), with a numbered table of links.

Images become labelled placeholders on their own line ("[Image: alt]") instead of being
dropped or glued into the prose; links are numbered [1], [2]... with the list at the end,
and `links` keeps the same numbering so the reader can open link N.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import html2text
from html2text.elements import AnchorElement
from html2text.utils import escape_md_section

from eye_tui.links import splittable
from eye_tui.model import Comment, StoredPost
from eye_tui.text import clean_label, clean_text, human_size, local_time
from eye_tui.wordpress import IMAGE_LABEL, clean_post_html

# Quotes and lists deeper than this are flattened: 10,000 levels of indentation would be
# an attack on memory and on the reader's eyes, not a layout.
MAX_NESTING = 8
_NESTING_TAGS = {"blockquote": "quote", "ul": "list", "ol": "list", "dl": "list"}
# How much HTML the first, quick pass renders so the reader can paint at once.
QUICK_PREFIX = 12_000
# How much of one post is ever rendered: a few seconds of work in the background at
# most, whatever a feed sends (a body may be stored up to 20 MB).
MAX_RENDERED = 1_000_000


@dataclass(frozen=True, slots=True)
class RenderedBody:
    markdown: str
    links: tuple[str, ...]  # links[n - 1] is the target of [n]
    complete: bool = True  # False for the quick first pass of a long post
    link_labels: tuple[str, ...] = ()  # the words of link [n], as the post shows them
    pictures: tuple[str, ...] = ()  # pictures[n - 1]: the address of "Image n"
    picture_labels: tuple[str, ...] = ()  # "Image n: its caption", as the pane shows it


def render_body(html: str, base_url: str = "", *, width: int = 0) -> RenderedBody:
    """The whole body as Markdown (up to MAX_RENDERED characters of HTML)."""
    if len(html) > MAX_RENDERED:
        cut = html.rfind(">", 0, MAX_RENDERED) + 1 or MAX_RENDERED
        html = html[:cut] + (
            f"<p><em>This post is {human_size(len(html))}; the first "
            f"{human_size(cut)} is shown here. The whole post is at its address.</em></p>"
        )
    converter = _Converter(base_url, width)
    markdown = converter.handle(clean_post_html(html, converter.baseurl))
    return RenderedBody(
        _tidy(markdown),
        tuple(converter.link_targets),
        link_labels=tuple(converter.link_labels),
        pictures=tuple(converter.pictures),
        picture_labels=tuple(converter.picture_labels),
    )


def render_body_quick(html: str, base_url: str = "") -> RenderedBody:
    """The start of a long body, cut at a tag boundary, to show while the rest renders."""
    if len(html) <= QUICK_PREFIX:
        return render_body(html, base_url)
    cut = html.rfind(">", 0, QUICK_PREFIX) + 1 or QUICK_PREFIX
    body = render_body(html[:cut], base_url)
    return replace(body, complete=False)


def render_post_markdown(post: StoredPost, comments: Sequence[Comment] = ()) -> str:
    """A whole post for `eye-tui show`: heading, byline, tags, body, links, comments."""
    summary = post.summary
    lines = [f"# {summary.title}", ""]
    byline = local_time(summary.published)
    if summary.author:
        byline += f" · {summary.author}"
    lines.append(byline)
    if summary.categories:
        lines.append("Posted in " + ", ".join(summary.categories))
    if summary.tags:
        lines.append("Tags: " + ", ".join(summary.tags))
    if summary.link:
        lines.append(f"<{summary.link}>")
    lines += ["", render_body(post.html, summary.link).markdown]
    if comments:
        lines += ["", f"## Comments ({len(comments)})", ""]
        for comment in comments:
            reply = "↳ " * min(comment.depth, 5)  # replies under the comment they answer
            lines += [
                f"{reply}**{comment.author or 'Anonymous'}** · "
                f"{local_time(comment.published, with_day=False)}",
                "",
                render_body(comment.html, comment.link).markdown,
                "",
            ]
    return clean_text("\n".join(lines).rstrip() + "\n")


class _Converter(html2text.HTML2Text):
    """html2text with image placeholders and a record of the numbered links."""

    def __init__(self, base_url: str, width: int) -> None:
        super().__init__(baseurl=splittable(base_url), bodywidth=width)
        self.inline_links = False  # numbered references, listed at the end
        self.wrap_links = False
        self.unicode_snob = True  # keep £, – and ’ as they are, not ASCII stand-ins
        self.ignore_emphasis = False
        # "*" for emphasis works inside words too, so html2text need not add a space after
        # it ("(right now) , but"); and every Markdown character an author typed is
        # escaped, so "**x**" or a leading "#" in a post is shown exactly as typed.
        self.emphasis_mark = "*"
        self.escape_snob = True
        # A link whose words are its address is numbered too ("<http://…>" otherwise),
        # so every link of a post is in the table and the links view.
        self.use_automatic_links = False
        self.link_targets: list[str] = []
        self.link_labels: list[str] = []
        self.pictures: list[str] = []  # each numbered picture's own address (its src)
        self.picture_labels: list[str] = []
        self._label_parts: list[list[str]] = []  # words of each open <a>, innermost last
        # html2text finds a repeated link by scanning every link so far: quadratic, 6 s
        # for a post of 10,000 links. The same answer from a dictionary.
        self._link_index: dict[tuple[str | None, str | None], int] = {}
        self._tables = 0  # tables open (one inside another's cell is part of it)
        self._countdown: list[bool] = []  # for each list open, whether it counts down
        self._open = {"quote": 0, "list": 0}  # nesting levels passed on to html2text
        self._flattened = {"quote": 0, "list": 0}  # levels beyond MAX_NESTING, dropped

    def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
        for name in ("href", "src"):
            if attrs.get(name):  # html2text joins these with the base address itself
                attrs[name] = splittable(str(attrs[name]))
        if tag == "a" and start and not (attrs.get("href") or "").strip():
            # No address (the feed's sanitiser empties javascript: links): words, not a
            # link back to this very post.
            attrs.pop("href", None)
        if tag == "img":
            if start:
                self._image_placeholder(attrs)
            return
        kind = _NESTING_TAGS.get(tag)
        if kind is not None and self._too_deep(kind, start):
            return
        words: list[str] = []
        if tag == "a":
            if start:
                self._label_parts.append([])
            elif self._label_parts:
                words = self._label_parts.pop()
        outermost_table = False
        if tag == "table":
            if start:
                self._tables += 1
            outermost_table = self._tables == 1
            if not start:  # (a stray </table> never takes the count below nothing)
                self._tables = max(0, self._tables - 1)
        count_before = self.acount
        countdown = tag == "ol" and start and "reversed" in attrs
        if countdown and self.list:
            # Markdown lets only a list from 1 interrupt a line: a blank line first, or
            # the countdown inside a list item would run on from the item's words.
            self.p()
        super().handle_tag(tag, attrs, start)
        if tag in ("ol", "ul"):  # html2text counts up only (wordpress.py set the start)
            if start:
                self._countdown.append(countdown)
            elif self._countdown:
                self._countdown.pop()
        elif tag == "li" and start and self.list and self._countdown and self._countdown[-1]:
            # It was just numbered: the next is one less, down to 0 (Markdown has no -1.).
            self.list[-1].num = max(-1, self.list[-1].num - 2)
        if outermost_table:
            # Markdown goes on with a table to the next blank line: without one, the
            # words or the table after it were drawn as its rows.
            self.p()
        if self.acount > count_before:  # html2text numbered a new link: note its target
            self._link_index.setdefault(_link_key(self.a[-1].attrs), len(self.a) - 1)
            href = self.a[-1].attrs.get("href") or ""
            self.link_targets.append(clean_label(urljoin(self.baseurl, href), 2000))
            self.link_labels.append(clean_label(" ".join("".join(words).split()), 200))

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        if self._label_parts:
            self._label_parts[-1].append(data)
        if not self.stressed:
            self.preceding_stressed = False  # no space pushed in after emphasis
        elif data.strip() and data[-1:].isspace():
            # html2text strips the first words inside emphasis on both sides, which
            # glued "<b>Prizes &amp; results</b>" into "Prizes& results".
            super().handle_data(data.rstrip(), entity_char)
            self.preceding_stressed = False
            super().handle_data(" ")
            return
        super().handle_data(data, entity_char)

    def _too_deep(self, kind: str, start: bool) -> bool:
        """Track nesting; True when this tag is past MAX_NESTING and must be dropped."""
        if start:
            if self._open[kind] >= MAX_NESTING:
                self._flattened[kind] += 1
                return True
            self._open[kind] += 1
            return False
        if self._flattened[kind]:
            self._flattened[kind] -= 1
            return True
        self._open[kind] = max(0, self._open[kind] - 1)
        return False

    def _image_placeholder(self, attrs: dict[str, str | None]) -> None:
        # wordpress.py numbered and labelled the picture (caption, alt, file name).
        text = clean_label(attrs.get(IMAGE_LABEL) or "", 200)
        if text:
            self.pictures.append(clean_label(urljoin(self.baseurl, attrs.get("src") or ""), 2000))
            self.picture_labels.append(text)
        if not text:
            label = clean_label(attrs.get("alt") or attrs.get("title") or "", 200)
            text = f"Image: {label}" if label else "Image"
        text = escape_md_section(text, snob=True)
        if self._label_parts:
            self._label_parts[-1].append(text)
        in_list = bool(self.list)  # a gallery's list item keeps its picture
        if not in_list:
            self.p()
        if self.astack and self.astack[-1] is not None and self.empty_link:
            # An image that is a link (WordPress links photos to the full size): the
            # placeholder becomes the link's text, "[Image: alt][2]".
            self.o("[" + text)
            self.empty_link = False
            self.maybe_automatic_link = None
            return
        source = attrs.get("src")
        if source:
            # A picture on its own is numbered like a link, so the reader can open it.
            self.o(f"[{text}][{self._number_link(source, text)}]")
        else:
            self.o(f"\\[{text}\\]")
        if not in_list:
            self.p()

    def previousIndex(self, attrs: dict[str, str | None]) -> int | None:
        """html2text's own lookup (same href, same title or none), in constant time."""
        if "href" not in attrs:
            return None
        return self._link_index.get(_link_key(attrs))

    def _number_link(self, href: str, label: str) -> int:
        """Give `href` html2text's next reference number (or its existing one)."""
        attrs: dict[str, str | None] = {"href": href}
        index = self.previousIndex(attrs)
        if index is not None:
            return self.a[index].count
        self.acount += 1
        self.a.append(AnchorElement(attrs, self.acount, self.outcount))
        self._link_index.setdefault(_link_key(attrs), len(self.a) - 1)
        self.link_targets.append(clean_label(urljoin(self.baseurl, href), 2000))
        self.link_labels.append(clean_label(label, 200))
        return self.acount


def _link_key(attrs: dict[str, str | None]) -> tuple[str | None, str | None]:
    return attrs.get("href"), attrs.get("title")


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines that html2text leaves around placeholders, and
    write its line breaks (<br>: two trailing spaces) as a backslash, which no editor
    or terminal strips away."""
    raw = markdown.splitlines()
    lines: list[str] = []
    for index, line in enumerate(raw):
        if not line.strip() and lines and not lines[-1].strip():
            continue
        following = raw[index + 1] if index + 1 < len(raw) else ""
        # (Table rows end in two spaces too; they are not line breaks.)
        if line.endswith("  ") and line.strip() and following.strip() and "|" not in line:
            lines.append(line.rstrip() + "\\")
        else:
            lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")
