"""Cleaning untrusted feed text so it can never act on the terminal or disguise itself.

Every text field taken from a feed passes through `clean_text` (bodies, comments) or
`clean_label` (titles, authors, tags, links) before it is stored, and again before it is
printed, so nothing that reaches a terminal can hold a control sequence.
"""

import re
import unicodedata
import zlib
from datetime import datetime
from html import unescape

# C0 and C1 controls except tab and newline; DEL too. ESC (\x1b) and CSI (\x9b) are in here,
# so no escape sequence survives: its introducer is gone and the rest is inert text.
_CONTROLS = "".join(
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
# Bidi embeddings, overrides and isolates can make text display in another order than it
# reads ("Trojan Source"); strip them from everything.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Zero-width and invisible characters can hide inside a title or a link to disguise it.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"

# Non-characters (U+FDD0-U+FDEF, and the last two code points of every plane) are
# never text; some terminals and tools misbehave on them.
_NONCHARACTERS = "".join(chr(c) for c in range(0xFDD0, 0xFDF0)) + "".join(
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
)
# A soft hyphen marks where a word may break; a terminal cannot hyphenate, so it either
# draws it as "-" mid-word or not at all, and the search index would split the word there.
_SOFT_HYPHEN = "\u00ad"
_SOFT_HYPHEN_ENTITY = re.compile(r"&(?:shy|#0*173|#[xX]0*[aA][dD]);")  # "&SHY;" is words
_TEXT_TABLE = str.maketrans("", "", _CONTROLS + _BIDI + "\ufeff" + _SOFT_HYPHEN + _NONCHARACTERS)
_LABEL_TABLE = str.maketrans(
    "", "", _CONTROLS.replace("\x09", "") + _BIDI + _INVISIBLE + _NONCHARACTERS
)
# A clean text is the common case: one regex scan in C finds whether there is anything to
# remove at all (str.translate with a deletion table costs a dict lookup per character, a
# fifth of a big feed's ingest). Text with characters beyond the Basic Multilingual Plane
# (emoji) takes the slow path, as the non-characters there would make the scan itself slow.
# ASCII text (a str knows it is, at no cost) can only hold the ASCII controls, and a
# pattern of ASCII alone scans it several times faster.
_ASCII_ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_ODD = re.compile(
    "["
    + re.escape(_CONTROLS + _BIDI + "\ufeff" + _SOFT_HYPHEN)
    + "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\U00010000-\U0010ffff]"
)
_LABEL_ODD = re.compile(
    "["
    + re.escape(_CONTROLS.replace("\x09", "") + _BIDI + _INVISIBLE)
    + "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\U00010000-\U0010ffff]"
)
_SPACES = re.compile(r"\s+")
# Unpaired surrogates (from broken encodings) cannot be written to a UTF-8 terminal or db.
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(value: str | None) -> str:
    """Strip control and bidi characters (and soft hyphens) from multi-line text, keeping
    newlines and tabs."""
    if not value:
        return ""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if (_ASCII_ODD if value.isascii() else _TEXT_ODD).search(value) is None:
        return value
    return _SURROGATES.sub("\ufffd", value.translate(_TEXT_TABLE))


def clean_body(html: str) -> str:
    """A post's or comment's HTML as the archive keeps it: clean_text, and no soft
    hyphen written as an entity either (hyphenation plugins put one in every long word)."""
    html = clean_text(html)
    if "&" not in html or _SOFT_HYPHEN_ENTITY.search(html) is None:
        return html
    return _SOFT_HYPHEN_ENTITY.sub("", html)


def clean_label(value: str | None, max_length: int = 1000) -> str:
    """One line of text for a title, author, tag or link: no controls, no invisibles.

    Long labels are cut (a 100 KB title is an attack, not a headline) with an ellipsis.
    """
    if not value:
        return ""
    value = value[: max_length * 4]  # bound the work before normalising
    if (_ASCII_ODD if value.isascii() else _LABEL_ODD).search(value) is not None:
        value = _SURROGATES.sub("\ufffd", value.translate(_LABEL_TABLE))
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if len(value) > max_length:
        value = value[: max_length - 1].rstrip() + "…"
    return value


def terminal_safe(value: str) -> str:
    """Last line of defence before printing: drop anything that could drive the terminal."""
    return clean_text(value)


def slugify(name: str) -> str:
    """The slug WordPress would give a tag name: lower case, ASCII words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "tag-" + format(abs(hash_text(name)) % 10**8, "d")


def hash_text(value: str) -> int:
    """A stable (not per-process) small hash for naming things with no ASCII letters."""
    return zlib.crc32(value.encode("utf-8", "replace"))


_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_OPENS = re.compile(r"<(script|style)\b", re.IGNORECASE)


def html_to_plain(html: str) -> str:
    """Quick tag strip for search indexing and excerpts (not for display)."""
    # split() and join fold runs of white space as `\s+` would, three times faster.
    return " ".join(html_to_words(html).split())


def html_to_words(html: str) -> str:
    """html_to_plain without folding white space: the words the search index learns. Its
    tokenizer splits on white space anyway, so the two give the same words, and the
    folding was a sixth of the work of making a long document's posts ready to store."""
    if "<s" in html or "<S" in html:  # only then can there be a script or style to drop
        html = _SCRIPT.sub(" ", html)
    return unescape(_TAG.sub(" ", html))


# Tags within a run of words (emphasis, links, spans) go without a trace, so the words
# either side stay one: "Caf<em>é</em>" is "Café", "<em>(now)</em>," keeps its comma.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|s|samp|small"
    r"|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^>]*>",
    re.IGNORECASE,
)


