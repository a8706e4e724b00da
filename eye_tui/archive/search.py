"""Full-text search: turning what a person typed into a safe FTS5 query."""

import codecs
import heapq
import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable, Iterator

from eye_tui.archive.packing import DAMAGED, unpack_html
from eye_tui.matching import (
    MAX_WORDS,
    WORD,
    ends_a_contraction,
    has_something_to_find,
    literal_parts,
    match_pattern,
    query_words,
    word_groups,
)
from eye_tui.text import html_to_prose

# Highlight markers around matched words in snippets. They are control characters, which
# clean_text removes from every stored text, so feed text can never fake one.
MATCH_START = "\x02"
MATCH_END = "\x03"
# Title matches count for more than body matches.
RANK = "bm25(post_search, 8.0, 1.0)"
SNIPPET_WORDS = 16
# Letters an unfinished word needs before it is searched while being typed: "c" or "co"
# starts a word in nearly every post, and the index merges every such word to answer
# (a second, at 100,000 posts, for one letter; "cou" costs 8 ms).
PREFIX_FROM = 3


def fts_query(text: str, is_word: Callable[[str], bool] = lambda word: False) -> str:
    """Words only, each quoted: FTS5 operators typed by a person are searched as words.
    Words the person put in quotes are one FTS5 phrase (side by side, in that order); a
    word or phrase after a minus leaves its posts out, once something is asked for.

    The last word matches as a prefix, so results follow the typing, unless it is already
    a whole word of the archive (`is_word`): prefix queries cost FTS5 a scan of every
    word sharing the prefix, ten times the work, and snippets repeat it for every row.
    """
    groups = word_groups(text)
    if all(group.left_out for group in groups):
        return ""  # nothing asked for (and FTS5's NOT needs something to take from)
    last = groups[-1].words[-1]
    star = "" if is_word(last.group()) or ends_a_contraction(text, last) else "*"
    wanted: list[list[str]] = []  # each: one group, or several joined by OR
    unwanted: list[str] = []
    for n, group in enumerate(groups):
        quoted = exactly(" ".join(word.group() for word in group.words))
        quoted += star if n == len(groups) - 1 else ""
        if group.left_out:
            unwanted.append(quoted)
        elif group.either:
            wanted[-1].append(quoted)
        else:
            wanted.append([quoted])
    # In brackets: FTS5's OR binds looser than the words around it, a person's closer.
    # FTS5 reads words side by side as AND, but not beside brackets: said there.
    asked = [f"({' OR '.join(each)})" if len(each) > 1 else each[0] for each in wanted]
    joint = " AND " if any(len(each) > 1 for each in wanted) else " "
    return joint.join(asked) + "".join(f" NOT {each}" for each in unwanted)


def typed_far_enough(text: str, is_word: Callable[[str], bool]) -> str:
    """The part of a query being typed that is worth searching yet: all of it, unless its
    last word is unfinished and shorter than PREFIX_FROM (a whole word, "A6", is fine)."""
    if not has_something_to_find(text):  # "!!!", or "-fete" with nothing asked for
        return ""
    words = list(WORD.finditer(text))
    if not words or len(words) > MAX_WORDS:
        return text
    last = words[-1]
    if len(last.group()) >= PREFIX_FROM or is_word(last.group()):
        return text
    if ends_a_contraction(text, last):
        return text
    return text[: last.start()].rstrip()


def archive_words(connection: sqlite3.Connection) -> Callable[[str], bool]:
    """`is_word` for fts_query: is this a word the search index holds? The index is asked
    for one post with it, which it finds at once; its word list (post_search_words)
    counts every post with the word before it answers: 30-45 ms for a word in all of
    100,000 posts, asked twice a keystroke."""

    def is_word(word: str) -> bool:
        return (
            connection.execute(
                "SELECT 1 FROM post_search WHERE post_search MATCH ? LIMIT 1", (exactly(word),)
            ).fetchone()
            is not None
        )

    return is_word


