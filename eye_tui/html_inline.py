"""Inline marks html2text loses, or writes in a syntax no terminal reads.

- <sup> and <sub> vanish ("E=mc2", "H2O"): each becomes Unicode's raised or lowered
  characters when every character it holds has one ("E=mc²", "the 1ˢᵗ"), else its words
  in brackets, kept apart from the word before them.
- <abbr title> leaves "*[PC]: Parish Council" at the foot of the post (Markdown Extra's
  syntax): the abbreviation is spelt out in brackets where it is first used, unless the
  post says those words itself.
- A details block's <summary> is the question its answer follows: bold, on its own line.
"""

from eye_tui.html_tree import Element, holding

_RAISED = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_LOWERED = str.maketrans("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_MOST = 12  # longer marks are notes or references, not exponents: words in brackets
_MOST_SPELT = 50  # abbreviations spelt out in one post
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote"}


def inline_marks(root: Element) -> None:
    marks = [e for e in root.elements() if e.tag in ("sup", "sub", "abbr", "summary")]
    # The post's words, read once and only for a post with abbreviations.
    post_words = root.text().casefold() if any(e.tag == "abbr" for e in marks) else ""
    spelt: set[str] = set()
    for element in marks:
        if not element.attached():
            continue
        if element.tag == "summary":
            element.replace_with(_question(element))
        elif element.tag == "abbr":
            _spell_out(element, post_words, spelt)
        elif not any(isinstance(child, Element) for child in element.children):
            element.replace_with(_shifted(element.text(), element.tag == "sup"))
        # A mark holding a link (a footnote's) is left to the footnotes; markup stays.


def _question(summary: Element) -> Element:
    """A summary's words in bold; one holding blocks (a heading) keeps them as they are,
    as bold around a block would be drawn as its asterisks."""
    if any(isinstance(c, Element) and c.tag in _BLOCKS for c in summary.elements()):
        return holding("div", summary.children)
    return holding("p", [holding("strong", summary.children)])


def raised(figures: str) -> str:
    """Figures and signs as Unicode's raised forms ("12" is "¹²"), for footnote marks."""
    return figures.translate(_RAISED)


def _shifted(words: str, up: bool) -> str:
    mark = words.strip()  # "x<sup> 2</sup>" is x²
    shifted = mark.translate(_RAISED if up else _LOWERED)
    # Signs with no raised form (®, †, *) stay as they are; a letter or space without one
    # leaves the whole mark as words.
    pairs = zip(mark, shifted, strict=True)  # one character for one
    unshifted = [a for a, b in pairs if a == b and (a.isalnum() or a.isspace())]
    if mark and len(mark) <= _MOST and not unshifted:
        return shifted
    if any(c.isalnum() for c in mark):
        return f"({mark})"
    return words


def _spell_out(abbr: Element, post_words: str, spelt: set[str]) -> None:
    short, meaning = abbr.text().strip(), " ".join(abbr.attrs.get("title", "").split())
    # Each look through the post's words costs its length: a few dozen, not thousands.
    worth_it = short not in spelt and len(spelt) < _MOST_SPELT and meaning not in ("", short)
    spelt.add(short)
    if worth_it and short and meaning.casefold() not in post_words:  # "BDC (Blaby…)"
        abbr.replace_with(*abbr.children, f" ({meaning})")
    else:
        abbr.replace_with(*abbr.children)