def html_to_prose(html: str) -> str:
    """The words as a reader sees them, for excerpts and search snippets: inline tags
    leave no space, the others (paragraphs, line breaks, cells, pictures) one. (The
    search index keeps html_to_words, which archives were built with.)"""
    if "<s" in html or "<S" in html:
        html = _SCRIPT.sub(" ", html)
    return " ".join(unescape(_TAG.sub(" ", _INLINE_TAG.sub("", html))).split())


def html_title(html: str) -> str:
    """A title given as HTML (Atom's type="html", the API's title.rendered) as the words a
    browser's tab shows: "Road closure on <em>Mill Lane</em>"."""
    return html_to_prose(html)


def plain_start(html: str, length: int) -> str:
    """`html_to_prose(html)[:length]`, reading no more of a long body than it needs.

    The head is cut just after a ">", where no tag or entity can straddle the cut, so its
    text is a prefix of the whole body's (a script or style in it: read it all)."""
    cut = html.rfind(">", 0, length * 4) + 1
    if 0 < cut < len(html) and _SCRIPT_OPENS.search(html, 0, cut) is None:
        head = html_to_prose(html[:cut])
        if len(head) >= length:
            return head[:length]
    return html_to_prose(html)[:length]


def human_size(count: int) -> str:
    """'812 B', '3.4 KB', '12.0 MB'."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def local_time(when: datetime, with_day: bool = True) -> str:
    """A stored UTC time as the reader's local time, with its zone: posts are dated in
    Enderby (Europe/London), and the status line already speaks local time.
    'Thursday 22 October 2015, 10:14 BST'."""
    try:
        local = when.astimezone()
    except (OverflowError, ValueError, OSError):  # the ends of the calendar: say it in UTC
        local = when
    shown = local.strftime("%A %-d %B %Y, %H:%M" if with_day else "%-d %B %Y, %H:%M")
    zone = local.strftime("%Z")
    return f"{shown} {zone}" if zone else shown


def local_date(when: datetime) -> datetime:
    """The local calendar date and time of a stored UTC time (for '22 Oct 2015')."""
    try:
        return when.astimezone()
    except (OverflowError, ValueError, OSError):
        return when