# Each refresh adds a segment to the search index and FTS5 merges them only in fours:
# an archive built page by page kept 13 at 100,000 posts, and every word searched is
# looked up in each (a word in most posts: 18 ms a search there, 12 ms in one segment).
SEGMENTS_AT_MOST = 8


def tidy_index(connection: sqlite3.Connection) -> bool:
    """Merge the search index into one segment once more than SEGMENTS_AT_MOST have piled
    up (3 s at 100,000 posts, a tenth of a second at 5,000); True if it did."""
    (segments,) = connection.execute("SELECT count(DISTINCT segid) FROM post_search_idx").fetchone()
    if segments <= SEGMENTS_AT_MOST:
        return False
    connection.execute("INSERT INTO post_search (post_search) VALUES ('optimize')")
    return True


def exactly(words: str) -> str:
    """An FTS5 query for this word whole, or these words side by side (the index folds
    case and accents itself). Words hold no quote mark: WORD finds them."""
    return f'"{words}"'


def plain_snippet(snippet: str) -> str:
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")


def snippet_from_html(html: str, query: str) -> str:
    """A snippet of a post's body: only the stretch of HTML around the match is converted,
    so a 200 KB post costs no more than a short one."""
    pattern = match_pattern(query)
    if pattern is None:
        return literal_snippet(html_to_prose(html), literal_parts(query))
    return _snippet_around(html, query, _first_match(html, query_words(query), pattern))


def snippet_from_packed(body: bytes | str | None, query: str) -> str:
    """The same from a stored (compressed) body, unpacking only as far as the first
    match and the words after it: the 200 KB posts that common words find cost no more
    to snippet than short ones. Each stretch unpacked is looked through once."""
    if not isinstance(body, bytes):
        return snippet_from_html(unpack_html(body), query)
    pattern, words = match_pattern(query), query_words(query)
    if pattern is None:  # punctuation alone, searched as typed: rare, read whole
        return snippet_from_html(unpack_html(body), query)
    # A word cut off at the end of what is unpacked so far may not end there: places
    # that close to the end are looked at again once more is unpacked.
    margin = max(map(len, words)) + 1
    text, found, looked_to = "", None, 0
    for text, whole in _unpacked_prefixes(body):
        if found is None:
            until = len(text) if whole else max(0, len(text) - margin)
            found = _first_match(text, words, pattern, looked_to, until)
            looked_to = until
        if whole or (found is not None and len(text) - found > 4_000):
            break
    return _snippet_around(text, query, found)


def _snippet_around(html: str, query: str, found: int | None) -> str:
    center = found if found is not None else 0
    start = html.rfind(">", 0, max(0, center - 300)) + 1  # just after a tag ends
    end = html.find("<", center + 700)
    end = len(html) if end == -1 else end
    snippet = make_snippet(html_to_prose(html[start:end]), query)
    if start > 0 and snippet and not snippet.startswith("…"):
        snippet = "…" + snippet
    if end < len(html) and snippet and not snippet.endswith("…"):
        snippet += "…"
    return snippet


def _unpacked_prefixes(body: bytes, step: int = 32_768) -> Iterator[tuple[str, bool]]:
    """Ever longer starts of a packed body, and whether each is the whole of it."""
    unpacker = zlib.decompressobj()
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    parts: list[str] = []
    pending = body
    try:
        while True:
            parts.append(decoder.decode(unpacker.decompress(pending, step)))
            pending = unpacker.unconsumed_tail
            if not pending:
                parts.append(decoder.decode(unpacker.flush(), final=True))
                yield "".join(parts), True
                return
            yield "".join(parts), False
    except zlib.error:
        yield DAMAGED, True


