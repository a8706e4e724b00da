"""A small, forgiving HTML tree: parse a post body, change it, write it back out.

Only the standard library's parser is used: post bodies are fragments, often broken, and
the cleaning pass (wordpress.py) needs to see an element with its children (a picture
with its caption) rather than a stream of tags. Every walk is iterative, and nesting
beyond MAX_DEPTH is flattened, so a hostile 10,000-deep body costs no recursion.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
MAX_DEPTH = 200
# Elements whose start closes an open <p> (HTML's implied end): a stray <div> inside a
# paragraph must not swallow the rest of the post into that paragraph.
_CLOSES_P = {
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None
    # Where among its children the last one replaced was (not a field: no one passes
    # it). The passes go in document order, so the next child looked for is at or after
    # it: a scan from the first child made 10,000 tables in one post take 1.7 s.
    _after = 0

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """All the text inside, whitespace collapsed."""
        return " ".join("".join(_texts(self)).split())

    def elements(self) -> Iterator[Element]:
        """Every element below this one, in document order."""
        stack: list[Element | str] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if isinstance(node, Element):
                yield node
                stack.extend(reversed(node.children))

    def attached(self) -> bool:
        """Still in the tree (not inside something removed meanwhile)?"""
        node = self
        while node.parent is not None:  # a removed element's parent is set to None
            node = node.parent
        return node.tag == "#root"

    def replace_with(self, *nodes: Element | str) -> None:
        if self.parent is None:
            return
        parent, siblings = self.parent, self.parent.children
        index = self._place_among(siblings, min(parent._after, len(siblings)))
        if index is None:
            return
        for node in nodes:
            if isinstance(node, Element):
                node.parent = parent
        siblings[index : index + 1] = list(nodes)
        parent._after = index + len(nodes)
        if not any(node is self for node in nodes):  # (it may stay, with others around it)
            self.parent = None

    def _place_among(self, siblings: list[Element | str], hint: int) -> int | None:
        """This element's index among `siblings`, looked for from `hint` on, then before
        it. (list.index compares elements by identity: they have no == of their own.)"""
        for start, stop in ((hint, len(siblings)), (0, hint)):
            with suppress(ValueError):
                return siblings.index(self, start, stop)
        return None

    def remove(self) -> None:
        self.replace_with()

    def enclosing(self, tag: str) -> Element | None:
        """The nearest element around this one with this tag."""
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    def append(self, node: Element | str) -> None:
        if isinstance(node, Element):
            node.parent = self
        self.children.append(node)


def holding(tag: str, nodes: Iterable[Element | str]) -> Element:
    """A new element holding these nodes, moved into it (what held them is removed or
    replaced after)."""
    element = Element(tag)
    for node in list(nodes):
        element.append(node)
    return element


def _texts(root: Element) -> Iterator[str]:
    stack: list[Element | str] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        else:
            if node.tag == "br":
                yield " "
            stack.extend(reversed(node.children))


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize(root: Element) -> str:
    """The tree as HTML again (text and attributes escaped)."""
    out: list[str] = []
    stack: list[Element | str | tuple[str]] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            out.append(f"</{node[0]}>")
        elif isinstance(node, str):
            out.append(escape(node, quote=False))
        else:
            attrs = "".join(f' {name}="{escape(value)}"' for name, value in node.attrs.items())
            out.append(f"<{node.tag}{attrs}>")
            if node.tag not in VOID:
                stack.append((node.tag,))
                stack.extend(reversed(node.children))
    return "".join(out)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self._open: list[Element] = [self.root]
        self._flattened: dict[str, int] = {}  # tags past MAX_DEPTH, ignored with their ends

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and self._open[-1].tag == "p":
            self._open.pop()
        element = Element(tag, {name: value or "" for name, value in attrs[:50]})
        if tag in VOID:
            self._open[-1].append(element)
            return
        if len(self._open) > MAX_DEPTH:
            self._flattened[tag] = self._flattened.get(tag, 0) + 1
            return
        self._open[-1].append(element)
        self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._flattened.get(tag):
            self._flattened[tag] -= 1
            return
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return
        # An end tag with no open element: ignored, as browsers do.

    def handle_data(self, data: str) -> None:
        if self._open[-1].tag in ("script", "style"):
            return  # never content, never shown
        self._open[-1].append(data)
