"""Spaces at the edges of bold, italic, struck-out and linked words, moved outside them.

Editors leave them there all the time ("<strong>Note: </strong>the hall…"), and
Markdown does not close emphasis after a space: "**Note: **the hall" was drawn with its
asterisks showing. A link's closing space put its number after it ("Hall [1]today").
"""

from eye_tui.html_tree import Element

_MARKED = {"strong", "b", "em", "i", "del", "s", "strike", "a"}


def spaces_outside(root: Element) -> None:
    # Children before their parents: a space moved out of <em> inside <strong> is then
    # at <strong>'s edge, and moves out of it too. One pass over each element's children.
    for parent in reversed([root, *root.elements()]):
        if not any(isinstance(c, Element) and c.tag in _MARKED for c in parent.children):
            continue
        children: list[Element | str] = []
        for child in parent.children:
            if isinstance(child, Element) and child.tag in _MARKED:
                lead, trail = _edges(child)
                kept = child.tag == "a" or bool(child.children)  # an empty <b> is a space
                children += [lead] * bool(lead) + [child] * kept + [trail] * bool(trail)
            else:
                children.append(child)
        parent.children = children


def _edges(element: Element) -> tuple[str, str]:
    """The whitespace taken off the start and the end of the element's text."""
    lead = trail = ""
    if element.children and isinstance(element.children[0], str):
        text = element.children[0]
        lead = text[: len(text) - len(text.lstrip())]
        element.children[0] = text.lstrip()
    if element.children and isinstance(element.children[-1], str):
        text = element.children[-1]
        trail = text[len(text.rstrip()) :]
        element.children[-1] = text.rstrip()
    element.children = [c for c in element.children if not isinstance(c, str) or c]
    return lead, trail