def _first_match(
    html: str,
    words: list[str],
    pattern: re.Pattern[str],
    start: int = 0,
    until: int | None = None,
) -> int | None:
    """Where the query's first whole match is (one that starts in html[start:until]). A
    case-blind regex with word boundaries tries every position of a body; str.find jumps
    to each place a word is written as typed, Capitalised or in CAPITALS, and the regex
    only checks those, earliest first, so the search stops at the first that matches
    ("onden" is inside many words: finding them all first cost most of a search). None
    when there is none (a title-only match): the snippet is the body's start, where
    make_snippet still marks words written otherwise ("eNDERBY", or "Café" for "cafe")."""
    until = len(html) if until is None else until
    spellings = {form for word in words for form in (word.lower(), word.capitalize(), word.upper())}
    places = [
        (at, form) for form in spellings if (at := html.find(form, start, until + len(form))) >= 0
    ]
    heapq.heapify(places)
    for _ in range(_PLACES_TRIED):
        if not places:
            return None
        at, form = places[0]
        if pattern.match(html, at):
            return at
        following = html.find(form, at + 1, until + len(form))
        if following >= 0:
            heapq.heapreplace(places, (following, form))
        else:
            heapq.heappop(places)
    return None


_PLACES_TRIED = 400  # a body with no whole match among its first 400 near-misses: none


def make_snippet(text: str, query: str, size: int = SNIPPET_WORDS) -> str:
    """About `size` words of `text` around the first match, matched words marked.

    Made here rather than by FTS5's snippet(), which cost 2-3 ms a row for two-word
    searches at 100,000 posts; a regular expression finds the spot in microseconds.
    """
    words = query_words(query)
    pattern = match_pattern(query)
    if pattern is None:
        return ""
    found = pattern.search(text) or _folded_match(text, words)
    start, _ = _lead_in(text, found.start() if found else 0, size)
    window = []
    for token in WORD.finditer(text, start):
        window.append(token)
        if len(window) == size:
            break
    if not window:
        return ""
    parts: list[str] = []
    position = window[0].start()
    for token in window:
        parts.append(text[position : token.start()])
        word = token.group()
        marked = pattern.fullmatch(word) or (found and token.start() == found.start())
        parts.append(f"{MATCH_START}{word}{MATCH_END}" if marked else word)
        position = token.end()
    lead = "…" if start > 0 else ""
    tail = "…" if WORD.search(text, position) else ""
    return lead + "".join(parts) + tail


def _lead_in(text: str, at: int, size: int) -> tuple[int, int]:
    """Where a snippet of `size` words around `at` starts: a quarter of its words before
    it, from at most 200 characters back; and how many words that is."""
    words = list(WORD.finditer(text, max(0, at - 200), at))[-(size // 4) :]
    return (words[0].start() if words else at), len(words)


def literal_snippet(text: str, literals: list[str], size: int = SNIPPET_WORDS) -> str:
    """Where punctuation searched as typed ("50%", "(((") first stands in `text`, marked,
    with words either side as make_snippet gives them; "" when it is not there."""
    places = [found for literal in literals if (found := re.search(re.escape(literal), text, re.I))]
    if not places:
        return ""
    found = min(places, key=lambda place: place.start())
    start, before = _lead_in(text, found.start(), size)
    end = found.end()
    for count, token in enumerate(WORD.finditer(text, end), start=before + 1):
        if count >= size:
            break
        end = token.end()
    space = text.find(" ", end)
    end = len(text) if space < 0 else space  # the last word's own punctuation too
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    marked = f"{MATCH_START}{found.group()}{MATCH_END}"
    return f"{lead}{text[start : found.start()]}{marked}{text[found.end() : end]}{tail}"


def _folded_match(text: str, words: list[str]) -> re.Match[str] | None:
    """The first word of `text` that matches once accents are folded ("Café" for "cafe")."""
    if text.isascii() and all(word.isascii() for word in words):
        return None  # folding changes nothing: the plain search already said no
    if all(word.isascii() for word in words):
        # A quick look first: the text with its accents dropped holds none of the words?
        # Then no word of it can match (most title-only matches end here).
        plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
        if not any(fold(word) in plain for word in words):
            return None
    exact = {fold(word) for word in words[:-1]}
    last = fold(words[-1])
    for count, token in enumerate(WORD.finditer(text)):
        folded = fold(token.group())
        if folded in exact or folded.startswith(last):
            return token
        if count > 5000:
            break
    return None


def fold(word: str) -> str:
    """Lower case without accents, as the index's unicode61 tokenizer folds words."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )
